"""Mempool over the mask allocator: Kleen's `mempool_create_pool_pmask(min_nr, size, mask)`.

Elements are byte addresses of `size`-byte buffers (whole pages, from get_pages_mask) whose last
byte is <= mask. Semantics follow Linux's 2008 mm/mempool.c:
- creation pre-allocates `min_nr` elements, all or nothing (MemoryError, nothing leaked);
- alloc: the allocator without waiting, then the reserve (LIFO), then None for atomic callers;
  sleeping callers (`alloc_async` with GFP_KERNEL) wait on the pool's wait queue for a
  mempool free, at most `timeout` seconds (5.0) per wait, then retry. Linux retries forever;
  here a wait that times out is followed by one last attempt, then None (so benches cannot
  hang);
- free: refill the reserve while it holds fewer than min_nr elements, else give the element back
  to the allocator; wake the waiters;
- resize(new_min_nr); destroy() with elements outstanding raises RuntimeError naming the count.
"""
from __future__ import annotations

from .errors import BadFreeError
from .gfp import GFP_NOWARN, GFP_ZERO, gfp_may_sleep
from .sleeper import WaitQueue


class Mempool:
    """A reserve of `min_nr` `size`-byte elements below `mask` on `machine`."""

    def __init__(self, machine, min_nr: int, size: int, mask: int) -> None:
        if not isinstance(min_nr, int) or min_nr < 0:
            raise ValueError(f"mempool min_nr {min_nr!r} must be >= 0")
        machine._check_args(0, size, mask, "mempool_create_pool_pmask")
        self.machine = machine
        self.min_nr = min_nr
        self.size = size
        self.mask = mask
        self.timeout = machine.wait_timeout
        self.reserve: list[int] = []
        self.outstanding: set[int] = set()
        self.destroyed = False
        self.waitq = WaitQueue(machine.sleeper)
        got = self._grab(min_nr)
        if got is None:
            raise MemoryError(f"mempool_create_pool_pmask: cannot pre-allocate {min_nr} elements "
                              f"of {size} bytes below mask {mask:#x} (pool {machine.pool.nr_free}"
                              f" pages free)")
        self.reserve = got
        machine.mempools.append(self)

    def __repr__(self) -> str:
        return (f"Mempool(min_nr={self.min_nr}, size={self.size}, mask={self.mask:#x}, "
                f"reserve={len(self.reserve)}, outstanding={len(self.outstanding)})")

    def _grab(self, n: int) -> list[int] | None:
        """n new elements from the allocator, or None with nothing leaked."""
        got = []
        for _ in range(n):
            a = self.machine.get_pages_mask(GFP_NOWARN, self.size, self.mask)
            if a is None:
                for b in got:
                    self.machine.free_pages_mask(b, self.size)
                return None
            got.append(a)
        return got

    def _alive(self, op: str) -> None:
        if self.destroyed:
            raise RuntimeError(f"mempool {op}: pool already destroyed")

    def alloc(self, gfp: int) -> int | None:
        """An element address, or None. Never sleeps (see alloc_async)."""
        self._alive("alloc")
        a = self.machine.get_pages_mask((gfp & ~GFP_ZERO) | GFP_NOWARN, self.size, self.mask)
        if a is None and self.reserve:
            a = self.reserve.pop()
        if a is None:
            return None
        if gfp & GFP_ZERO:
            self.machine.memory.zero(a, self.size)
        self.outstanding.add(a)
        return a

    async def alloc_async(self, gfp: int) -> int | None:
        """alloc that sleeps for sleeping gfp until a mempool free (see module doc)."""
        while True:
            a = self.alloc(gfp)
            if a is not None or not gfp_may_sleep(gfp):
                return a
            self.machine.stats["mask_wait"] += 1
            if not await self.waitq.sleep(self.timeout):
                return self.alloc(gfp)

    def free(self, element: int) -> None:
        """Return an element: to the reserve if it is below min_nr, else to the allocator.
        BadFreeError for an address this pool did not hand out (or double free)."""
        self._alive("free")
        if element not in self.outstanding:
            raise BadFreeError(f"mempool free: {element!r} is not an outstanding element of "
                               f"{self!r} (double free or foreign address)")
        self.outstanding.remove(element)
        if len(self.reserve) < self.min_nr:
            self.reserve.append(element)
        else:
            self.machine.free_pages_mask(element, self.size)
        self.waitq.wake_all()

    def resize(self, new_min_nr: int) -> None:
        """Change min_nr: shrinking frees surplus reserve elements; growing pre-allocates the
        missing ones (MemoryError, nothing changed, if that fails). Never sleeps."""
        self._alive("resize")
        if not isinstance(new_min_nr, int) or new_min_nr < 0:
            raise ValueError(f"mempool resize: new_min_nr {new_min_nr!r} must be >= 0")
        missing = new_min_nr - len(self.reserve)
        if missing > 0:
            got = self._grab(missing)
            if got is None:
                raise MemoryError(f"mempool resize to {new_min_nr}: cannot allocate {missing} "
                                  f"more elements of {self.size} bytes below {self.mask:#x}")
            self.reserve.extend(got)
        while len(self.reserve) > new_min_nr:
            self.machine.free_pages_mask(self.reserve.pop(), self.size)
        self.min_nr = new_min_nr

    def destroy(self) -> None:
        """Free the reserve. RuntimeError naming the count if elements are outstanding."""
        self._alive("destroy")
        if self.outstanding:
            raise RuntimeError(f"mempool destroy: {len(self.outstanding)} element(s) still "
                               f"outstanding in {self!r}")
        while self.reserve:
            self.machine.free_pages_mask(self.reserve.pop(), self.size)
        self.destroyed = True
        if self in self.machine.mempools:
            self.machine.mempools.remove(self)
