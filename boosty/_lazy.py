"""Names of a package imported from their submodules on first use (PEP 562).

A package lists its names for type checkers under ``if TYPE_CHECKING:`` and, at run time,
gets its module ``__getattr__`` and ``__dir__`` from :func:`lazy_names`: importing the
package then imports none of its submodules, and each name costs its module's import on
first use only (after which it sits in the package's namespace like any other).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterable, Mapping
from typing import Any

__all__ = ["lazy_names"]


def lazy_names(
    module: str,
    where: Mapping[str, str],
    listed: Iterable[str],
    *,
    base: str | None = None,
    submodules: Iterable[str] = (),
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The ``__getattr__`` and ``__dir__`` of the module named ``module``.

    ``where`` maps each lazily loaded name to the submodule it lives in, relative to
    ``base`` (default: ``module`` itself; ``"caching"`` for ``module.caching``); each name
    in ``submodules`` is a submodule of ``module`` given as itself (``module.blocks``);
    ``listed`` is what ``dir()`` adds to the names already loaded (the module's ``__all__``).
    ``__getattr__`` raises :class:`AttributeError` for any other name.
    """
    names = tuple(listed)
    home = base or module
    own = frozenset(submodules)

    def __getattr__(name: str) -> Any:
        submodule = where.get(name)
        if submodule is not None:
            value = getattr(importlib.import_module(f"{home}.{submodule}"), name)
        elif name in own:
            value = importlib.import_module(f"{module}.{name}")
        else:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        setattr(sys.modules[module], name, value)
        return value

    def __dir__() -> list[str]:
        return sorted({*vars(sys.modules[module]), *names})

    return __getattr__, __dir__
