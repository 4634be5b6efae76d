"""Uploads: ``POST /v1/media_data/image/`` (raw image body, the upload host's route, served
on the API origin: ``FakeBoosty.upload_base_url``) and ``POST /v1/upload/`` (multipart ``file``).

The image body is read as a stream (hashed, never held whole), so a big upload costs the
fake no memory. Each upload is recorded in ``world.uploads`` (size, sha256, type, name)
and becomes a media item the post that uses it serves.
"""

from __future__ import annotations

import hashlib
from email.parser import BytesParser
from email.policy import HTTP

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .._ctx import ApiError, Ctx, error_response, invalid, ok

__all__ = ["ROUTES"]


def _record(ctx: Ctx, kind: str, size: int, digest: str, content_type: str, name: str) -> str:
    world = ctx.world
    with world.lock:
        media_id = world.new_uuid()
        world.uploads[media_id] = {
            "kind": kind,
            "size": size,
            "sha256": digest,
            "contentType": content_type,
            "name": name,
        }
    ctx.state.dirty = True
    return media_id


async def upload_image(request: Request) -> Response:
    """``POST /v1/media_data/image/`` (user; raw bytes, ``Content-Type: image/*``): the image block."""
    ctx = Ctx(request)
    try:
        ctx.user()
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if not content_type.startswith("image/"):
            raise ApiError(415, "invalid_content_type", "An image body (image/*) is expected")
    except ApiError as exc:
        return error_response(exc)
    digest = hashlib.sha256()
    size = 0
    async for chunk in request.stream():
        digest.update(chunk)
        size += len(chunk)
    if size == 0:
        return error_response(invalid("file", "empty body"))
    media_id = _record(ctx, "image", size, digest.hexdigest(), content_type, "")
    url = f"{ctx.state.media_base}/image/{media_id}"
    return ok({"id": media_id, "type": "image", "url": url, "width": 800, "height": 600, "size": size})


async def upload_file(request: Request) -> Response:
    """``POST /v1/upload/`` (user; multipart field ``file``): ``{id, url, filename, size, contentType}``."""
    ctx = Ctx(request)
    try:
        ctx.user()
        ctype = request.headers.get("content-type", "")
        if not ctype.lower().startswith("multipart/form-data"):
            raise ApiError(415, "invalid_content_type", "multipart/form-data expected")
    except ApiError as exc:
        return error_response(exc)
    body = await request.body()
    message = BytesParser(policy=HTTP).parsebytes(b"Content-Type: " + ctype.encode() + b"\r\n\r\n" + body)
    for part in message.iter_parts():
        if part.get_param("name", header="content-disposition") != "file":
            continue
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes) or not payload:
            break
        name = str(part.get_filename() or "file")
        part_type = part.get_content_type()
        media_id = _record(ctx, "file", len(payload), hashlib.sha256(payload).hexdigest(), part_type, name)
        url = f"{ctx.state.media_base}/file/{media_id}"
        return ok({"id": media_id, "url": url, "filename": name, "size": len(payload), "contentType": part_type})
    return error_response(invalid("file", "a non-empty multipart field 'file' is required"))


ROUTES = [
    Route("/v1/media_data/image/", upload_image, methods=["POST"], name="upload_image"),
    Route("/v1/upload/", upload_file, methods=["POST"], name="upload_file"),
]
