"""The mask pool: Andi Kleen's 2008 "mask allocator" bitmap over a reserved range of pages.

The pool is [start_pfn, start_pfn + npages). Its bitmap (bit set = page in use) is a list of
CHUNK-bit Python ints; free runs of n pages are found with word-level bit tricks on a window of
chunks (`w &= w >> s` doubling, lowest/highest set bit via `x & -x` and `bit_length`), never one
page at a time. Every allocation takes exactly `npages` pages (no power-of-two rounding), all of
them <= the mask.

Placement:
- "nextfit" (default; the LWN article): search upward from a cursor that cycles through the
  region; if the run found would end above the mask, restart from the low end of the pool and
  take the lowest fitting run. The cursor then points just past the run taken. The free run
  found at the cursor is remembered (`_hole`, a lower bound on the free pages at the cursor:
  frees only grow it), so consecutive allocations that fit in it cost O(1).
- "kleen" (the 2008 patch): one shared cursor searches *downward* from min(cursor, mask limit),
  taking the highest fitting run below it; when nothing fits below the cursor it wraps back to
  the mask limit.

Counter (in the `stats` mapping given, if any): `mask_bitmap_skip` counts searches that
restarted because of the mask (nextfit: the run found from the cursor lay above the mask, or
the cursor itself did; kleen: wrap back to the mask limit).
"""
from __future__ import annotations

from collections import Counter

from .errors import BadFreeError, hx
from .gfp import PAGE_SHIFT, validate_mask

CHUNK_SHIFT = 9
CHUNK = 1 << CHUNK_SHIFT
_CM = CHUNK - 1
_FULL = (1 << CHUNK) - 1
_FULL2 = (1 << 2 * CHUNK) - 1
_M = [(1 << n) - 1 for n in range(CHUNK + 1)]  # _M[n]: n low bits set
PLACEMENTS = ("nextfit", "kleen")


def _schedule(n: int) -> tuple[int, ...]:
    """Shifts s1, s2, ... such that `w &= w >> s` for each leaves bit i set iff bits
    i..i+n-1 of w were all set (run length doubles each step, the last step tops it up)."""
    out, k = [], 1
    while k < n:
        s = k if k < n - k else n - k
        out.append(s)
        k += s
    return tuple(out)


_SCHED: dict[int, tuple[int, ...]] = {}
_SCHED_L = [_schedule(n) for n in range(CHUNK + 2)]


def _runs(w: int, n: int) -> int:
    """Bit i of the result is set iff bits i..i+n-1 of w are all set."""
    sched = _SCHED.get(n)
    if sched is None:
        sched = _SCHED[n] = _schedule(n)
    for s in sched:
        w &= w >> s
    return w


class MaskAllocator:
    """Page-bitmap allocator over [start_pfn, start_pfn + npages).

    `nr_free` is the number of free pages. alloc/free never sleep. A call that raises changes
    nothing.
    """

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
        self.top_byte = (self.end_pfn << PAGE_SHIFT) - 1  # masks >= this cover the whole pool
        self.placement = placement
        self.stats = stats if stats is not None else Counter()
        nchunks = (npages + CHUNK - 1) >> CHUNK_SHIFT
        self._nchunks = nchunks
        # Bits past the end of the pool are permanently "used" (one guard chunk too).
        self._used = [0] * nchunks + [_FULL]
        tail = npages - (nchunks - 1) * CHUNK
        self._used[nchunks - 1] = _FULL & ~_M[tail]
        self._cur = 0              # nextfit: index where the next search starts
        self._hole = 0             # nextfit: pages known free at _cur (lower bound)
        self._okmask = -1          # last validated mask covering the whole pool
        self._lastmask = -1        # last validated mask and its page limit
        self._lasthi = 0
        self._kcur = npages        # kleen: exclusive upper bound of the downward search
        self._allocs: dict[int, int] = {}  # pfn -> npages
        self.nr_free = npages

    # -- queries ---------------------------------------------------------------------------
    def owns(self, pfn: int) -> bool:
        """True if pfn lies inside the pool range."""
        return self.start_pfn <= pfn < self.end_pfn

    def allocation_pages(self, pfn: int) -> int | None:
        """Pages of the live allocation starting at pfn, or None."""
        return self._allocs.get(pfn)

    def live(self) -> dict[int, int]:
        """Copy of the live allocations: pfn -> npages."""
        return dict(self._allocs)

    def is_free(self, pfn: int) -> bool:
        """True if the pool page pfn is free."""
        i = pfn - self.start_pfn
        return not self._used[i >> CHUNK_SHIFT] >> (i & _CM) & 1

    def limit_pages(self, mask: int) -> int:
        """Number of pool pages (from the low end) whose every byte is <= mask."""
        lim = ((mask + 1) >> PAGE_SHIFT) - self.start_pfn
        return 0 if lim < 0 else (self.npages if lim > self.npages else lim)

    # -- bitmap primitives -----------------------------------------------------------------
    def _mark(self, i: int, n: int, used: bool) -> None:
        u = self._used
        ci, off = i >> CHUNK_SHIFT, i & _CM
        while n > 0:
            take = CHUNK - off if CHUNK - off < n else n
            if used:
                u[ci] |= _M[take] << off
            else:
                u[ci] &= ~(_M[take] << off)
            n -= take
            ci += 1
            off = 0

    def _free_window(self, ci: int, n: int) -> int:
        """Free-page bits of chunk ci and of enough following chunks for runs of n pages
        starting in chunk ci (the guard chunk ends every window)."""
        u = self._used
        last = ci + ((n + CHUNK - 2) >> CHUNK_SHIFT)
        if last > self._nchunks:
            last = self._nchunks
        w = u[ci]
        sh = CHUNK
        for j in range(ci + 1, last + 1):
            w |= u[j] << sh
            sh += CHUNK
        return ~w & _M[sh] if sh <= CHUNK else ~w & ((1 << sh) - 1)

    def _find_up(self, n: int, lo: int, hi: int) -> tuple[int, int] | None:
        """(s, hole): lowest s >= lo with s + n <= hi and pages s..s+n-1 free; hole is a lower
        bound on the free run starting at s (>= n)."""
        last = hi - n
        if last < lo:
            return None
        u = self._used
        ci = lo >> CHUNK_SHIFT
        last_ci = last >> CHUNK_SHIFT
        while ci <= last_ci:
            if u[ci] == _FULL:
                ci += 1
                continue
            base = ci << CHUNK_SHIFT
            if n <= CHUNK + 1:
                w = ~(u[ci] | u[ci + 1] << CHUNK) & _FULL2
            else:
                w = self._free_window(ci, n)
            a = lo - base if lo > base else 0
            b = last - base if last - base < CHUNK - 1 else CHUNK - 1
            r = (_runs(w, n) >> a) & _M[b - a + 1]
            if r:
                k = a + (r & -r).bit_length() - 1
                y = ~(w >> k)
                return base + k, (y & -y).bit_length() - 1
            ci += 1
        return None

    def _find_down(self, n: int, lo: int, hi: int) -> int | None:
        """Highest s with lo <= s and s + n <= hi and pages s..s+n-1 free."""
        last = hi - n
        if last < lo:
            return None
        u = self._used
        ci = last >> CHUNK_SHIFT
        first_ci = lo >> CHUNK_SHIFT
        while ci >= first_ci:
            if u[ci] == _FULL and n <= CHUNK:
                ci -= 1
                continue
            base = ci << CHUNK_SHIFT
            r = _runs(self._free_window(ci, n), n)
            a = lo - base if lo > base else 0
            b = last - base if last - base < CHUNK - 1 else CHUNK - 1
            r = (r >> a) & _M[b - a + 1]
            if r:
                return base + a + r.bit_length() - 1
            ci -= 1
        return None

    # -- allocation ------------------------------------------------------------------------
    def alloc(self, npages: int, mask: int) -> int | None:
        """Allocate exactly `npages` contiguous pool pages, all <= mask; return pfn or None.

        Never sleeps. ValueError (naming the value and the limit) if npages is not an int in
        1..pool size or mask is not 2^n - 1.
        """
        try:
            h = self._hole - npages
        except TypeError:
            return self._alloc_slow(npages, mask)  # raises ValueError naming the value
        if h >= 0 and npages > 0 and mask == self._okmask and npages.__class__ is int:
            # Fast path (nextfit): the run at the cursor is known free and the mask covers
            # the whole pool.
            s = self._cur
            off = s & _CM
            if off + npages <= CHUNK:
                self._used[s >> CHUNK_SHIFT] |= _M[npages] << off
            else:
                self._mark(s, npages, True)
            self._cur = s + npages
            self._hole = h
            pfn = s + self.start_pfn
            self._allocs[pfn] = npages
            self.nr_free -= npages
            return pfn
        if mask == self._okmask and npages.__class__ is int and 0 < npages <= CHUNK:
            # Medium path (nextfit): first run of npages free pages from the cursor inside the
            # two-chunk window at the cursor, found with the doubling trick.
            s = self._cur
            ci = s >> CHUNK_SHIFT
            if ci < self._nchunks:
                u = self._used
                w = ~(u[ci] | u[ci + 1] << CHUNK) & _FULL2
                a = s & _CM
                r = w >> a
                for sh in _SCHED_L[npages]:
                    r &= r >> sh
                if r:
                    pos = a + (r & -r).bit_length() - 1
                    y = ~(w >> pos)
                    m = _M[npages] << pos
                    u[ci] |= m & _FULL
                    if m > _FULL:
                        u[ci + 1] |= m >> CHUNK
                    s = (ci << CHUNK_SHIFT) + pos
                    self._cur = s + npages
                    self._hole = (y & -y).bit_length() - 1 - npages
                    pfn = s + self.start_pfn
                    self._allocs[pfn] = npages
                    self.nr_free -= npages
                    return pfn
        return self._alloc_slow(npages, mask)

    def _alloc_slow(self, npages: int, mask: int) -> int | None:
        if npages.__class__ is not int or not 0 < npages <= self.npages:
            raise ValueError(f"mask pool alloc of {npages!r} pages: must be an int in "
                             f"1..{self.npages} (pool size)")
        if mask != self._lastmask or mask.__class__ is not int:
            validate_mask(mask)
            self._lastmask = mask
            self._lasthi = self.limit_pages(mask)
            if self._lasthi == self.npages and self.placement == "nextfit":
                self._okmask = mask
        n = npages
        hi = self._lasthi
        if n > hi:
            return None
        if self.placement == "nextfit":
            cur = self._cur
            found = None
            if cur + n <= hi:
                found = self._find_up(n, cur, hi)
            if found is None:
                # Nothing from the cursor below the mask: the next-fit run (if any) lies above
                # the mask, or beyond the end: restart at the low end of the pool.
                found = self._find_up(n, 0, hi if cur + n > hi else min(hi, cur + n - 1))
                if found is not None and hi < self.npages:
                    self.stats["mask_bitmap_skip"] += 1
            if found is None:
                self._hole = 0
                return None
            s, hole = found
            self._cur = s + n
            self._hole = hole - n
        else:
            top = self._kcur if self._kcur < hi else hi
            s = self._find_down(n, 0, top)
            if s is None:
                s = self._find_down(n, 0, hi)
                if s is None:
                    return None
                self.stats["mask_bitmap_skip"] += 1
            self._kcur = s if s > 0 else self.npages
        self._mark(s, n, True)
        pfn = self.start_pfn + s
        self._allocs[pfn] = n
        self.nr_free -= n
        return pfn

    def free(self, pfn: int, npages: int) -> None:
        """Free the live allocation of `npages` pages at pfn.

        BadFreeError (nothing changed) for a pfn outside the pool, a pfn that is not the start
        of a live allocation (double free, or the middle of one), or a page count different
        from the one allocated; the message names the values and the limit.
        """
        allocs = self._allocs
        if allocs.get(pfn) == npages and npages.__class__ is int:
            del allocs[pfn]
            i = pfn - self.start_pfn
            off = i & _CM
            if off + npages <= CHUNK:
                self._used[i >> CHUNK_SHIFT] ^= _M[npages] << off
            else:
                self._mark(i, npages, False)
            self.nr_free += npages
            return
        self._bad_free(pfn, npages)

    def _bad_free(self, pfn, npages) -> None:
        if not isinstance(pfn, int) or not self.owns(pfn):
            raise BadFreeError(f"mask pool free: pfn {hx(pfn)} outside the pool "
                               f"[{self.start_pfn:#x}, {self.end_pfn:#x})")
        got = self._allocs.get(pfn)
        if got is None:
            if self.is_free(pfn):
                raise BadFreeError(f"mask pool free: double free of pfn {pfn:#x} "
                                   f"({npages!r} pages): the page is free")
            raise BadFreeError(f"mask pool free: pfn {pfn:#x} is inside a live allocation but "
                               f"not its start")
        raise BadFreeError(f"mask pool free: pfn {pfn:#x} freed as {npages!r} pages but was "
                           f"allocated as {got} pages")
