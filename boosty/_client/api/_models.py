"""The model classes of :mod:`boosty.models` as the endpoint mixins name them at run time.

``from ._models import Blog`` gives a :class:`~boosty._client.refs.ModelRef` (one per name,
shared): the model's module is imported when an endpoint first parses one. Each mixin
imports the real classes for type checkers only::

    if TYPE_CHECKING:
        from ...models import Blog
    else:
        from ._models import Blog
"""

from __future__ import annotations

from ..refs import ModelRef


def __getattr__(name: str) -> ModelRef:
    """A :class:`ModelRef` to ``boosty.models.<name>`` (checked when it is resolved);
    :class:`AttributeError` for a private name (what tools probe a module for)."""
    if name.startswith("_"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    ref = ModelRef(name)
    globals()[name] = ref
    return ref
