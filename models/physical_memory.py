"""Sparse byte-addressable physical memory.

Pages of PAGE_SIZE bytes are created on first write; untouched bytes read as zero, so an 8 GiB
(or 2**64-byte) memory costs no host memory until written.
"""
from __future__ import annotations

from .gfp import PAGE_SHIFT, PAGE_SIZE

_ZERO_PAGE = bytes(PAGE_SIZE)
_PAGE_MASK = PAGE_SIZE - 1


class PhysicalMemory:
    """`size` bytes of memory at physical addresses [0, size).

    read/write/fill/zero accept any length across page boundaries. An access that is not
    entirely inside [0, size) raises IndexError naming the address, the length and the size, and
    changes nothing.
    """

    def __init__(self, size: int = 8 << 30) -> None:
        if not isinstance(size, int) or size <= 0 or size > 1 << 64:
            raise ValueError(f"PhysicalMemory size {size!r} must be an int in 1..2**64")
        self.size = size
        self._pages: dict[int, bytearray] = {}

    def _check(self, addr: int, length: int, op: str) -> None:
        if not isinstance(addr, int) or not isinstance(length, int) or length < 0:
            raise ValueError(f"{op}: bad address {addr!r} or length {length!r}")
        if addr < 0 or addr + length > self.size:
            raise IndexError(f"{op} of {length} bytes at {addr:#x} outside physical memory "
                             f"[0, {self.size:#x}) (size {self.size:#x})")

    @property
    def pages_touched(self) -> int:
        """Number of pages that hold host memory."""
        return len(self._pages)

    def read(self, addr: int, length: int) -> bytes:
        """Return `length` bytes starting at `addr` (zeros where never written)."""
        self._check(addr, length, "read")
        off = addr & _PAGE_MASK
        pfn = addr >> PAGE_SHIFT
        if off + length <= PAGE_SIZE:  # fast path: one page
            page = self._pages.get(pfn)
            if page is None:
                return bytes(length)
            return bytes(page[off:off + length])
        out = bytearray()
        pages = self._pages
        while length:
            n = min(PAGE_SIZE - off, length)
            page = pages.get(pfn)
            out += page[off:off + n] if page is not None else bytes(n)
            length -= n
            pfn += 1
            off = 0
        return bytes(out)

    def write(self, addr: int, data: bytes | bytearray | memoryview) -> None:
        """Store `data` at `addr`."""
        length = len(data)
        self._check(addr, length, "write")
        off = addr & _PAGE_MASK
        pfn = addr >> PAGE_SHIFT
        pages = self._pages
        mv = memoryview(data).cast("B") if not isinstance(data, (bytes, bytearray)) else data
        pos = 0
        while pos < length:
            n = min(PAGE_SIZE - off, length - pos)
            page = pages.get(pfn)
            if page is None:
                page = pages[pfn] = bytearray(PAGE_SIZE)
            page[off:off + n] = mv[pos:pos + n]
            pos += n
            pfn += 1
            off = 0

    def fill(self, addr: int, length: int, value: int) -> None:
        """Set `length` bytes at `addr` to `value` (0..255); value 0 releases whole pages."""
        if not isinstance(value, int) or not 0 <= value <= 255:
            raise ValueError(f"fill value {value!r} outside 0..255")
        self._check(addr, length, "fill")
        off = addr & _PAGE_MASK
        pfn = addr >> PAGE_SHIFT
        pages = self._pages
        while length:
            n = min(PAGE_SIZE - off, length)
            if n == PAGE_SIZE:
                if value == 0:
                    pages.pop(pfn, None)
                else:
                    pages[pfn] = bytearray([value]) * PAGE_SIZE
            else:
                page = pages.get(pfn)
                if page is None:
                    if value == 0:
                        length -= n
                        pfn += 1
                        off = 0
                        continue
                    page = pages[pfn] = bytearray(PAGE_SIZE)
                page[off:off + n] = bytes([value]) * n
            length -= n
            pfn += 1
            off = 0

    def zero(self, addr: int, length: int) -> None:
        """Set `length` bytes at `addr` to zero."""
        self.fill(addr, length, 0)

    def copy(self, dst: int, src: int, length: int) -> None:
        """Copy `length` bytes from `src` to `dst` (non-overlapping or not: via a temporary)."""
        self._check(dst, length, "copy")
        self.write(dst, self.read(src, length))

    def __repr__(self) -> str:
        return f"PhysicalMemory(size={self.size:#x}, pages_touched={len(self._pages)})"
