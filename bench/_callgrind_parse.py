"""Instructions per parse of ``bench/parse.py``'s cases, counted by callgrind (machine-
independent, unlike the CPU times of ``python -m bench parse`` on a shared machine).

Run from the project root::

    valgrind --tool=callgrind --collect-atstart=no --toggle-collect=_ctypes_callproc \\
        --callgrind-out-file=/tmp/cg.out .venv/bin/python -m bench._callgrind_parse CASE ours|pydantic [N]

then divide ``summary:`` of ``/tmp/cg.out`` by N (default 200). CASE is one of ``posts_page``,
``single_post``, ``page_50_rich_posts``. ``ours`` is the benchmark's boosty contender (bytes
decoded by ``boosty._json.loads``, parsed, every block read); ``pydantic`` its
``model_validate_json``. After 50 parses of warm-up, only the N parses run inside a ctypes
callback, which is all callgrind counts with the options above.
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any

from bench.parse import _cases, _read_content
from boosty import _json


def main(case: str, kind: str, count: int) -> None:
    found = {name: (raw, ours, model) for name, raw, ours, model in _cases()}
    raw, ours, model = found[case]

    def call() -> Any:
        if kind == "ours":
            return _read_content(ours(_json.loads(raw)))
        return model.model_validate_json(raw)

    for _ in range(50):
        call()

    def counted() -> int:
        for _ in range(count):
            call()
        return 0

    ctypes.CFUNCTYPE(ctypes.c_int)(counted)()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 200)
