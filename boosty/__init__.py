"""boosty: a sync and async client for the Boosty.to API, over a pluggable chain of senders.

The public names live in :mod:`boosty._public` and each loads on its first use,
so importing a light submodule (``boosty.testing.plugin``, which every pytest run in an
environment with this package loads) imports no client code and no httpx. Every API model
is in :mod:`boosty.models`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__ as __version__

_SUBMODULES = frozenset({"cli", "download", "events", "models", "settings", "testing"})

if TYPE_CHECKING:
    # mypy does not pass names on through two star imports: the star-imported areas again.
    from ._auth import *  # noqa: F403
    from ._errors import *  # noqa: F403
    from ._errors import RequestTimeout as TimeoutError  # noqa: F401  (deprecated alias, see _public.moved)
    from ._public import *  # noqa: F403
    from ._public import __all__ as __all__
else:

    def __getattr__(name: str) -> Any:
        """The public name ``name`` (or ``__all__``), importing only its module on first use
        (:func:`boosty._public.load`); a deprecated name warns (:func:`boosty._public.moved`)."""
        if name.startswith("_") and name != "__all__":
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        if name in _SUBMODULES:  # ``boosty.models`` after a bare ``import boosty``
            return importlib.import_module(f"{__name__}.{name}")
        _public = importlib.import_module(f"{__name__}._public")
        if name == "__all__":
            value: Any = list(_public.__all__)
        else:
            value = _public.load(name)
            if name not in _public.WHERE:  # deprecated: warn on every use, never cache
                return value
        globals()[name] = value
        return value

    def __dir__() -> list[str]:
        _public = importlib.import_module(f"{__name__}._public")
        return sorted({*globals(), *_public.__all__})
