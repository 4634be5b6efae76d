"""The fake Boosty server and pytest fixtures (``pip install boosty[testing]``).

``FakeBoosty`` runs a fake ``api.boosty.to`` on a loopback port with a seeded world, the
API's paging schemes, expiring bearer tokens with rotating refresh tokens, signed media
with byte ranges, a replay mode for recorded responses, and fault injection (``Fault``).
The pytest plugin (:mod:`boosty.testing.plugin`) provides ``fake_boosty``,
``boosty_client`` and ``async_boosty_client``. Importing this package does not import
starlette or uvicorn; starting a server does.
"""

from __future__ import annotations

from . import blocks
from .faults import Fault, FaultRule
from .server import FakeBoosty, serve
from .state import RecordedRequest
from .world import WorldError

__all__ = ["Fault", "FakeBoosty", "FaultRule", "RecordedRequest", "WorldError", "blocks", "serve"]
