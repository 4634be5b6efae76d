"""Key-order readers for the generated structure functions of :mod:`boosty._model._fastgen`.

The API sends the objects of one model with the same keys in the same order, response after
response (one serializer on its side). A generated function reads a field with one
``d.get(key, default)`` call (~25 ns) and checks for unknown keys with a set lookup per key
(~15 ns): about 1.6 µs for a post's 46 fields and 32 keys. Once a key order has come twice,
the model gets a reader made for it: the list of ``d``'s keys finds it, and it unpacks
``d.values()`` by position straight into the field variables (absent fields take their
default as a constant), then runs the very same conversion and build code as the general
function. About 0.9 µs less a post, the same result: the order pins every key's position,
and only orders whose keys are all known get a reader, so nothing is left unreported.

Bounds: readers only for models of :data:`MIN_FIELDS` fields or more (on smaller ones the
lookup costs what it saves), at most :data:`READERS` orders a model, and a model whose
objects come in more than :data:`ORDERS` orders stops looking (a miss costs ~0.4 µs).
Readers are tried in the order they were made.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence
from typing import Any

__all__ = ["MIN_FIELDS", "ORDERS", "READERS", "KeyOrders"]

MIN_FIELDS = 8
READERS = 8
ORDERS = 64


class KeyOrders:
    """The key-order readers of one model, in its generated function's namespace ``ns``.

    While ``_ON`` holds, the function compares the list of ``d``'s keys with each order of
    ``_SIG`` (:attr:`pairs`: order, reader) and calls ``_learn(keys)`` when none matches;
    :meth:`header` gives those lines. :attr:`readers` holds the same readers by order.
    ``keys`` are the fields' API names in field order, ``absent`` the source text of what
    each field reads when its key is missing, ``aliases`` the model's second spellings
    (``{other: main}``), ``known`` every key it accepts, ``body(absent)`` the lines after the
    reads (checks, conversions, build, return) with the fields of ``absent`` (indexes)
    taking their default as it is.
    """

    def __init__(
        self,
        ns: dict[str, Any],
        name: str,
        keys: Sequence[str],
        absent: Sequence[str],
        aliases: dict[str, str],
        known: frozenset[str],
        body: Callable[[set[int] | None], list[str]],
    ) -> None:
        self.ns = ns
        self.name = name
        self.index = {key: i for i, key in enumerate(keys)}
        self.absent = list(absent)
        self.aliases = dict(aliases)
        self.known = known
        self.body = body
        self.seen: dict[tuple[Any, ...], int] = {}
        self.lock = threading.Lock()
        self.readers: dict[tuple[Any, ...], Callable[[dict[str, Any]], Any]] = {}
        self.pairs: list[tuple[list[Any], Callable[[dict[str, Any]], Any]]] = []  # what the function scans
        ns.update(_SIG=self.pairs, _learn=self.learn, _ON=True)

    @staticmethod
    def header() -> list[str]:
        """The dispatch lines, run for an exact ``dict`` ``d`` (the readers unpack it).

        The keys are compared as lists: list equality tests identity first inline, and
        orjson hands out the same key objects from its cache, so a hit costs about the
        list's making (~0.25 µs for a post's 32 keys; a tuple's hash and compare, twice)."""
        return [
            "    elif _ON:",
            "        k = [*d]",
            "        for keys, f in _SIG:",
            "            if k == keys: return f(d)",
            "        _learn(k)",
        ]

    def learn(self, keys: list[Any]) -> None:
        """Count ``keys`` (a dict's, in order); on their second time, make their reader."""
        order = tuple(keys)
        with self.lock:  # misses only: one reader per order, whatever the threads
            seen = self.seen
            count = seen[order] = seen.get(order, 0) + 1
            if len(seen) > ORDERS:
                self.ns["_ON"] = False  # too many orders: the lookup would mostly miss
                seen.clear()
            elif count == 2 and len(self.readers) < READERS and order and self.known.issuperset(order):
                self.readers[order] = reader = self.reader(order)
                self.pairs.append((keys, reader))

    def source(self, order: tuple[str, ...]) -> str:
        """The reader for dicts whose keys are exactly ``order``, as source text."""
        bound: dict[int, int] = {}  # field index -> position in the order
        for position, key in enumerate(order):
            if key in self.index:
                bound[self.index[key]] = position
        for other, main in self.aliases.items():  # as the general function: in turn, if still absent
            if other in order and main in self.index and self.index[main] not in bound:
                bound[self.index[main]] = order.index(other)
        targets = ["_"] * len(order)
        copies: list[str] = []  # a key read by two fields (an alias that is a field's name too)
        for field, position in bound.items():
            if targets[position] == "_":
                targets[position] = f"v{field}"
            else:
                copies.append(f"    v{field} = {targets[position]}")
        absent = set(range(len(self.absent))) - bound.keys()
        body = self.body(absent)
        used = set(re.findall(r"\bv\d+\b", "\n".join(body)))  # a check's or another field's
        lines = ["def structure(d):", f"    {', '.join(targets)}, = d.values()", *copies]
        lines += [f"    v{i} = {self.absent[i]}" for i in sorted(absent) if f"v{i}" in used]
        return "\n".join(lines + body) + "\n"

    def reader(self, order: tuple[str, ...]) -> Callable[[dict[str, Any]], Any]:
        """The compiled reader for ``order`` (globals: the model's namespace)."""
        code = compile(self.source(order), f"<boosty fast structure {self.name} keys {len(self.readers)}>", "exec")
        local: dict[str, Any] = {}
        exec(code, self.ns, local)  # generated code only
        fn: Callable[[dict[str, Any]], Any] = local["structure"]
        return fn
