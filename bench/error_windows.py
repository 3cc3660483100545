"""WindowedStore: a byte store seen through error windows, the part both bench memories share.

The store is ``models.PhysicalMemory`` or any object with ``read(addr, n) -> bytes``,
``write(addr, data)`` and, optionally, an integer ``size``. An error window makes bus accesses
touching [start, end] (inclusive) of one kind (read, write or both) answer SLVERR or DECERR; an
access reaching past the store's size answers DECERR. The first matching window wins and counts
the hit. Backdoor ``read``/``write`` bypass the windows. No simulator is imported here.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

ERROR_KINDS = ("SLVERR", "DECERR")
ACCESS_KINDS = ("read", "write", "rw")


@dataclass
class ErrorWindow:
    """Accesses touching [start, end] (inclusive) of kind ``on`` answer ``kind``."""

    start: int
    end: int
    kind: str  # "SLVERR" | "DECERR"
    on: str  # "read" | "write" | "rw"
    hits: int = 0

    def matches(self, first: int, last: int, what: str) -> bool:
        """An access of kind ``what`` ("read" | "write") to [first, last] falls in this window."""
        return self.on in (what, "rw") and first <= self.end and last >= self.start


class WindowedStore:
    """Holds the store (``memory``, ``size``) and the error windows (``errors``) of a bus memory.

    Subclasses set ``self.log`` and assign ``self.memory`` before ``inject`` is called."""

    log: logging.Logger

    def __init__(self) -> None:
        self.errors: list[ErrorWindow] = []

    # -- the store -----------------------------------------------------------------------------
    @property
    def memory(self):
        return self._memory

    @memory.setter
    def memory(self, store) -> None:
        for attr in ("read", "write"):
            if not callable(getattr(store, attr, None)):
                raise TypeError(f"{type(self).__name__} store {store!r} has no {attr}() method")
        self._memory = store
        size = getattr(store, "size", None)
        self.size: int | None = size if isinstance(size, int) else None

    def read(self, addr: int, length: int) -> bytes:
        """Backdoor read of the store (no bus cycle)."""
        return bytes(self._memory.read(addr, length))

    def write(self, addr: int, data: bytes) -> None:
        """Backdoor write of the store (no bus cycle)."""
        self._memory.write(addr, bytes(data))

    # -- error windows -------------------------------------------------------------------------
    def inject(self, start: int, end: int, kind: str = "SLVERR", on: str = "rw") -> ErrorWindow:
        """Make accesses touching [start, end] (inclusive) answer ``kind``."""
        if kind not in ERROR_KINDS:
            raise ValueError(f"error kind {kind!r}: must be SLVERR or DECERR")
        if on not in ACCESS_KINDS:
            raise ValueError(f"on={on!r}: must be read, write or rw")
        if not 0 <= start <= end:
            raise ValueError(f"error window [0x{start:x}, 0x{end:x}]: need 0 <= start <= end")
        w = ErrorWindow(start, end, kind, on)
        self.errors.append(w)
        self.log.info("error window [0x%x, 0x%x] answers %s on %s", start, end, kind, on)
        return w

    def clear_errors(self) -> None:
        self.errors.clear()

    def clean(self, first: int, last: int, what: str) -> bool:
        """No window of kind ``what`` touches [first, last] and it lies inside the store (counts no
        hit: for a fast path over a whole burst)."""
        if any(w.matches(first, last, what) for w in self.errors):
            return False
        return self.size is None or last < self.size

    def fault(self, address: int, length: int, what: str) -> str | None:
        """The error kind one access of kind ``what`` answers ("SLVERR" | "DECERR"), or None.
        The first matching window wins and counts the hit; outside the store: DECERR."""
        last = address + length - 1
        for w in self.errors:
            if w.matches(address, last, what):
                w.hits += 1
                return w.kind
        if self.size is not None and last >= self.size:
            return "DECERR"
        return None
