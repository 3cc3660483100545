"""mempool_create_pool_pmask where the mask cuts through the pool.

Rule (docs/models-api.md, Mempool): elements are `size`-byte buffers (whole pages from
get_pages_mask) whose last byte is <= mask; creation pre-allocates min_nr elements all or
nothing (MemoryError, nothing leaked); resize() growing is all or nothing.
"""
from __future__ import annotations

import pytest

from edge_assert import assert_within, edge_msg, span
from models import DMA_BIT_MASK, GFP_ATOMIC, PAGE_SIZE, Machine

MASK = DMA_BIT_MASK(17)          # 128 KiB: page 31 is the last below the limit
ELEM = 4 * PAGE_SIZE - 5         # 4 pages per element
PATH = "mempool_create_pool_pmask"


def _machine(pool_start: int, placement: str) -> Machine:
    return Machine(ram_size=64 << 20, pool_start=pool_start, pool_size=64 * PAGE_SIZE,
                   swiotlb_size=0, placement=placement)


# pool at 0 (32 pages below the limit) or starting 16 pages below it
LAYOUTS = [(0, "nextfit"), (0, "kleen"), (MASK + 1 - 16 * PAGE_SIZE, "nextfit"),
           (MASK + 1 - 16 * PAGE_SIZE, "kleen")]


def _fit(m: Machine) -> int:
    return (MASK + 1 - m.pool_start) // (4 * PAGE_SIZE)


@pytest.mark.parametrize("pool_start,placement", LAYOUTS)
def test_reserve_filling_every_page_below_the_mask_is_accepted(pool_start, placement):
    m = _machine(pool_start, placement)
    n = _fit(m)
    mp = m.mempool_create_pool_pmask(n, ELEM, MASK)
    for a in mp.reserve:
        assert_within(PATH, *span(a, 4 * PAGE_SIZE), MASK, "every element page <= the mask")
    top = max(mp.reserve) + 4 * PAGE_SIZE - 1
    assert top == MASK, edge_msg(PATH, *span(MASK + 1 - 4 * PAGE_SIZE, 4 * PAGE_SIZE), MASK,
                                 "the element ending exactly at the mask is part of the "
                                 "reserve", got=f"highest element ends at {top:#x}")
    assert mp.alloc(GFP_ATOMIC) in mp.outstanding        # from the reserve: allocator is dry
    mp.free(next(iter(mp.outstanding)))
    mp.destroy()
    m.check_quiescent()


@pytest.mark.parametrize("pool_start,placement", LAYOUTS)
def test_one_element_more_than_fits_below_the_mask_is_refused(pool_start, placement):
    """min_nr one above what fits below the limit: MemoryError naming the mask, nothing leaked,
    although the pool holds free pages above the limit."""
    m = _machine(pool_start, placement)
    n = _fit(m)
    with pytest.raises(MemoryError, match=rf"cannot pre-allocate {n + 1} elements of {ELEM} "
                                          rf"bytes below mask {MASK:#x}"):
        m.mempool_create_pool_pmask(n + 1, ELEM, MASK)
    assert m.free_counts() == m.boot_counts and m.mempools == []


@pytest.mark.parametrize("pool_start,placement", LAYOUTS)
def test_allocator_then_reserve_never_above_the_mask(pool_start, placement):
    m = _machine(pool_start, placement)
    n = _fit(m)
    mp = m.mempool_create_pool_pmask(2, ELEM, MASK)
    got = []
    while (a := mp.alloc(GFP_ATOMIC)) is not None:
        assert_within(f"{PATH} (alloc)", *span(a, 4 * PAGE_SIZE), MASK)
        got.append(a)
    assert len(got) == n and MASK + 1 - 4 * PAGE_SIZE in got
    for a in got:
        mp.free(a)
    with pytest.raises(MemoryError, match=f"below {MASK:#x}"):
        mp.resize(n + 1)
    assert len(mp.reserve) == 2 and m.pool.nr_free == 64 - 8
    mp.resize(n)                                          # exact fit: every page below
    assert max(mp.reserve) + 4 * PAGE_SIZE - 1 == MASK
    mp.destroy()
    m.check_quiescent()
