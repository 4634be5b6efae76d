"""The API models: frozen attrs classes read from Boosty's JSON by one cattrs converter.

Every object an endpoint returns is one of these (``from boosty.models import Poll``); the
ones named most often (:class:`Blog`, :class:`Post`, :class:`Comment`, :class:`User`, ...)
are also importable from :mod:`boosty` itself. Also here: :func:`to_dict` (a model back to
plain JSON-ready data), :class:`ParseWarning`, and the content helpers
:func:`blocks_to_text`, :func:`blocks_to_markdown` and :func:`blocks_to_media`.
"""

from __future__ import annotations

from . import _model
from ._model.account import *  # noqa: F403
from ._model.analytics import *  # noqa: F403
from ._model.blog import *  # noqa: F403
from ._model.bundle import *  # noqa: F403
from ._model.comment import *  # noqa: F403
from ._model.common import *  # noqa: F403
from ._model.content import *  # noqa: F403
from ._model.converter import ParseWarning, to_dict
from ._model.dialog import *  # noqa: F403
from ._model.draft import *  # noqa: F403
from ._model.level import *  # noqa: F403
from ._model.media_album import *  # noqa: F403
from ._model.notification import *  # noqa: F403
from ._model.payment import *  # noqa: F403
from ._model.poll import *  # noqa: F403
from ._model.post import *  # noqa: F403
from ._model.realtime import *  # noqa: F403
from ._model.sales import *  # noqa: F403
from ._model.search import *  # noqa: F403
from ._model.session import *  # noqa: F403
from ._model.showcase import *  # noqa: F403
from ._model.stats import *  # noqa: F403
from ._model.stream import *  # noqa: F403
from ._model.subscriber import *  # noqa: F403
from ._model.target import *  # noqa: F403
from ._model.user import *  # noqa: F403

# Each area module's ``__all__`` lists its public models: they are named once, there.
__all__ = ["ParseWarning", "to_dict"]
__all__ += _model.account.__all__
__all__ += _model.analytics.__all__
__all__ += _model.blog.__all__
__all__ += _model.bundle.__all__
__all__ += _model.comment.__all__
__all__ += _model.common.__all__
__all__ += _model.content.__all__
__all__ += _model.dialog.__all__
__all__ += _model.draft.__all__
__all__ += _model.level.__all__
__all__ += _model.media_album.__all__
__all__ += _model.notification.__all__
__all__ += _model.payment.__all__
__all__ += _model.poll.__all__
__all__ += _model.post.__all__
__all__ += _model.realtime.__all__
__all__ += _model.sales.__all__
__all__ += _model.search.__all__
__all__ += _model.session.__all__
__all__ += _model.showcase.__all__
__all__ += _model.stats.__all__
__all__ += _model.stream.__all__
__all__ += _model.subscriber.__all__
__all__ += _model.target.__all__
__all__ += _model.user.__all__
