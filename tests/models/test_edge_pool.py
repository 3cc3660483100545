"""The mask pool (next-fit and Kleen placement) where the device's limit cuts through the pool.

Rule (docs/models-api.md, MaskAllocator): a run is exactly n pages, all <= the mask. next-fit
searches up from its cursor and restarts at the low end when the run found would end above the
mask; kleen searches down from min(cursor, mask limit). A run ending exactly at the mask is
accepted; a run starting at or below the mask and ending above it is never handed out.
"""
from __future__ import annotations

import pytest

from edge_assert import (assert_exact_fit, assert_not_handed, assert_refused, assert_within,
                         span)
from models import (DMA_BIT_MASK, GFP_ATOMIC, GFP_NOWARN, PAGE_SHIFT, PAGE_SIZE, Machine,
                    MaskAllocator)

ALL = DMA_BIT_MASK(64)
MiB = 1 << 20


def _bytes(pfn: int, n: int) -> tuple[int, int]:
    return span(pfn << PAGE_SHIFT, n * PAGE_SIZE)


def _addr(pfn: int | None) -> int | None:
    return None if pfn is None else pfn << PAGE_SHIFT


# Pool positions (start pfn, pages): the limit 2^20 - 1 (the end of page 255) lies 16 pages above
# the pool start, or the pool starts at 0, or the pool starts at page 100.
POSITIONS = [(240, 40), (0, 512), (100, 300)]


@pytest.mark.parametrize("start,npages", POSITIONS)
def test_nextfit_run_straddling_the_mask_is_placed_lower(start, npages):
    mask = DMA_BIT_MASK(20)
    lim = ((mask + 1) >> PAGE_SHIFT) - start          # pool pages below the limit
    p = MaskAllocator(start, npages, placement="nextfit")
    low = p.alloc(4, ALL)                             # pages 0..3, freed below
    p.alloc(lim - 6, ALL)                             # cursor now 2 pages below the limit
    p.free(low, 4)
    first, last = _bytes(start + lim - 2, 4)          # the run at the cursor straddles
    got = p.alloc(4, mask)
    assert_not_handed("MaskAllocator nextfit", _addr(got), 4 * PAGE_SIZE, first, last, mask,
                      "restart at the low end when the run at the cursor ends above the mask")
    assert got == start and p.stats["mask_bitmap_skip"] == 1
    # only the 2 pages at the cursor are left below the limit: a 4-page request is refused
    got = p.alloc(4, mask)
    assert_refused("MaskAllocator nextfit", _addr(got), None, first, last, mask,
                   "a run ending above the mask is never taken; no 4 free pages below it")


@pytest.mark.parametrize("start,npages", POSITIONS)
def test_nextfit_run_ending_exactly_at_the_mask_is_taken_at_the_cursor(start, npages):
    mask = DMA_BIT_MASK(20)
    lim = ((mask + 1) >> PAGE_SHIFT) - start
    p = MaskAllocator(start, npages, placement="nextfit")
    low = p.alloc(4, ALL)
    p.alloc(lim - 6, ALL)                             # cursor 2 pages below the limit
    p.free(low, 4)
    first, last = _bytes(start + lim - 2, 2)
    got = p.alloc(2, mask)
    assert_exact_fit("MaskAllocator nextfit", _addr(got), first, last, mask,
                     "next-fit takes the run at the cursor when it ends exactly at the mask")
    assert p.stats["mask_bitmap_skip"] == 0


@pytest.mark.parametrize("placement", ["nextfit", "kleen"])
@pytest.mark.parametrize("start,npages", POSITIONS)
def test_all_pages_below_the_mask_exactly(placement, start, npages):
    """A request of exactly the pages below the limit is accepted (ending at the mask); one
    page more is refused although the pool holds free pages above the limit."""
    mask = DMA_BIT_MASK(20)
    lim = ((mask + 1) >> PAGE_SHIFT) - start
    p = MaskAllocator(start, npages, placement=placement)
    assert p.limit_pages(mask) == lim
    first, last = _bytes(start, lim + 1)
    assert_refused(f"MaskAllocator {placement}", _addr(p.alloc(lim + 1, mask)), None, first,
                   last, mask, "every page of a run is <= the mask")
    first, last = _bytes(start, lim)
    assert_exact_fit(f"MaskAllocator {placement}", _addr(p.alloc(lim, mask)), first, last, mask)
    assert_refused(f"MaskAllocator {placement}", _addr(p.alloc(1, mask)), None,
                   *_bytes(start + lim - 1, 2), mask, "pool exhausted below the mask")


@pytest.mark.parametrize("start,npages", POSITIONS)
@pytest.mark.parametrize("n", [2, 3])
def test_kleen_first_run_ends_exactly_at_the_mask(start, npages, n):
    """Kleen searches down from the mask limit: the first run ends exactly at the mask, the
    next one right below it; none straddles."""
    mask = DMA_BIT_MASK(20)
    lim = ((mask + 1) >> PAGE_SHIFT) - start
    p = MaskAllocator(start, npages, placement="kleen")
    first, last = _bytes(start + lim - n, n)
    got = p.alloc(n, mask)
    assert_exact_fit("MaskAllocator kleen", _addr(got), first, last, mask,
                     "kleen takes the highest run whose last page is <= the mask")
    got2 = p.alloc(n, mask)
    assert_not_handed("MaskAllocator kleen", _addr(got2), n * PAGE_SIZE,
                      *_bytes(start + lim - n + 1, n), mask,
                      "never a run starting below the mask and ending above it")
    assert got2 == got - n


def test_kleen_cursor_above_the_limit_after_full_mask_allocations():
    """After full-mask allocations leave the kleen cursor above the limit, a limited request
    starts at the limit again: the run ends exactly at the mask."""
    mask = DMA_BIT_MASK(20)
    p = MaskAllocator(0, 512, placement="kleen")
    top = p.alloc(8, ALL)                             # pages 504..511: cursor at 504
    assert top == 504
    first, last = _bytes(256 - 4, 4)
    assert_exact_fit("MaskAllocator kleen", _addr(p.alloc(4, mask)), first, last, mask)


def test_nextfit_fast_path_then_limited_request():
    """Full-mask allocations run on the fast paths (cursor hole); a limited request right after
    must not reuse the hole that straddles the limit."""
    mask = DMA_BIT_MASK(20)
    p = MaskAllocator(0, 1024)
    for _ in range(127):
        p.alloc(2, ALL)                               # fast path; cursor at 254
    first, last = _bytes(254, 4)
    got = p.alloc(4, mask)
    assert_refused("MaskAllocator nextfit (fast path)", _addr(got), None, first, last, mask,
                   "the hole at the cursor straddles the mask: not used")
    first, last = _bytes(254, 2)
    assert_exact_fit("MaskAllocator nextfit (fast path)", _addr(p.alloc(2, mask)), first, last,
                     mask)
    assert p.alloc(1, mask) is None and p.alloc(1, ALL) == 256


@pytest.mark.parametrize("placement", ["nextfit", "kleen"])
@pytest.mark.parametrize("width", [20, 22, 23])
def test_machine_pool_cut_by_the_mask(placement, width):
    """Machine with the default 16 MiB pool at 0 and a 4 MiB swiotlb area: a 2^W - 1 mask
    (W = 20..23) cuts through the pool (and for W < 22 through the slot area). Allocating until
    refused: every run ends <= the mask, every free page below the limit is handed out (the
    page ending exactly at the mask too, unless swiotlb holds it), none above."""
    mask = DMA_BIT_MASK(width)
    m = Machine(pool_size=16 * MiB, swiotlb_size=4 * MiB, placement=placement, force=True)
    got = []
    while (pfn := m.alloc_pages_mask(GFP_ATOMIC | GFP_NOWARN, PAGE_SIZE, mask)) is not None:
        assert_within(f"alloc_pages_mask (pool, {placement})", *_bytes(pfn, 1), mask)
        got.append(pfn)
    lo, hi = m.pool_start, min(mask + 1, m.pool_end)
    slots = max(0, min(hi, m.swiotlb.end) - max(lo, m.swiotlb.base))
    assert len(got) == (hi - lo - slots) >> PAGE_SHIFT      # every page below the limit
    top = (mask + 1 - PAGE_SIZE) >> PAGE_SHIFT
    if not m.swiotlb.owns(top << PAGE_SHIFT):
        assert top in got, f"page ending exactly at the mask {mask:#x} never handed out"
    assert m.pool.nr_free > 0                         # pages above the limit stay free
