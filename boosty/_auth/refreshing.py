"""Refreshing credentials: proactive refresh, one refresh and retry on 401, rotation, single flight.

The auth is a layer of the client's chain (outermost), written once as a flow
(:mod:`boosty._flow`): it yields the authorised request and gets the response back. A renewal
is a flow too (it yields the refresh :class:`Request`), run by the :class:`_Renewal` step
under one :class:`_Lock` that threads wait for blocking and tasks (of any event loop) await,
so a refresh is single-flight across threads, tasks and both at once.
"""

from __future__ import annotations

import collections
import contextlib
import copy
import logging
import math
import threading
import time
from collections.abc import Callable, Generator
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from .._errors import AuthError, BoostyError, TokenStorageError
from .._flow import Close, Flow, Step
from .._json import loads as decode_json
from .._sender._http import Request, Response
from .._sender.base import Sender, drive
from .base import Auth
from .credentials import Credentials, CredentialsError
from .storage import TokenStorage, is_read_only

if TYPE_CHECKING:  # asyncio loads when an async client first refreshes, not at import
    import asyncio

__all__ = ["DEFAULT_REFRESH_MARGIN", "RETRY_METHODS", "TOKEN_PATH", "RefreshingAuth"]

log = logging.getLogger("boosty.auth")

TOKEN_PATH = "/oauth/token/"
"""The refresh endpoint, on the API origin (the trailing slash is required)."""

DEFAULT_REFRESH_MARGIN = 60.0
"""Seconds before ``expires_at`` at which the access token is refreshed ahead of time."""

RETRY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
"""Methods resent once after a 401 and a refresh. Other methods are not resent (their body
may be a consumed stream or upload, and a write must never run twice); the token is still
refreshed, so calling again succeeds."""

_EXCERPT = 200

Renewal = Generator[Request, Response, "Credentials | None"]


def _text(value: object) -> str | None:
    if isinstance(value, str) and value:
        return value[:_EXCERPT]
    return None


def _seconds(value: object) -> float | None:
    """A JSON number as float seconds, or ``None``: not a number, a bool, or an integer too
    large for a float (JSON allows any number of digits; boosty's decoder already turns
    ``1e999``, ``NaN`` and ``Infinity`` into ``None``)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        return float(value)
    except OverflowError:
        return None


def _clone(error: Exception) -> Exception:
    """A copy of a shared refresh failure, raised again for each request that waited for it."""
    try:
        return copy.copy(error)
    except Exception:
        return error


class _Lock:
    """A lock shared by threads (:meth:`acquire` blocks) and asyncio tasks of any loop
    (:meth:`acquire_async` awaits without blocking the loop).

    :meth:`release` hands the lock straight to the longest waiter, whatever its thread or
    loop; a waiter interrupted or cancelled at that moment passes it on.
    """

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._locked = False
        self._waiters: collections.deque[Callable[[], bool]] = collections.deque()

    def acquire(self) -> None:
        with self._guard:
            if not self._locked:
                self._locked = True
                return
            event = threading.Event()

            def wake() -> bool:
                event.set()
                return True

            self._waiters.append(wake)
        try:
            event.wait()
        except BaseException:  # interrupted: leave the queue, or pass on the lock just handed over
            with self._guard:
                owner = event.is_set()
                if not owner:
                    self._waiters.remove(wake)
            if owner:
                self.release()
            raise

    async def acquire_async(self) -> None:
        import asyncio

        loop = asyncio.get_running_loop()
        with self._guard:
            if not self._locked:
                self._locked = True
                return
            future: asyncio.Future[None] = loop.create_future()

            def wake() -> bool:
                try:
                    loop.call_soon_threadsafe(self._hand_over, future)
                except RuntimeError:  # that loop is closed: nobody waits there any more
                    return False
                return True

            self._waiters.append(wake)
        try:
            await future
        except BaseException:
            if future.done() and not future.cancelled():
                self.release()  # cancelled just as the lock arrived: pass it on
            raise

    def _hand_over(self, future: asyncio.Future[None]) -> None:
        if future.cancelled():
            self.release()  # the task stopped waiting
        else:
            future.set_result(None)

    def release(self) -> None:
        with self._guard:
            while self._waiters:
                if self._waiters.popleft()():
                    return
            self._locked = False


class _Renewal:
    """What the auth flow yields to renew: becomes a :class:`_Renewing` step through the
    driver's sender (:class:`boosty._sender.base.Through`)."""

    def __init__(self, auth: RefreshingAuth, renewal: Renewal) -> None:
        self.auth = auth
        self.renewal = renewal

    def through(self, sender: Sender[Any]) -> Step:
        return _Renewing(self.auth._lock, self.renewal, sender)


class _Renewing(Step):
    """Runs a renewal under the auth's lock, its refresh request sent through ``sender``;
    the renewed credentials come back."""

    def __init__(self, lock: _Lock, renewal: Renewal, sender: Sender[Any]) -> None:
        self.lock = lock
        self.renewal = renewal
        self.sender = sender

    def run_sync(self) -> Credentials | None:
        self.lock.acquire()
        try:
            result: Credentials | None = drive(self.renewal, self.sender)
            return result
        finally:
            self.renewal.close()
            self.lock.release()

    async def run_async(self) -> Credentials | None:
        await self.lock.acquire_async()
        # The renewal runs in a task of its own, to its end even if this caller is cancelled:
        # a refresh in flight has used up the refresh token, so its answer must be saved or
        # the session is lost. The lock is held until that task ends.
        import asyncio

        task = asyncio.ensure_future(self._steps())
        task.add_done_callback(self._done)
        return await asyncio.shield(task)

    async def _steps(self) -> Credentials | None:
        try:
            result: Credentials | None = await drive(self.renewal, self.sender)
            return result
        finally:
            self.renewal.close()

    def _done(self, task: asyncio.Future[Credentials | None]) -> None:
        self.lock.release()
        if not task.cancelled():
            task.exception()  # retrieved here too: a caller that was cancelled never awaits it


class RefreshingAuth(Auth):
    """Bearer credentials that are refreshed (and rotated) through ``POST /oauth/token/``.

    Arguments:
        api_origin: ``(scheme, host[:port])`` of the API; credentials go nowhere else.
        base_url: the client's API base URL; the refresh is ``POST {base_url}/oauth/token/``.
        credentials: the current pair, or ``None`` (anonymous until the storage has one).
        storage: where each new pair is saved *before* it is used (:class:`TokenStorage`).
        refresh_margin: seconds before expiry at which to refresh ahead of time (default 60;
            at most half of the lifetime Boosty announced, so short-lived tokens still work).
        clock: the time source, unix seconds (for tests).

    Behaviour: a token that expires within the margin is refreshed before the request (if
    that refresh fails while the old token has not expired yet, the old token is sent and the
    failure logged). A 401 from the API origin triggers one refresh; GET/HEAD/OPTIONS requests
    are then resent once (a second 401 surfaces as :class:`boosty.Unauthorised`; never a loop).
    Other methods are not resent (a write must never run twice, and an upload body may be
    consumed): their 401 surfaces as ``Unauthorised``, but the token is refreshed, so calling
    again succeeds. Concurrent requests (threads, tasks of any event loop, or both) share one
    refresh, and its failure; a 401 for a token that was already replaced is just resent with
    the new one. A refresh token Boosty refused with ``invalid_grant`` is not sent again: later
    requests raise the same :class:`boosty.AuthError` without a request until the storage or
    the client holds another pair. A refresh in flight runs to its end, and its pair is saved,
    even if the task that started it is cancelled (the old refresh token is spent by then). Before
    refreshing, the storage is re-read: a pair rotated by another process is adopted instead
    of refreshing with a dead refresh token. A read-only storage (``read_only = True``) is
    never refreshed through. Storage I/O runs inline (a small file or keyring write).

    Errors: :class:`boosty.AuthError` if Boosty rejects the refresh (Boosty's ``error`` and
    ``error_description`` only; the stored pair is kept); the sender chain's own error if the
    refresh cannot be sent (:class:`boosty.NetworkError`, or e.g. :class:`boosty.TooManyRequests`
    from a :class:`boosty.RetryingSender` giving up); :class:`boosty.TokenStorageError` if
    the new pair cannot be saved (it is kept in memory, the save is retried with the next
    request, and requests fail until it succeeds), or if a 401 needs a refresh that a
    read-only storage could not keep.
    """

    def __init__(
        self,
        api_origin: tuple[str, str],
        *,
        base_url: str,
        credentials: Credentials | None,
        storage: TokenStorage,
        refresh_margin: float = DEFAULT_REFRESH_MARGIN,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(api_origin)
        self.token_url = base_url.rstrip("/") + TOKEN_PATH
        self.storage = storage
        self.refresh_margin = refresh_margin
        self._clock = clock
        self._credentials = credentials
        self._unsaved: Credentials | None = None
        self._margin_cap = math.inf
        self._completed = 0  # renewals finished (successfully or not)
        self._failure: Exception | None = None  # the last renewal's error, shared with its waiters
        self._refused_grant: tuple[object, AuthError] | None = None  # a refresh token refused for good
        self._lock = _Lock()  # held while renewing, by a thread or a task

    @property
    def credentials(self) -> Credentials | None:
        """The pair in use now (``None``: anonymous)."""
        return self._credentials

    # -- the shared logic -----------------------------------------------------------

    def _usable(self, credentials: Credentials | None) -> bool:
        """``True`` if ``credentials`` can be sent without taking the lock first."""
        if self._unsaved is not None:
            return False
        if credentials is None or not credentials.can_refresh or is_read_only(self.storage):
            return True
        return not self._expiring(credentials)

    def _expiring(self, credentials: Credentials) -> bool:
        margin = min(self.refresh_margin, self._margin_cap)
        return credentials.is_expired(margin, self._clock())

    def _refused(self, response: Response) -> bool:
        """``True`` for a 401 from the API origin (not from a host a redirect led to)."""
        if response.status_code != 401:
            return False
        parts = urlsplit(response.url)
        return (parts.scheme.lower(), parts.netloc.lower()) == self.api_origin

    def _still_valid(self, credentials: Credentials | None) -> bool:
        """After a failed refresh ahead of expiry: may the old token still be sent?"""
        if credentials is None or self._unsaved is not None or credentials is not self._credentials:
            return False
        return not credentials.is_expired(0.0, self._clock())

    def _authorise(self, request: Request, credentials: Credentials | None) -> Request:
        if credentials is None:
            return request
        return request.with_headers({"Authorization": f"Bearer {credentials.access_token}"})

    def refresh_request(self, credentials: Credentials) -> Request:
        """The ``POST /oauth/token/`` request (form-encoded) that rotates ``credentials``.

        Raises :class:`boosty.AuthError` (a copy of Boosty's answer) for a refresh token Boosty
        already refused with ``invalid_grant``: asking again cannot succeed.
        """
        request = Request(
            "POST",
            self.token_url,
            headers={"Accept": "application/json"},
            data={
                "device_id": credentials.device_id,
                "device_os": "web",
                "grant_type": "refresh_token",
                "refresh_token": credentials.refresh_token,
            },
        )
        refused = self._refused_grant
        if refused is not None and refused[0] == credentials.refresh_token:
            raise _clone(refused[1]) from refused[1]
        return request

    def parse_refresh(self, response: Response, old: Credentials) -> Credentials:
        """The new pair from a refresh response; ``expires_at = now + expires_in``.

        Raises :class:`boosty.AuthError` for an error status or a body without a token. The
        message holds the status and Boosty's ``error`` / ``error_description`` (truncated),
        never the body, which may echo the refresh token.
        """
        status = response.status_code
        try:
            payload: Any = decode_json(response.content) if response.content else None
        except ValueError:
            payload = None
        if not 200 <= status < 300:
            error = description = None
            if isinstance(payload, dict):
                error, description = _text(payload.get("error")), _text(payload.get("error_description"))
            detail = ": ".join(x for x in (error, description) if x)
            message = f"token refresh rejected with HTTP {status}" + (f": {detail}" if detail else "")
            rejected = AuthError(message, error, description)
            if error == "invalid_grant":  # final for this refresh token (RFC 6749 §5.2)
                self._refused_grant = (old.refresh_token, rejected)
            raise rejected
        if not isinstance(payload, dict) or not _text(payload.get("access_token")):
            raise AuthError(f"token refresh answered HTTP {status} without an access_token")
        expires_in = _seconds(payload.get("expires_in"))
        expires_at = None if expires_in is None else self._clock() + max(0.0, expires_in)
        refresh_token = payload.get("refresh_token")
        device_id = payload.get("device_id")
        try:
            return Credentials(
                access_token=payload["access_token"],
                refresh_token=refresh_token if isinstance(refresh_token, str) and refresh_token else old.refresh_token,
                device_id=device_id if isinstance(device_id, str) and device_id else old.device_id,
                expires_at=expires_at,
            )
        except CredentialsError as exc:
            raise AuthError(f"token refresh answered an unusable pair: {exc}") from None

    def _commit(self, new: Credentials) -> None:
        """Save ``new`` to the storage, then (only then) start using it."""
        try:
            self.storage.save(new)
        except Exception as exc:
            reason = str(exc) if isinstance(exc, TokenStorageError) else type(exc).__name__
            raise TokenStorageError(
                f"the refreshed credentials could not be saved ({reason}); they are kept in memory "
                "and saving is retried with the next request"
            ) from exc
        now = self._clock()
        if new.expires_at is not None:
            self._margin_cap = max(0.0, new.expires_at - now) / 2
        self._credentials = new
        self._unsaved = None
        expires = new.expires
        log.info("access token refreshed, expires at %s", expires.isoformat() if expires else "unknown")

    def _renew(self, stale: Credentials | None, completed: int, after_401: bool) -> Renewal:
        """Run under the lock: make ``self._credentials`` usable again, refreshing if need be.

        ``stale`` is the pair the caller saw (and, after a 401, was refused); ``completed``
        the renewal count it saw before waiting for the lock. Returns the pair to use.
        """
        current = self._credentials
        if current is not stale and self._unsaved is None:
            return current  # another request renewed it while this one waited
        if self._completed != completed and self._failure is not None:
            raise _clone(self._failure) from self._failure  # the renewal it waited for failed
        self._failure = None
        try:
            result = yield from self._renew_locked(stale, after_401)
        except Exception as exc:
            self._failure = exc
            log.warning("token refresh failed: %s", exc)
            raise
        finally:
            self._completed += 1
        return result

    def _renew_locked(self, stale: Credentials | None, after_401: bool) -> Renewal:
        if self._unsaved is not None:
            pending = self._unsaved
            self._commit(pending)
            return pending
        # load -> refresh -> save is single-flight across processes where the storage has a lock.
        lock = getattr(self.storage, "refresh_lock", None)
        with lock() if lock is not None else contextlib.nullcontext():
            return (yield from self._renew_shared(stale, after_401))

    def _renew_shared(self, stale: Credentials | None, after_401: bool) -> Renewal:
        stored = self.storage.load()
        if stored is not None and (stale is None or stored.refresh_token != stale.refresh_token):
            # Rotated by another process (or imported since): use it rather than a dead token.
            log.debug("using the credentials found in %r", self.storage)
            self._credentials = stored
            if after_401 and (stale is None or stored.access_token != stale.access_token):
                return stored
            if not after_401 and not self._expiring(stored):
                return stored
        base = self._credentials
        if base is None or not base.can_refresh:
            return base
        if is_read_only(self.storage):
            if not after_401:
                return base
            raise TokenStorageError(
                f"the access token was refused (401) and cannot be refreshed: {type(self.storage).__name__} "
                "is read-only and the rotated refresh token would be lost; use a writable token storage"
            )
        log.debug("refreshing the access token (%s)", "after a 401" if after_401 else "ahead of expiry")
        response = yield self.refresh_request(base)
        try:
            new = self.parse_refresh(response, base)
        except AuthError as exc:
            rotated = self._rotated_elsewhere(exc, base)
            if rotated is None:
                raise
            self._credentials = rotated
            if not self._expiring(rotated):
                return rotated
            response = yield self.refresh_request(rotated)  # the one retry, with the new pair
            new = self.parse_refresh(response, rotated)
        self._unsaved = new
        self._commit(new)
        return new

    def _rotated_elsewhere(self, error: AuthError, spent: Credentials) -> Credentials | None:
        """After ``invalid_grant``: the stored pair if another process has rotated ``spent``."""
        if error.error != "invalid_grant":
            return None
        stored = self.storage.load()
        if stored is None or stored.refresh_token == spent.refresh_token:
            return None
        log.debug("refresh token already rotated by another process; using the stored pair")
        return stored

    # -- the layer -------------------------------------------------------------------

    def flow(self, request: Request) -> Flow[Response]:
        """Send ``request`` with a valid access token (refreshing as described above)."""
        if not self.applies_to(request):
            passed: Response = yield request
            return passed
        credentials = self._credentials
        if not self._usable(credentials):
            try:
                credentials = yield _Renewal(self, self._renew(credentials, self._completed, False))
            except BoostyError:
                if not self._still_valid(credentials):
                    raise
        completed = self._completed
        response: Response = yield self._authorise(request, credentials)
        if not self._refused(response):
            return response
        try:
            renewed = yield _Renewal(self, self._renew(credentials, completed, True))
        except Exception:
            yield Close(response)
            raise
        if renewed is None or renewed is credentials or request.method not in RETRY_METHODS:
            return response
        yield Close(response)
        resent: Response = yield self._authorise(request, renewed)
        return resent

    def __repr__(self) -> str:
        return f"RefreshingAuth(credentials={self._credentials!r}, storage={self.storage!r})"
