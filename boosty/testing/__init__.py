"""The fake Boosty server and pytest fixtures (``pip install boosty-client[testing]``).

``FakeBoosty`` runs a fake ``api.boosty.to`` on a loopback port with a seeded world, the
API's paging schemes, expiring bearer tokens with rotating refresh tokens, signed media
with byte ranges, a replay mode for recorded responses, and fault injection (``Fault``).
The pytest plugin (:mod:`boosty.testing.plugin`) provides ``fake_boosty``,
``boosty_client`` and ``async_boosty_client``. Importing this package loads nothing but
itself (its names are imported on first use, so the pytest plugin, which every pytest run
loads, stays cheap); starlette and uvicorn are imported only when a server starts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_names

if TYPE_CHECKING:
    from . import blocks
    from .faults import Fault, FaultRule
    from .records import WorldError
    from .server import FakeBoosty, serve
    from .state import RecordedRequest

__all__ = ["Fault", "FakeBoosty", "FaultRule", "RecordedRequest", "WorldError", "blocks", "serve"]

_HOMES = {
    "Fault": "faults",
    "FaultRule": "faults",
    "FakeBoosty": "server",
    "serve": "server",
    "RecordedRequest": "state",
    "WorldError": "records",
}

if not TYPE_CHECKING:
    __getattr__, __dir__ = lazy_names(__name__, _HOMES, __all__, submodules=("blocks",))
