"""Authentication: static tokens, refreshing credentials, token storage.

::

    Boosty()                                          # anonymous: public endpoints only
    Boosty(token="...")                               # a static access token, never refreshed
    creds = Credentials.from_cookies(auth_cookie, client_id)
    Boosty(credentials=creds, token_storage=FileTokenStorage())  # imports, refreshes, persists
    Boosty(token_storage=FileTokenStorage())          # resumes from the stored pair
    Boosty(token_storage=EnvTokenStorage())           # BOOSTY_ACCESS_TOKEN / _REFRESH_TOKEN / _DEVICE_ID
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from .._lazy import lazy_names
from .base import Auth, BearerAuth, NoAuth
from .credentials import Credentials, CredentialsError
from .refreshing import DEFAULT_REFRESH_MARGIN, RefreshingAuth
from .storage import EnvTokenStorage, MemoryTokenStorage, TokenStorage, is_read_only

if TYPE_CHECKING:
    from .file_storage import FileTokenStorage
    from .keyring_storage import KeyringTokenStorage
    from .redis_storage import RedisTokenStorage
else:  # token storages imported on first use (FileTokenStorage: filelock and platformdirs)
    _STORAGES = {
        "FileTokenStorage": "file_storage",
        "KeyringTokenStorage": "keyring_storage",
        "RedisTokenStorage": "redis_storage",
    }
    __getattr__, __dir__ = lazy_names(__name__, _STORAGES, _STORAGES)


__all__ = [
    "Credentials",
    "CredentialsError",
    "EnvTokenStorage",
    "FileTokenStorage",
    "KeyringTokenStorage",
    "MemoryTokenStorage",
    "RedisTokenStorage",
    "TokenStorage",
]


def make_auth(
    api_origin: tuple[str, str],
    token: str | None,
    credentials: Credentials | None,
    token_storage: TokenStorage | None,
    *,
    base_url: str | None = None,
    refresh_margin: float = DEFAULT_REFRESH_MARGIN,
    clock: Callable[[], float] = time.time,
) -> Auth:
    """The :class:`Auth` for a client's arguments (see :class:`boosty.Boosty`).

    ``api_origin`` is ``(scheme, host[:port])`` of the client's ``base_url`` (default
    ``scheme://host``); the refresh goes to ``{base_url}/oauth/token/``.

    * ``token``: :class:`BearerAuth` (static). Combining it with ``credentials`` or
      ``token_storage`` raises :class:`ValueError`.
    * ``credentials`` (and optionally ``token_storage``): a refreshing auth. Given credentials
      are an import: they are saved to ``token_storage`` at once (replacing what it holds,
      unless it is read-only); without a storage the rotated pairs live in a
      :class:`MemoryTokenStorage`.
    * ``token_storage`` alone: resumes from ``token_storage.load()`` (anonymous while it holds
      nothing). A corrupt storage raises :class:`boosty.TokenStorageError` here.
    * nothing: :class:`NoAuth` (anonymous).

    Raises :class:`TypeError` for a ``credentials`` that is not :class:`Credentials` or a
    ``token_storage`` without ``load`` / ``save`` / ``clear``.
    """
    if token and (credentials is not None or token_storage is not None):
        raise ValueError("pass either token= (static) or credentials= / token_storage= (refreshing), not both")
    if token:
        if not isinstance(token, str):
            raise TypeError(f"token must be a str, not {type(token).__name__}")
        return BearerAuth(api_origin, token)
    if credentials is None and token_storage is None:
        return NoAuth(api_origin)
    if credentials is not None and not isinstance(credentials, Credentials):
        raise TypeError(f"credentials must be boosty.Credentials, not {type(credentials).__name__}")
    if token_storage is not None and not isinstance(token_storage, TokenStorage):
        raise TypeError(f"token_storage needs load(), save() and clear(); got {type(token_storage).__name__}")
    storage: TokenStorage
    if token_storage is None:
        storage = MemoryTokenStorage(credentials)
    else:
        storage = token_storage
        if credentials is None:
            credentials = storage.load()
        elif not is_read_only(storage):
            storage.save(credentials)
    return RefreshingAuth(
        api_origin,
        base_url=base_url or f"{api_origin[0]}://{api_origin[1]}",
        credentials=credentials,
        storage=storage,
        refresh_margin=refresh_margin,
        clock=clock,
    )
