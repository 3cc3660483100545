"""dma_pool: small fixed-size coherent blocks (descriptors) carved from coherent pages.

`dma_pool_create(name, dev, size, align, boundary)`: blocks are `size` rounded up to `align`
(a power of two; 0 means 1); each chunk is max(size, PAGE_SIZE) bytes aligned to the next power
of two, as Linux's dma_alloc_coherent aligns to its page order (the mask pool hands out exact
pages, so a chunk larger than a page is carved from one coherent allocation -- a COHERENT
mapping of the device -- of chunk + alignment - PAGE_SIZE bytes). No block crosses a multiple
of `boundary` (a power of two >= size; 0 means no constraint beyond the chunk): a block at
offset o is used iff o // boundary == (o + size - 1) // boundary, i.e. the Linux condition
`next > boundary` (the old `>=` wasted the last block before each boundary). Chunks are freed
only by destroy().
"""
from __future__ import annotations

from . import faults
from .dma_debug import check_pool_chunk
from .dma_mapping import Device, dma_alloc_coherent, dma_free_coherent
from .errors import BadFreeError
from .gfp import GFP_ZERO, PAGE_SIZE


def _pow2(x: int) -> bool:
    return x > 0 and not x & (x - 1)


class DmaPool:
    """Created by dma_pool_create."""

    def __init__(self, name: str, dev: Device, size: int, align: int, boundary: int) -> None:
        if not isinstance(size, int) or size <= 0:
            raise ValueError(f"dma_pool_create {name}: size {size!r} must be >= 1")
        if not isinstance(align, int) or align < 0 or (align and not _pow2(align)):
            raise ValueError(f"dma_pool_create {name}: align {align!r} is not a power of two")
        align = align or 1
        bsize = (size + align - 1) & ~(align - 1)
        if not isinstance(boundary, int) or boundary < 0 or (boundary and not _pow2(boundary)):
            raise ValueError(f"dma_pool_create {name}: boundary {boundary!r} is not a power of "
                             f"two")
        if boundary and boundary < bsize:
            raise ValueError(f"dma_pool_create {name}: boundary {boundary} smaller than the "
                             f"block size {bsize} (size {size} aligned to {align})")
        if bsize > dev.machine.pool_size:
            raise ValueError(f"dma_pool_create {name}: size {bsize} exceeds the mask pool "
                             f"({dev.machine.pool_size} bytes)")
        self.name = name
        self.dev = dev
        self.size = bsize
        self.align = align
        self.boundary = boundary
        self.allocation = max(bsize, PAGE_SIZE)
        self.chunk_align = 1 << (self.allocation - 1).bit_length()
        self._request = self.allocation + self.chunk_align - PAGE_SIZE
        self.chunks: list[int] = []                # chunk bases (aligned)
        self._raw: dict[int, int] = {}             # chunk base -> coherent allocation
        self._free: list[int] = []
        self.outstanding: set[int] = set()
        self.destroyed = False

    def __repr__(self) -> str:
        return (f"DmaPool({self.name!r}, dev={self.dev.name}, size={self.size}, "
                f"align={self.align}, boundary={self.boundary}, "
                f"outstanding={len(self.outstanding)})")

    def _carve(self, base: int) -> list[int]:
        """The blocks of the chunk at `base`; a block whose end would pass the next boundary
        is skipped (the next block starts at that boundary)."""
        blocks = []
        off, end, b = 0, self.allocation, self.boundary
        while off + self.size <= end:
            a = base + off
            if b:
                next_boundary = (a | (b - 1)) + 1
                # FAULT B7-dmapool-boundary-off-by-one / B7-dmapool-cross-boundary
                # (models/faults.py): Linux's old `>=` comparison, and a test of the start only.
                if faults.ACTIVE and faults.on("B7-dmapool-boundary-off-by-one"):
                    skip = a + self.size >= next_boundary
                elif faults.ACTIVE and faults.on("B7-dmapool-cross-boundary"):
                    skip = a >= next_boundary
                else:
                    skip = a + self.size > next_boundary
                if skip:
                    off = next_boundary - base
                    continue
            blocks.append(a)
            off += self.size
        check_pool_chunk(self, base, blocks)
        return blocks

    def alloc(self, gfp: int) -> tuple[int, int] | None:
        """(cpu_addr, dma_handle) of a free block (zeroed with __GFP_ZERO), or None when a new
        chunk cannot be allocated. Never sleeps."""
        if self.destroyed:
            raise RuntimeError(f"dma_pool_alloc: {self.name} already destroyed")
        if not self._free:
            r = dma_alloc_coherent(self.dev, self._request, gfp & ~GFP_ZERO)
            if r is None:
                return None
            base = -(-r[0] // self.chunk_align) * self.chunk_align
            try:
                blocks = self._carve(base)
            except BaseException:
                dma_free_coherent(self.dev, self._request, r[0], r[1])
                raise
            self._raw[base] = r[0]
            self.chunks.append(base)
            self._free = blocks[::-1]
        a = self._free.pop()
        self.outstanding.add(a)
        if gfp & GFP_ZERO:
            self.dev.machine.memory.zero(a, self.size)
        return a, a

    def free(self, cpu_addr: int, dma_handle: int) -> None:
        """Return a block. BadFreeError for a block not outstanding (double free, foreign) or
        a cpu_addr that does not match the handle."""
        if cpu_addr != dma_handle:
            raise BadFreeError(f"dma_pool_free {self.name}: cpu_addr {cpu_addr:#x} != "
                               f"dma_handle {dma_handle:#x}")
        if dma_handle not in self.outstanding:
            raise BadFreeError(f"dma_pool_free {self.name}: {dma_handle:#x} is not an "
                               f"outstanding block (double free or foreign address)")
        self.outstanding.remove(dma_handle)
        self._free.append(dma_handle)

    def destroy(self) -> None:
        """Free every chunk. RuntimeError naming the count if blocks are outstanding."""
        if self.destroyed:
            raise RuntimeError(f"dma_pool_destroy: {self.name} already destroyed")
        if self.outstanding:
            raise RuntimeError(f"dma_pool_destroy {self.name}: {len(self.outstanding)} block(s) "
                               f"still outstanding")
        for c in self.chunks:
            raw = self._raw.pop(c)
            dma_free_coherent(self.dev, self._request, raw, raw)
        self.chunks.clear()
        self._free.clear()
        self.destroyed = True


def dma_pool_create(name: str, dev: Device, size: int, align: int, boundary: int) -> DmaPool:
    """A DmaPool of `size`-byte blocks aligned to `align`, never crossing `boundary`.
    ValueError for size 0, align/boundary not a power of two, boundary < size."""
    return DmaPool(name, dev, size, align, boundary)
