"""A machine booted with RAM, a buddy allocator, the mask pool and swiotlb.

Layout: RAM [0, ram_size) is managed by the allocators; the pool
[pool_start, pool_start + pool_size) is removed from the buddy allocator and managed by the
MaskAllocator; the swiotlb slot area is allocated out of the pool at boot (below 4 GiB) and
never returned. Memory [ram_size, memory_size) exists (device-visible) but no allocator hands it
out: only dma_map_resource maps it.

The mask allocator API (the seed's four calls):
- `alloc_pages_mask(gfp, size, mask)`: size in bytes (>= 1; sizes below the 16-byte minimum are
  raised to 16), rounded up to whole pages only. The buddy allocator is tried first only when
  the mask reaches above the top of the pool, `force` is off and the pages fit in one buddy
  block (<= 2**MAX_ORDER pages); the buddy block (order ceil(log2(pages))) is checked by its
  LAST byte: if that is above the mask it is freed at once (`mask_higher`) and the pool is used.
  The pool run is exactly ceil(size / PAGE_SIZE) pages, all <= mask.
- `free_pages_mask_page(pfn, size)`: the pool or the buddy is chosen by address range; the size
  must give the same page count as at allocation (BadFreeError naming both otherwise).
- `get_pages_mask` / `free_pages_mask`: the same with byte addresses.
The synchronous calls never sleep (a GFP_KERNEL failure returns None at once); the `_async`
variants sleep for sleeping gfp: every pool free wakes all waiters, each wait lasts at most
`wait_timeout` (5.0 s, Kleen's value) of the sleeper's clock; after a wait that times out one
last attempt is made and then None is returned.

Counters (`machine.stats`, a Counter; names after Kleen's vmstat ones):
- mask_alloc: successful alloc_pages_mask calls (buddy or pool); mask_free: frees.
- mask_buddy: of those, served by the buddy allocator; mask_pool: served by the pool.
- mask_higher: buddy blocks that ended above the mask and were given back (fallback taken).
- mask_bitmap_skip: pool searches restarted because of the mask (see MaskAllocator).
- mask_wait: times a sleeping caller went to sleep; mask_timeout: waits that timed out.
- mask_fail: allocation failures (None returned).
- mask_low_waste: bytes lost to page rounding (pages * PAGE_SIZE - size), all allocations.
- mask_high_waste: pages lost to power-of-two rounding of buddy blocks (2**order - pages).
- swiotlb_bounce: bounce mappings made; swiotlb_full: bounce mappings refused.
- zone_fallback: allocations whose mask the pre-2008 zone policy narrowed to ZONE_DMA.

Zone policy (`zone_policy`, one switch point in `_alloc`):
- "mask" (default): the mask allocator as described above; the caller's mask is used as given.
- "pre2008": the kernels before the mask allocator: a mask below 4 GiB cannot be served from
  ZONE_DMA32/NORMAL, so it falls back to GFP_DMA, the fixed 16 MiB zone: the mask is narrowed to
  ZONE_DMA_LIMIT and the buddy is not tried. A 30-bit device (the b44) then competes for 16 MiB
  with every ISA-class device and fails with ENOMEM once that zone is used up ("b44: ENOMEM
  after uptime"). Masks of 4 GiB and more are served as under "mask".
"""
from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass

from . import faults
from .buddy import BuddyAllocator
from .errors import BadFreeError, KernelBugError, hx
from .gfp import (MAX_ORDER, PAGE_SHIFT, PAGE_SIZE, GFP_NOWARN, GFP_ZERO, check_gfp,
                  gfp_may_sleep, validate_mask)
from .mask_allocator import MaskAllocator
from .physical_memory import PhysicalMemory
from .sleeper import AsyncioSleeper, Sleeper, WaitQueue
from .swiotlb import IO_TLB_SIZE, Swiotlb

log = logging.getLogger("models.machine")

MASK_MIN_SIZE = 16
WAIT_TIMEOUT = 5.0
_4G = 1 << 32
ZONE_DMA_LIMIT = (16 << 20) - 1  # last byte of the pre-2008 ISA DMA zone
ZONE_POLICIES = ("mask", "pre2008")


@dataclass(frozen=True)
class FreeCounts:
    """Free resources: buddy pages, pool pages, swiotlb slots."""
    buddy_pages: int
    pool_pages: int
    swiotlb_slots: int


class Machine:
    """RAM + buddy + mask pool + swiotlb, and the devices created on it."""

    def __init__(self, ram_size: int = 8 << 30, pool_size: int = 16 << 20, pool_start: int = 0,
                 memory_size: int | None = None, swiotlb_size: int = 4 << 20,
                 buddy_policy: str = "high", placement: str = "nextfit", force: bool = False,
                 seed: int = 0, sleeper: Sleeper | None = None,
                 zone_policy: str = "mask") -> None:
        if zone_policy not in ZONE_POLICIES:
            raise ValueError(f"zone_policy {zone_policy!r} not one of {ZONE_POLICIES}")
        for name, v in (("ram_size", ram_size), ("pool_size", pool_size),
                        ("pool_start", pool_start), ("swiotlb_size", swiotlb_size)):
            if not isinstance(v, int) or v < 0 or v % PAGE_SIZE:
                raise ValueError(f"{name} {v!r} must be a non-negative multiple of PAGE_SIZE "
                                 f"({PAGE_SIZE})")
        if ram_size == 0 or pool_size == 0:
            raise ValueError(f"ram_size {ram_size:#x} and pool_size {pool_size:#x} must be > 0")
        if pool_start + pool_size > ram_size:
            raise ValueError(f"pool [{pool_start:#x}, {pool_start + pool_size:#x}) does not fit "
                             f"in RAM [0, {ram_size:#x})")
        mem = memory_size if memory_size is not None else ram_size
        if mem < ram_size:
            raise ValueError(f"memory_size {mem:#x} smaller than ram_size {ram_size:#x}")
        if swiotlb_size > pool_size:
            raise ValueError(f"swiotlb_size {swiotlb_size:#x} larger than the pool "
                             f"({pool_size:#x})")
        self.ram_size = ram_size
        self.pool_size = pool_size
        self.pool_start = pool_start
        self.pool_end = pool_start + pool_size  # exclusive
        self.force = force
        self.zone_policy = zone_policy
        self.wait_timeout = WAIT_TIMEOUT
        self.stats: Counter = Counter()
        self.memory = PhysicalMemory(mem)
        self.sleeper: Sleeper = sleeper if sleeper is not None else AsyncioSleeper()
        self.waitq = WaitQueue(self.sleeper)
        p0, p1, top = pool_start >> PAGE_SHIFT, self.pool_end >> PAGE_SHIFT, ram_size >> PAGE_SHIFT
        self.buddy = BuddyAllocator([(0, p0), (p1, top)], policy=buddy_policy, seed=seed)
        self.pool = MaskAllocator(p0, p1 - p0, placement=placement, stats=self.stats)
        self._mask_allocs: dict[int, tuple[int, str]] = {}  # pfn -> (size, "pool"|"buddy")
        self.devices: list = []
        self.mempools: list = []
        nslots = swiotlb_size // IO_TLB_SIZE
        base = 0
        if nslots:
            spfn = self.pool.alloc(swiotlb_size >> PAGE_SHIFT, _4G - 1)
            if spfn is None:
                raise ValueError(f"swiotlb area of {swiotlb_size:#x} bytes cannot be carved out "
                                 f"of the pool [{pool_start:#x}, {self.pool_end:#x}) below 4 GiB")
            base = spfn << PAGE_SHIFT
        self.swiotlb = Swiotlb(self.memory, base, nslots, stats=self.stats)
        self.boot_counts = self.free_counts()

    # -- bookkeeping -----------------------------------------------------------------------
    def free_counts(self) -> FreeCounts:
        """Current free buddy pages, pool pages and swiotlb slots."""
        return FreeCounts(self.buddy.nr_free_pages, self.pool.nr_free, self.swiotlb.free_slots)

    @property
    def min_dma_mask(self) -> int:
        """Smallest mask the machine can serve: the last byte of the pool's lowest page."""
        return self.pool_start + PAGE_SIZE - 1

    def check_quiescent(self) -> None:
        """Raise AssertionError naming every free count that differs from boot and every device
        with live mappings (and every mempool not destroyed)."""
        problems = []
        now, boot = self.free_counts(), self.boot_counts
        for f in ("buddy_pages", "pool_pages", "swiotlb_slots"):
            if getattr(now, f) != getattr(boot, f):
                problems.append(f"{f}: {getattr(now, f)} free now, {getattr(boot, f)} at boot")
        for dev in self.devices:
            maps = dev.mappings()
            if maps:
                more = f"; ... {len(maps) - 8} more" if len(maps) > 8 else ""
                problems.append(f"device {dev.name}: {len(maps)} live mapping(s): " +
                                "; ".join(m.describe() for m in maps[:8]) + more)
        for mp in self.mempools:
            if not mp.destroyed:
                problems.append(f"mempool {mp!r} not destroyed")
        if problems:
            raise AssertionError("machine not quiescent: " + " | ".join(problems))

    # -- the mask allocator API ------------------------------------------------------------
    def _check_args(self, gfp: int, size: int, mask: int, caller: str) -> int:
        check_gfp(gfp, caller)
        if not isinstance(size, int) or isinstance(size, bool) or size <= 0:
            raise ValueError(f"{caller}: size {size!r} must be >= 1 byte")
        if size > self.pool_size:
            raise ValueError(f"{caller}: size {size} bytes exceeds the mask pool "
                             f"({self.pool_size} bytes)")
        validate_mask(mask)
        if mask < self.min_dma_mask:
            raise ValueError(f"{caller}: mask {mask:#x} below the lowest page the machine can "
                             f"serve (needs >= {self.min_dma_mask:#x})")
        # FAULT B2-min-size (models/faults.py): sizes below Kleen's 16-byte minimum are passed
        # on unrounded.
        if faults.ACTIVE and faults.on("B2-min-size"):
            return size
        return max(size, MASK_MIN_SIZE)

    def alloc_pages_mask(self, gfp: int, size: int, mask: int) -> int | None:
        """Allocate ceil(size / PAGE_SIZE) contiguous pages whose last byte is <= mask; return
        the first pfn or None. Never sleeps. ValueError for a bad gfp (zone flags), size
        (0, above the pool) or mask (holes, below the machine's lowest page)."""
        return self._alloc(gfp, size, mask, True)

    def _alloc(self, gfp: int, size: int, mask: int, final: bool) -> int | None:
        size = self._check_args(gfp, size, mask, "alloc_pages_mask")
        if size < MASK_MIN_SIZE:
            raise KernelBugError(f"kernel BUG at mm/mask-alloc.c: alloc_pages_mask: size {size} "
                                 f"< MASK_MIN_SIZE ({MASK_MIN_SIZE}) [rule: sizes below the "
                                 f"minimum are raised to it before the allocator]")
        pages = (size + PAGE_SIZE - 1) >> PAGE_SHIFT
        pfn = None
        src = "pool"
        zone_dma = False
        # ZONE POLICY pre2008, the one switch point of Machine(zone_policy="pre2008").
        # FAULT B3-zone-dma-fallback (models/faults.py): the same switch from the catalogue.
        # A mask below 4 GiB falls back to the fixed 16 MiB zone; the buddy is not tried.
        if mask < _4G - 1 and (self.zone_policy == "pre2008" or (
                faults.ACTIVE and faults.on("B3-zone-dma-fallback"))):
            mask = min(mask, max(ZONE_DMA_LIMIT, self.min_dma_mask))
            zone_dma = True
            self.stats["zone_fallback"] += 1
        if (not zone_dma and not self.force and mask >= self.pool_end and pages <= 1 << MAX_ORDER):
            order = (pages - 1).bit_length()
            b = self.buddy.alloc_pages(gfp, order)
            if b is not None:
                if ((b + (1 << order)) << PAGE_SHIFT) - 1 > mask:
                    self.buddy.free_pages(b, order)
                    self.stats["mask_higher"] += 1
                else:
                    pfn, src = b, "buddy"
                    self.stats["mask_high_waste"] += (1 << order) - pages
        if pfn is None:
            pfn = self.pool.alloc(pages, mask)
        if pfn is None:
            if not final:
                return None
            self.stats["mask_fail"] += 1
            if not gfp & GFP_NOWARN:
                log.warning("alloc_pages_mask: no %d pages (size %d) below mask %#x; pool %d/%d "
                            "pages free", pages, size, mask, self.pool.nr_free, self.pool.npages)
            return None
        self._mask_allocs[pfn] = (size, src)
        self.stats["mask_alloc"] += 1
        self.stats["mask_" + src] += 1
        self.stats["mask_low_waste"] += pages * PAGE_SIZE - size
        if gfp & GFP_ZERO:
            self.memory.zero(pfn << PAGE_SHIFT, pages * PAGE_SIZE)
        return pfn

    def free_pages_mask_page(self, pfn: int, size: int) -> None:
        """Free what alloc_pages_mask returned (Linux __free_pages_mask). BadFreeError, nothing
        changed, for an unknown pfn or double free, or a size whose page count differs from
        the allocation's; wakes every sleeping allocator."""
        if not isinstance(size, int) or size <= 0:
            raise ValueError(f"free_pages_mask_page: size {size!r} must be >= 1 byte")
        size = max(size, MASK_MIN_SIZE)
        rec = self._mask_allocs.get(pfn)
        if rec is None:
            raise BadFreeError(f"free_pages_mask_page: pfn {hx(pfn)} (size {size}) is not a live "
                               f"mask allocation (double free or never allocated)")
        asize, src = rec
        pages = (size + PAGE_SIZE - 1) >> PAGE_SHIFT
        apages = (asize + PAGE_SIZE - 1) >> PAGE_SHIFT
        if pages != apages:
            raise BadFreeError(f"free_pages_mask_page: pfn {pfn:#x} freed with size {size} "
                               f"({pages} pages) but allocated with size {asize} "
                               f"({apages} pages)")
        if src == "pool":
            self.pool.free(pfn, pages)
        else:
            self.buddy.free_pages(pfn, (pages - 1).bit_length())
        del self._mask_allocs[pfn]
        self.stats["mask_free"] += 1
        self.waitq.wake_all()

    def get_pages_mask(self, gfp: int, size: int, mask: int) -> int | None:
        """alloc_pages_mask returning a byte address (or None)."""
        pfn = self.alloc_pages_mask(gfp, size, mask)
        return None if pfn is None else pfn << PAGE_SHIFT

    def free_pages_mask(self, addr: int, size: int) -> None:
        """Free what get_pages_mask returned; BadFreeError for an address not page aligned."""
        if not isinstance(addr, int) or addr % PAGE_SIZE:
            raise BadFreeError(f"free_pages_mask: address {hx(addr)} not aligned to PAGE_SIZE "
                               f"({PAGE_SIZE})")
        self.free_pages_mask_page(addr >> PAGE_SHIFT, size)

    def mask_allocation(self, pfn: int) -> tuple[int, str] | None:
        """(size, "pool" | "buddy") of the live mask allocation at pfn, or None."""
        return self._mask_allocs.get(pfn)

    def live_mask_allocations(self) -> dict[int, tuple[int, str]]:
        return dict(self._mask_allocs)

    async def alloc_pages_mask_async(self, gfp: int, size: int, mask: int) -> int | None:
        """alloc_pages_mask that sleeps for sleeping gfp (GFP_KERNEL) until a free makes room
        or a wait of `wait_timeout` seconds times out (then one last try). Atomic gfp: as the
        synchronous call."""
        if not gfp_may_sleep(gfp):
            return self.alloc_pages_mask(gfp, size, mask)
        while True:
            pfn = self._alloc(gfp, size, mask, False)
            if pfn is not None:
                return pfn
            self.stats["mask_wait"] += 1
            if not await self.waitq.sleep(self.wait_timeout):
                self.stats["mask_timeout"] += 1
                return self.alloc_pages_mask(gfp, size, mask)

    async def get_pages_mask_async(self, gfp: int, size: int, mask: int) -> int | None:
        pfn = await self.alloc_pages_mask_async(gfp, size, mask)
        return None if pfn is None else pfn << PAGE_SHIFT

    def mempool_create_pool_pmask(self, min_nr: int, size: int, mask: int):
        """A Mempool of `min_nr` pre-allocated elements of `size` bytes below `mask`.
        MemoryError (nothing leaked) if the reserve cannot be filled."""
        from .mempool import Mempool
        return Mempool(self, min_nr, size, mask)

    def __repr__(self) -> str:
        policy = "" if self.zone_policy == "mask" else f", zone_policy={self.zone_policy!r}"
        return (f"Machine(ram={self.ram_size:#x}, pool=[{self.pool_start:#x}, "
                f"{self.pool_end:#x}), swiotlb=[{self.swiotlb.base:#x}, {self.swiotlb.end:#x})"
                f"{policy})")
