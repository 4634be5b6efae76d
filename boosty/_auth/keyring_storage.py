"""The system keyring as a token storage (``pip install boosty-client[keyring]``)."""

from __future__ import annotations

import json
from typing import Any

from .._errors import TokenStorageError
from .credentials import Credentials, CredentialsError

__all__ = ["KeyringTokenStorage"]


def _keyring() -> Any:
    try:
        import keyring
    except ImportError:
        raise TokenStorageError(
            "KeyringTokenStorage needs the 'keyring' package: pip install 'boosty-client[keyring]'"
        ) from None
    return keyring


class KeyringTokenStorage:
    """Keeps the pair as one JSON secret in the system keyring (via the ``keyring`` package).

    ``service`` and ``username`` name the keyring entry (default ``"boosty"`` / ``"default"``;
    use one username per account). Every method raises :class:`boosty.TokenStorageError` if
    the ``keyring`` package is missing, if no keyring backend is available (a headless server:
    use :class:`FileTokenStorage` there), or if the stored secret is corrupt.
    """

    read_only = False

    def __init__(self, service: str = "boosty", username: str = "default") -> None:
        self.service = service
        self.username = username
        _keyring()  # fail early, with the install hint, if the package is missing

    def _call(self, action: str, method: str, *args: str) -> Any:
        keyring = _keyring()
        try:
            return getattr(keyring, method)(self.service, self.username, *args)
        except keyring.errors.NoKeyringError:
            raise TokenStorageError(
                f"cannot {action} credentials: no system keyring backend is available "
                "(configure one, or use FileTokenStorage)"
            ) from None
        except keyring.errors.PasswordDeleteError:
            return None
        except keyring.errors.KeyringError as exc:
            raise TokenStorageError(
                f"cannot {action} credentials in keyring service {self.service!r}: {type(exc).__name__}"
            ) from None

    def load(self) -> Credentials | None:
        """The stored pair, or ``None`` if the keyring has no entry."""
        secret = self._call("read", "get_password")
        if secret is None:
            return None
        try:
            return Credentials.from_dict(json.loads(secret))
        except (ValueError, CredentialsError):
            raise TokenStorageError(
                f"keyring entry {self.service!r}/{self.username!r} is corrupt: not Boosty credentials"
            ) from None

    def save(self, credentials: Credentials) -> None:
        """Store ``credentials`` in the keyring, replacing the previous entry."""
        if not isinstance(credentials, Credentials):
            raise TypeError(f"expected Credentials, got {type(credentials).__name__}")
        self._call("save", "set_password", json.dumps(credentials.to_dict()))

    def clear(self) -> None:
        """Delete the keyring entry (no error if there is none)."""
        self._call("delete", "delete_password")

    def __repr__(self) -> str:
        return f"KeyringTokenStorage(service={self.service!r}, username={self.username!r})"
