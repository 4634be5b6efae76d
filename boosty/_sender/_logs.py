"""Log hygiene: httpx logs every request's full URL at INFO, and a signed media link carries its
signature in the query. Senders boosty builds install :class:`RedactQueries` on the ``httpx``
logger, so those lines show ``?…`` instead of the query."""

from __future__ import annotations

import logging
import re

__all__ = ["RedactQueries", "install_httpx_filter"]

_QUERY = re.compile(r"(https?://[^\s?\"']+)\?[^\s\"']*")


class RedactQueries(logging.Filter):
    """Drops the query of every URL in a log record's message (``https://h/p?sig=x`` → ``https://h/p?…``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = _QUERY.sub(r"\1?…", message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


def install_httpx_filter() -> None:
    """Add :class:`RedactQueries` to the ``httpx`` logger, once per process (thread-safe enough:
    a second filter would only redact twice)."""
    logger = logging.getLogger("httpx")
    if not any(isinstance(existing, RedactQueries) for existing in logger.filters):
        logger.addFilter(RedactQueries())
