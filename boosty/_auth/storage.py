"""Where credentials live between runs: the :class:`TokenStorage` protocol, memory and environment."""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping
from typing import Protocol, runtime_checkable

from .._errors import TokenStorageError
from .credentials import Credentials, CredentialsError, normalise_expiry

__all__ = ["EnvTokenStorage", "MemoryTokenStorage", "TokenStorage", "is_read_only"]


@runtime_checkable
class TokenStorage(Protocol):
    """Keeps one :class:`Credentials` pair. Any object with these three methods is a storage.

    Boosty rotates the refresh token on every refresh and the old one stops working, so the
    client calls :meth:`save` with each new pair *before* using it; a storage that cannot save
    must raise :class:`boosty.TokenStorageError` (a lost save is a lost session).
    A storage may set ``read_only = True``: the client then never refreshes through it.

    A storage that several processes share may also offer ``refresh_lock()``, a context
    manager held across load, refresh and save (``FileTokenStorage``: a file lock;
    ``RedisTokenStorage``: a Redis lock), so that only one process spends the single-use
    refresh token and the others adopt the pair it saved.
    """

    def load(self) -> Credentials | None:
        """The stored pair, or ``None`` if nothing is stored. Raises ``TokenStorageError``."""
        ...

    def save(self, credentials: Credentials) -> None:
        """Store ``credentials``, replacing the previous pair. Raises ``TokenStorageError``."""
        ...

    def clear(self) -> None:
        """Forget the stored pair (no error if there is none). Raises ``TokenStorageError``."""
        ...


def is_read_only(storage: TokenStorage) -> bool:
    """``True`` if ``storage`` says it cannot save (attribute ``read_only``)."""
    return bool(getattr(storage, "read_only", False))


class MemoryTokenStorage:
    """Keeps the pair in this process only (lost at exit). Thread-safe.

    ``credentials``: an initial pair, or ``None``. The default storage of a client given
    ``credentials=`` without a ``token_storage``; read the rotated pair back with :meth:`load`.
    """

    read_only = False

    def __init__(self, credentials: Credentials | None = None) -> None:
        self._credentials = credentials
        self._lock = threading.Lock()

    def load(self) -> Credentials | None:
        """The stored pair, or ``None``."""
        with self._lock:
            return self._credentials

    def save(self, credentials: Credentials) -> None:
        """Keep ``credentials`` (replacing the previous pair)."""
        if not isinstance(credentials, Credentials):
            raise TypeError(f"expected Credentials, got {type(credentials).__name__}")
        with self._lock:
            self._credentials = credentials

    def clear(self) -> None:
        """Forget the pair."""
        with self._lock:
            self._credentials = None

    def __repr__(self) -> str:
        return f"MemoryTokenStorage(stored={self._credentials is not None})"


class EnvTokenStorage:
    """Reads the pair from environment variables; **read-only**.

    Variables (``prefix`` defaults to ``BOOSTY_``): ``BOOSTY_ACCESS_TOKEN``,
    ``BOOSTY_REFRESH_TOKEN``, ``BOOSTY_DEVICE_ID`` and optionally ``BOOSTY_EXPIRES_AT`` (unix
    seconds, or milliseconds above 1e12). :meth:`load` returns ``None`` if none of the three
    token variables is set and raises :class:`boosty.TokenStorageError` if only some are.

    :meth:`save` and :meth:`clear` raise :class:`boosty.TokenStorageError`: a rotated refresh
    token that cannot be stored is lost, so a client never refreshes through this storage (it
    sends the access token until Boosty answers 401, then raises ``TokenStorageError``). To
    keep refreshing, import once into a writable storage::

        Boosty(credentials=EnvTokenStorage().load(), token_storage=FileTokenStorage())

    ``environ``: the mapping to read (default ``os.environ``, read at each :meth:`load`).
    """

    read_only = True

    def __init__(self, environ: Mapping[str, str] | None = None, prefix: str = "BOOSTY_") -> None:
        self._environ = environ
        self.prefix = prefix

    def load(self) -> Credentials | None:
        """The pair from the environment, or ``None`` if no token variable is set."""
        env = os.environ if self._environ is None else self._environ
        names = {field: f"{self.prefix}{field.upper()}" for field in ("access_token", "refresh_token", "device_id")}
        values = {field: env.get(name, "").strip() for field, name in names.items()}
        if not any(values.values()):
            return None
        missing = [names[field] for field, value in values.items() if not value]
        if missing:
            raise TokenStorageError(f"environment credentials are incomplete: {', '.join(missing)} not set")
        expires_name = f"{self.prefix}EXPIRES_AT"
        raw_expires = env.get(expires_name, "").strip()
        expires: float | None = None
        if raw_expires:
            try:
                expires = normalise_expiry(float(raw_expires))
            except (ValueError, CredentialsError):
                raise TokenStorageError(f"{expires_name} is not a number of unix seconds") from None
        return Credentials(expires_at=expires, **values)

    def save(self, credentials: Credentials) -> None:
        """Always raises :class:`boosty.TokenStorageError`: environment variables are read-only."""
        raise TokenStorageError(
            "EnvTokenStorage is read-only: the rotated tokens cannot be saved to environment "
            "variables; use FileTokenStorage, KeyringTokenStorage or MemoryTokenStorage to refresh"
        )

    def clear(self) -> None:
        """Always raises :class:`boosty.TokenStorageError`: environment variables are read-only."""
        raise TokenStorageError("EnvTokenStorage is read-only: unset the BOOSTY_* variables instead")

    def __repr__(self) -> str:
        return f"EnvTokenStorage(prefix={self.prefix!r})"
