"""The mask pool: Andi Kleen's 2008 "mask allocator" bitmap over a reserved range of pages.

The pool is [start_pfn, start_pfn + npages). A bitmap (bit set = page free) is kept as a list of
CHUNK-bit Python ints; free runs of n pages are found with word-level bit tricks
(`r &= r >> s` doubling, lowest/highest set bit), never one page at a time.

Allocations take exactly `npages` pages (no power-of-two rounding) and every page of the run
lies at or below the mask. Placement:
- "nextfit" (default; the LWN article): search upward from a cursor that cycles through the
  region; if the run found would end above the mask, restart from the low end of the pool and
  take the lowest fitting run. The cursor then points just past the run taken.
- "kleen" (the 2008 patch): one shared cursor searches *downward* from min(cursor, mask limit),
  taking the highest fitting run below it; when nothing fits it wraps back to the mask limit.

Counters (in the `stats` dict given, if any): `mask_bitmap_skip` counts searches that had to
restart (nextfit: at the low end because the next-fit run lay above the mask; kleen: wrap back
to the mask limit).
"""
from __future__ import annotations

from collections import Counter

from .errors import BadFreeError
from .gfp import PAGE_SHIFT

CHUNK = 512
_FULL = (1 << CHUNK) - 1
PLACEMENTS = ("nextfit", "kleen")


def _runs(w: int, n: int) -> int:
    """Bit i of the result is set iff bits i..i+n-1 of w are all set."""
    k = 1
    while k < n:
        s = k if k < n - k else n - k
        w &= w >> s
        k += s
    return w


class MaskAllocator:
    """Page-bitmap allocator over [start_pfn, start_pfn + npages)."""

    def __init__(self, start_pfn: int, npages: int, placement: str = "nextfit",
                 stats: Counter | dict | None = None) -> None:
        if placement not in PLACEMENTS:
            raise ValueError(f"placement {placement!r} not one of {PLACEMENTS}")
        if not isinstance(npages, int) or npages <= 0:
            raise ValueError(f"mask pool size {npages!r} pages must be >= 1")
        if not isinstance(start_pfn, int) or start_pfn < 0:
            raise ValueError(f"mask pool start pfn {start_pfn!r} must be >= 0")
        self.start_pfn = start_pfn
        self.npages = npages
        self.end_pfn = start_pfn + npages
        self.placement = placement
        self.stats = stats if stats is not None else Counter()
        nchunks = (npages + CHUNK - 1) // CHUNK
        self._bits = [_FULL] * nchunks
        tail = npages - (nchunks - 1) * CHUNK
        self._bits[-1] = (1 << tail) - 1
        self._nchunks = nchunks
        self._cursor = 0           # nextfit: next index to search from
        self._kcursor = npages     # kleen: exclusive upper bound of the downward search
        self._allocs: dict[int, int] = {}  # relative index -> npages
        self.nr_free = npages

    # -- queries ---------------------------------------------------------------------------
    def owns(self, pfn: int) -> bool:
        """True if pfn lies inside the pool range."""
        return self.start_pfn <= pfn < self.end_pfn

    def allocation_pages(self, pfn: int) -> int | None:
        """Pages of the live allocation starting at pfn, or None."""
        return self._allocs.get(pfn - self.start_pfn)

    def live(self) -> dict[int, int]:
        """Copy of the live allocations: pfn -> npages."""
        return {self.start_pfn + i: n for i, n in self._allocs.items()}

    def is_free(self, pfn: int) -> bool:
        i = pfn - self.start_pfn
        return bool(self._bits[i // CHUNK] >> (i % CHUNK) & 1)

    # -- bitmap primitives -----------------------------------------------------------------
    def _set(self, i: int, n: int, free: bool) -> None:
        bits = self._bits
        ci, off = divmod(i, CHUNK)
        while n > 0:
            take = CHUNK - off if CHUNK - off < n else n
            m = ((1 << take) - 1) << off
            if free:
                bits[ci] |= m
            else:
                bits[ci] &= ~m
            n -= take
            ci += 1
            off = 0

    def _window(self, ci: int, n: int) -> int:
        """Chunk ci plus enough following chunks to hold runs of n starting in chunk ci."""
        bits = self._bits
        w = bits[ci]
        extra = (n + CHUNK - 2) // CHUNK
        last = self._nchunks - 1
        sh = CHUNK
        for j in range(ci + 1, min(ci + extra, last) + 1):
            w |= bits[j] << sh
            sh += CHUNK
        return w

    def _find_up(self, n: int, lo: int, hi: int) -> int | None:
        """Lowest s with lo <= s and s + n <= hi and pages s..s+n-1 free."""
        last = hi - n
        if last < lo:
            return None
        bits = self._bits
        ci = lo // CHUNK
        last_ci = last // CHUNK
        while ci <= last_ci:
            if not bits[ci]:
                ci += 1
                continue
            base = ci * CHUNK
            if n == 1:
                r = bits[ci]
            else:
                r = _runs(self._window(ci, n), n)
            a = lo - base if lo > base else 0
            b = last - base if last - base < CHUNK - 1 else CHUNK - 1
            r = (r >> a) & ((1 << (b - a + 1)) - 1)
            if r:
                return base + a + (r & -r).bit_length() - 1
            ci += 1
        return None

    def _find_down(self, n: int, lo: int, hi: int) -> int | None:
        """Highest s with lo <= s and s + n <= hi and pages s..s+n-1 free."""
        last = hi - n
        if last < lo:
            return None
        bits = self._bits
        ci = last // CHUNK
        first_ci = lo // CHUNK
        while ci >= first_ci:
            if not bits[ci]:
                ci -= 1
                continue
            base = ci * CHUNK
            r = bits[ci] if n == 1 else _runs(self._window(ci, n), n)
            a = lo - base if lo > base else 0
            b = last - base if last - base < CHUNK - 1 else CHUNK - 1
            r = (r >> a) & ((1 << (b - a + 1)) - 1)
            if r:
                return base + a + r.bit_length() - 1
            ci -= 1
        return None

    # -- allocation ------------------------------------------------------------------------
    def limit_pages(self, mask: int) -> int:
        """Number of pool pages (from the low end) whose every byte is <= mask."""
        lim = ((mask + 1) >> PAGE_SHIFT) - self.start_pfn
        return 0 if lim < 0 else (self.npages if lim > self.npages else lim)

    def alloc(self, npages: int, mask: int) -> int | None:
        """Allocate exactly `npages` contiguous pool pages all <= mask; return pfn or None.

        Never sleeps. ValueError if npages < 1 or npages > the pool size.
        """
        if not isinstance(npages, int) or not 1 <= npages <= self.npages:
            raise ValueError(f"mask pool alloc of {npages!r} pages: must be 1..{self.npages} "
                             f"(pool size)")
        n = npages
        hi = self.limit_pages(mask)
        if n > hi:
            return None
        if self.placement == "nextfit":
            cur = self._cursor
            s = None
            if cur + n <= hi:
                s = self._find_up(n, cur, hi)
                if s is None:
                    # the next run from the cursor (if any) lies above the mask or there is
                    # none before the mask: restart at the low end.
                    s = self._find_up(n, 0, min(hi, cur + n - 1))
                    if s is not None and hi < self.npages:
                        self.stats["mask_bitmap_skip"] += 1
            else:
                s = self._find_up(n, 0, hi)
                if s is not None:
                    self.stats["mask_bitmap_skip"] += 1
            if s is None:
                return None
            self._cursor = s + n if s + n < self.npages else 0
        else:
            top = self._kcursor if self._kcursor < hi else hi
            s = self._find_down(n, 0, top)
            if s is None:
                s = self._find_down(n, 0, hi)
                if s is None:
                    return None
                self.stats["mask_bitmap_skip"] += 1
            self._kcursor = s if s > 0 else self.npages
        self._set(s, n, False)
        self._allocs[s] = n
        self.nr_free -= n
        return self.start_pfn + s

    def free(self, pfn: int, npages: int) -> None:
        """Free the live allocation of `npages` pages at pfn.

        BadFreeError (nothing changed) for a pfn outside the pool, a pfn that is not the start
        of a live allocation (double free, or the middle of one), or a page count different
        from the one allocated; the message names the values and the limit.
        """
        if not isinstance(pfn, int) or not self.owns(pfn):
            raise BadFreeError(f"mask pool free: pfn {pfn!r} outside the pool "
                               f"[{self.start_pfn:#x}, {self.end_pfn:#x})")
        i = pfn - self.start_pfn
        got = self._allocs.get(i)
        if got is None:
            if self.is_free(pfn):
                raise BadFreeError(f"mask pool free: double free of pfn {pfn:#x} "
                                   f"({npages} pages): page is free")
            raise BadFreeError(f"mask pool free: pfn {pfn:#x} is inside a live allocation but "
                               f"not its start")
        if got != npages:
            raise BadFreeError(f"mask pool free: pfn {pfn:#x} freed as {npages} pages but was "
                               f"allocated as {got} pages")
        del self._allocs[i]
        self._set(i, npages, True)
        self.nr_free += npages
