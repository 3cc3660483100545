"""Software IO TLB: bounce buffers for devices that cannot reach a buffer.

The slot area (default 4 MiB) is carved out of the mask pool at boot, below 4 GiB: the seed's
point is that swiotlb no longer owns a dedicated pool. It is cut into IO_TLB_SIZE (2 KiB) slots
grouped in IO_TLB_SEGSIZE (128-slot) segments; one mapping never crosses a segment, so it is at
most 256 KiB. Slots are searched next-fit with wrap (bitmap as one Python int, word-level bit
tricks); a run is used only if its last byte is <= the device's mask and it does not cross the
device's segment boundary (`boundary_mask`, Linux dma_get_seg_boundary). Mappings of PAGE_SIZE
or more start on a page boundary.

map() always copies original -> bounce (so partial device writes do not leak stale data);
unmap() and sync_for_cpu() copy bounce -> original for FROM_DEVICE/BIDIRECTIONAL;
sync_for_device() copies original -> bounce for TO_DEVICE/BIDIRECTIONAL.
Exhaustion returns DMA_MAPPING_ERROR and records Linux's message
"swiotlb buffer is full (sz: N bytes), total T (slots), used U (slots)" in `last_error` and via
logging.warning (unless `nowarn`); the warning goes on to name the live bounce mappings, oldest
first (owner device, address, size, direction: a leak shows as old mappings that never go),
also available as `live_report()`.
"""
from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass

from . import faults
from .errors import BadFreeError
from .gfp import (DMA_BIDIRECTIONAL, DMA_FROM_DEVICE, DMA_MAPPING_ERROR, DMA_TO_DEVICE,
                  PAGE_SIZE, DmaDirection)
from .mask_allocator import _runs
from .physical_memory import PhysicalMemory

log = logging.getLogger("models.swiotlb")

IO_TLB_SHIFT = 11
IO_TLB_SIZE = 1 << IO_TLB_SHIFT
IO_TLB_SEGSIZE = 128
IO_TLB_MAX_MAPPING = IO_TLB_SIZE * IO_TLB_SEGSIZE  # 256 KiB


@dataclass(frozen=True)
class BounceSlot:
    """A live bounce mapping: `tlb_addr` (the DMA address) backs `orig_addr` for `size` bytes."""
    tlb_addr: int
    orig_addr: int
    size: int
    nslots: int
    direction: DmaDirection
    owner: str = ""  # the device's name

    def describe(self) -> str:
        return (f"{self.owner or '?'} {self.tlb_addr:#x}+{self.size} {self.direction.name} "
                f"(orig {self.orig_addr:#x})")


class Swiotlb:
    """Bounce-buffer slots over [base, base + nslots * IO_TLB_SIZE) of `memory`."""

    def __init__(self, memory: PhysicalMemory, base: int, nslots: int,
                 stats: Counter | dict | None = None) -> None:
        if base % PAGE_SIZE:
            raise ValueError(f"swiotlb base {base:#x} not aligned to PAGE_SIZE {PAGE_SIZE}")
        if nslots < 0:
            raise ValueError(f"swiotlb slot count {nslots} must be >= 0")
        self.memory = memory
        self.base = base
        self.nslots = nslots
        self.end = base + nslots * IO_TLB_SIZE  # exclusive
        self.stats = stats if stats is not None else Counter()
        self._free = (1 << nslots) - 1  # bit set = slot free
        self._cursor = 0
        self._maps: dict[int, BounceSlot] = {}
        self._valid_cache: dict[int, int] = {}
        self.used = 0
        self.last_error: str | None = None

    @property
    def free_slots(self) -> int:
        return self.nslots - self.used

    def owns(self, addr: int) -> bool:
        """True if addr lies in the slot area."""
        return self.base <= addr < self.end

    def mappings(self) -> list[BounceSlot]:
        return list(self._maps.values())

    def lookup(self, tlb_addr: int) -> BounceSlot | None:
        return self._maps.get(tlb_addr)

    def live_report(self, limit: int = 8) -> str:
        """The live bounce mappings, oldest first: slots used per owner device, then up to
        `limit` mappings named by device, address, size and direction."""
        maps = list(self._maps.values())
        if not maps:
            return "no live bounce mappings"
        per: dict[str, list[int]] = {}
        for m in maps:
            c = per.setdefault(m.owner or "?", [0, 0])
            c[0] += 1
            c[1] += m.nslots
        head = ", ".join(f"device {o}: {c[0]} mapping(s), {c[1]} slots" for o, c in per.items())
        shown = "; ".join(m.describe() for m in maps[:limit])
        more = f"; ... {len(maps) - limit} more" if len(maps) > limit else ""
        return f"{len(maps)} live bounce mapping(s) ({head}); oldest first: {shown}{more}"

    def _boundary_starts(self, n: int, boundary_mask: int) -> int:
        """Bitmap of slot indices whose run of n slots crosses no multiple of
        boundary_mask + 1 (absolute addresses), or 0 if a run is longer than a segment."""
        key = (n, boundary_mask)
        v = self._valid_cache.get(key)
        if v is None:
            span = n << IO_TLB_SHIFT
            if span > boundary_mask + 1:
                v = 0
            else:
                v = (1 << self.nslots) - 1
                edge = (self.base | boundary_mask) + 1   # first boundary above base
                while edge < self.end:
                    e = (edge - self.base) >> IO_TLB_SHIFT  # slot starting at the boundary
                    lo = max(e - n + 1, 0)
                    v &= ~(((1 << (e - lo)) - 1) << lo)       # runs ending past the edge
                    edge += boundary_mask + 1
            self._valid_cache[key] = v
        return v

    def _valid_starts(self, n: int) -> int:
        """Bitmap of slot indices where a run of n slots stays in one segment (and starts on a
        page boundary when the mapping is a page or more)."""
        v = self._valid_cache.get(n)
        if v is None:
            step = PAGE_SIZE // IO_TLB_SIZE if n * IO_TLB_SIZE >= PAGE_SIZE else 1
            seg = 0
            for s in range(0, IO_TLB_SEGSIZE - n + 1, step):
                seg |= 1 << s
            v = 0
            for k in range(0, self.nslots, IO_TLB_SEGSIZE):
                v |= seg << k
            v &= (1 << self.nslots) - 1
            self._valid_cache[n] = v
        return v

    def _fail(self, msg: str, nowarn: bool, report: bool = False) -> int:
        self.last_error = msg
        self.stats["swiotlb_full"] += 1
        if nowarn:
            pass
        elif report:
            log.warning("%s; %s", msg, self.live_report())
        else:
            log.warning(msg)
        return DMA_MAPPING_ERROR

    def map(self, orig_addr: int, size: int, direction: DmaDirection, mask: int,
            nowarn: bool = False, boundary_mask: int | None = None, owner: str = "") -> int:
        """Bounce [orig_addr, orig_addr + size) into slots whose last byte is <= mask and whose
        run crosses no multiple of boundary_mask + 1 (None: no boundary). `owner` (a device
        name) is recorded for reports.

        Returns the bounce (DMA) address, or DMA_MAPPING_ERROR when no slot run fits (full),
        size > 256 KiB, or the run is longer than a boundary segment (all recorded in
        `last_error`). ValueError for size <= 0 or a direction that is not a DmaDirection
        other than DMA_NONE. Never sleeps.
        """
        if not isinstance(size, int) or size <= 0:
            raise ValueError(f"swiotlb map: size {size!r} must be >= 1")
        direction = DmaDirection(direction)
        if direction == DmaDirection.DMA_NONE:
            raise ValueError("swiotlb map: direction DMA_NONE is not allowed")
        if size > IO_TLB_MAX_MAPPING:
            return self._fail(f"swiotlb: mapping of {size} bytes exceeds the largest segment "
                              f"({IO_TLB_MAX_MAPPING} bytes = {IO_TLB_SEGSIZE} slots of "
                              f"{IO_TLB_SIZE} bytes)", nowarn)
        self.memory._check(orig_addr, size, "swiotlb map")
        n = (size + IO_TLB_SIZE - 1) >> IO_TLB_SHIFT
        lim = ((mask + 1 - self.base) >> IO_TLB_SHIFT) - n + 1  # starts < lim end <= mask
        # FAULT B6-seg-boundary (models/faults.py): the slot search ignores the device's
        # segment boundary.
        if faults.ACTIVE and faults.on("B6-seg-boundary"):
            boundary_mask = None
        if boundary_mask is not None and (self.base | boundary_mask) >= self.end - 1:
            boundary_mask = None  # the whole slot area lies inside one boundary segment
        if boundary_mask is not None and n << IO_TLB_SHIFT > boundary_mask + 1:
            return self._fail(f"swiotlb: mapping of {size} bytes ({n} slots) does not fit in "
                              f"one segment of the device's boundary (seg_boundary_mask "
                              f"{boundary_mask:#x})", nowarn)
        r = 0
        if lim > 0 and self.nslots:
            r = _runs(self._free, n) & self._valid_starts(n)
            if boundary_mask is not None:
                r &= self._boundary_starts(n, boundary_mask)
            if lim < self.nslots:
                r &= (1 << lim) - 1
        if not r:
            return self._fail(f"swiotlb buffer is full (sz: {size} bytes), total "
                              f"{self.nslots} (slots), used {self.used} (slots)", nowarn,
                              report=True)
        hi = r >> self._cursor
        if hi:
            s = self._cursor + (hi & -hi).bit_length() - 1
        else:
            s = (r & -r).bit_length() - 1
        self._free &= ~(((1 << n) - 1) << s)
        self._cursor = s + n if s + n < self.nslots else 0
        self.used += n
        tlb = self.base + (s << IO_TLB_SHIFT)
        self._maps[tlb] = BounceSlot(tlb, orig_addr, size, n, direction, owner)
        self.memory.write(tlb, self.memory.read(orig_addr, size))
        self.stats["swiotlb_bounce"] += 1
        return tlb

    def _get(self, tlb_addr: int, op: str) -> BounceSlot:
        m = self._maps.get(tlb_addr)
        if m is None:
            raise BadFreeError(f"swiotlb {op}: {tlb_addr:#x} is not a live bounce buffer "
                               f"(slot area [{self.base:#x}, {self.end:#x}))")
        return m

    def unmap(self, tlb_addr: int) -> BounceSlot:
        """Copy back (FROM_DEVICE/BIDIRECTIONAL) and release the slots of a live mapping."""
        m = self._get(tlb_addr, "unmap")
        if m.direction in (DMA_FROM_DEVICE, DMA_BIDIRECTIONAL):
            self.memory.write(m.orig_addr, self.memory.read(tlb_addr, m.size))
        del self._maps[tlb_addr]
        s = (tlb_addr - self.base) >> IO_TLB_SHIFT
        self._free |= ((1 << m.nslots) - 1) << s
        self.used -= m.nslots
        return m

    def sync_for_cpu(self, tlb_addr: int, size: int, offset: int = 0) -> None:
        """Copy bounce -> original for FROM_DEVICE/BIDIRECTIONAL mappings."""
        m = self._get(tlb_addr, "sync_for_cpu")
        if m.direction in (DMA_FROM_DEVICE, DMA_BIDIRECTIONAL):
            self.memory.write(m.orig_addr + offset, self.memory.read(tlb_addr + offset, size))

    def sync_for_device(self, tlb_addr: int, size: int, offset: int = 0) -> None:
        """Copy original -> bounce for TO_DEVICE/BIDIRECTIONAL mappings."""
        m = self._get(tlb_addr, "sync_for_device")
        if m.direction in (DMA_TO_DEVICE, DMA_BIDIRECTIONAL):
            self.memory.write(tlb_addr + offset, self.memory.read(m.orig_addr + offset, size))
