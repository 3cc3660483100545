"""Linux-like binary buddy allocator over page frame numbers (pfns).

Free lists per order 0..MAX_ORDER; a block of order k is 2**k pages, naturally aligned
(pfn % 2**k == 0); its buddy is pfn ^ 2**k. Every operation costs O(MAX_ORDER + log n): no
operation scans all pages.

Placement policy (which free block of the chosen order is used, and which half is kept when
splitting): "high" (default; highest address first, like a real machine where ordinary
allocations land high), "low" (lowest address first), "random" (seeded).
"""
from __future__ import annotations

import heapq
import random

from .errors import BadFreeError, hx
from .gfp import MAX_ORDER

POLICIES = ("high", "low", "random")


class _FreeList:
    """Set of free block pfns of one order with O(1) add/remove/random pick and, for the
    "high"/"low" policies, O(log n) max/min via a heap with lazy deletion."""

    __slots__ = ("pos", "items", "heap", "sign")

    def __init__(self, sign: int) -> None:
        self.pos: dict[int, int] = {}
        self.items: list[int] = []
        self.heap: list[int] = []
        self.sign = sign  # -1: max-heap ("high"), +1: min-heap ("low"), 0: no heap

    def __len__(self) -> int:
        return len(self.items)

    def __contains__(self, pfn: int) -> bool:
        return pfn in self.pos

    def add(self, pfn: int) -> None:
        self.pos[pfn] = len(self.items)
        self.items.append(pfn)
        if self.sign:
            heapq.heappush(self.heap, self.sign * pfn)
            if len(self.heap) > 2 * len(self.items) + 64:
                self.heap = [self.sign * p for p in self.items]
                heapq.heapify(self.heap)

    def remove(self, pfn: int) -> None:
        i = self.pos.pop(pfn)
        last = self.items.pop()
        if i < len(self.items):
            self.items[i] = last
            self.pos[last] = i

    def pick(self, rng: random.Random) -> int:
        """Remove and return the block the policy prefers (list must be non-empty)."""
        if not self.sign:
            pfn = self.items[rng.randrange(len(self.items))]
        else:
            heap = self.heap
            while True:
                pfn = self.sign * heapq.heappop(heap)
                if pfn in self.pos:
                    break
        self.remove(pfn)
        return pfn


class BuddyAllocator:
    """Buddy allocator over the pfn ranges given (half-open [lo, hi) pairs, disjoint).

    `nr_free_pages` is the number of free pages; `managed_pages` the number under management.
    """

    def __init__(self, ranges: list[tuple[int, int]], policy: str = "high", seed: int = 0) -> None:
        if policy not in POLICIES:
            raise ValueError(f"buddy policy {policy!r} not one of {POLICIES}")
        self.policy = policy
        self._rng = random.Random(seed)
        sign = {"high": -1, "low": 1, "random": 0}[policy]
        self._free = [_FreeList(sign) for _ in range(MAX_ORDER + 1)]
        self._allocated: dict[int, int] = {}  # pfn -> order
        self.ranges = sorted((int(lo), int(hi)) for lo, hi in ranges if hi > lo)
        for (_, h1), (l2, _) in zip(self.ranges, self.ranges[1:]):
            if l2 < h1:
                raise ValueError(f"buddy ranges overlap: {self.ranges}")
        self.managed_pages = sum(hi - lo for lo, hi in self.ranges)
        self.nr_free_pages = 0
        for lo, hi in self.ranges:
            self._seed_range(lo, hi)
        self.nr_free_pages = self.managed_pages

    def _seed_range(self, lo: int, hi: int) -> None:
        pfn = lo
        while pfn < hi:
            order = MAX_ORDER
            if pfn:
                order = min(order, (pfn & -pfn).bit_length() - 1)
            order = min(order, (hi - pfn).bit_length() - 1)
            self._free[order].add(pfn)
            pfn += 1 << order

    def _in_range(self, pfn: int, npages: int) -> bool:
        for lo, hi in self.ranges:
            if lo <= pfn and pfn + npages <= hi:
                return True
        return False

    def free_blocks(self, order: int) -> int:
        """Number of free blocks of exactly `order`."""
        return len(self._free[order])

    def is_allocated(self, pfn: int) -> int | None:
        """Order of the live block starting at pfn, or None."""
        return self._allocated.get(pfn)

    def alloc_pages(self, gfp: int, order: int) -> int | None:
        """Allocate 2**order contiguous, naturally aligned pages; return the first pfn or None.

        Never sleeps (`gfp` is accepted for symmetry with Linux and otherwise ignored).
        ValueError for an order outside 0..MAX_ORDER.
        """
        if not isinstance(order, int) or not 0 <= order <= MAX_ORDER:
            raise ValueError(f"alloc_pages: order {order!r} outside 0..{MAX_ORDER}")
        free = self._free
        o = order
        while o <= MAX_ORDER and not free[o].items:
            o += 1
        if o > MAX_ORDER:
            return None
        pfn = free[o].pick(self._rng)
        while o > order:  # split, keep one half per policy, free the other
            o -= 1
            half = 1 << o
            keep_high = (self.policy == "high" or
                         (self.policy == "random" and self._rng.random() < 0.5))
            if keep_high:
                free[o].add(pfn)
                pfn += half
            else:
                free[o].add(pfn + half)
        self._allocated[pfn] = order
        self.nr_free_pages -= 1 << order
        return pfn

    def _describe_free(self, pfn: int) -> str | None:
        for o in range(MAX_ORDER + 1):
            base = pfn & ~((1 << o) - 1)
            if base in self._free[o]:
                return f"free block {base:#x} of order {o}"
        return None

    def free_pages(self, pfn: int, order: int) -> None:
        """Free the block of `order` at `pfn`, merging with free buddies.

        Raises BadFreeError (nothing changed) for a pfn outside the managed ranges, a pfn not
        aligned to the order, a double free, a pfn that is not the start of a live block, or an
        order different from the one allocated; ValueError for an order outside 0..MAX_ORDER.
        """
        if not isinstance(order, int) or not 0 <= order <= MAX_ORDER:
            raise ValueError(f"free_pages: order {order!r} outside 0..{MAX_ORDER}")
        if not isinstance(pfn, int) or not self._in_range(pfn, 1):
            raise BadFreeError(f"free_pages: pfn {hx(pfn)} outside the managed ranges "
                               f"{[(hex(lo), hex(hi)) for lo, hi in self.ranges]}")
        if pfn & ((1 << order) - 1):
            raise BadFreeError(f"free_pages: pfn {pfn:#x} not aligned to order {order} "
                               f"({1 << order} pages)")
        got = self._allocated.get(pfn)
        if got is None:
            where = self._describe_free(pfn)
            if where is not None:
                raise BadFreeError(f"free_pages: double free of pfn {pfn:#x} (order {order}): "
                                   f"it lies in {where}")
            raise BadFreeError(f"free_pages: pfn {pfn:#x} (order {order}) is not the start of a "
                               f"live block")
        if got != order:
            raise BadFreeError(f"free_pages: pfn {pfn:#x} freed with order {order} but was "
                               f"allocated with order {got}")
        del self._allocated[pfn]
        self.nr_free_pages += 1 << order
        free = self._free
        while order < MAX_ORDER:
            buddy = pfn ^ (1 << order)
            if buddy not in free[order]:
                break
            free[order].remove(buddy)
            pfn &= ~(1 << order)
            order += 1
        free[order].add(pfn)

    def live_blocks(self) -> dict[int, int]:
        """Copy of the live blocks: pfn -> order."""
        return dict(self._allocated)
