"""alloc_pages_mask's buddy fallback at the device's limit.

The rule (docs/models-api.md): the buddy allocator is tried first only when the mask reaches
above the top of the pool; the block's LAST byte is compared with the mask, and a block ending
above it is given back (`mask_higher`) and the pool is used.

A real buddy block is naturally aligned, so it never straddles a 2^n - 1 mask (checked in
test_edge_properties.py); the straddling block below comes from a stub buddy that hands out a
misaligned block, the case Kleen's start-only comparison would have accepted.
"""
from __future__ import annotations

import pytest

from edge_assert import (assert_exact_fit, assert_not_handed, assert_within, edge_msg, span)
from models import DMA_BIT_MASK, GFP_ATOMIC, MAX_ORDER, PAGE_SHIFT, PAGE_SIZE, Machine

MiB = 1 << 20
PATH = "alloc_pages_mask (buddy fallback)"


def _block_span(pfn: int, order: int) -> tuple[int, int]:
    return span(pfn << PAGE_SHIFT, PAGE_SIZE << order)


@pytest.mark.parametrize("width", [26, 30, 33])
@pytest.mark.parametrize("size", [1, 5 * PAGE_SIZE - 100, (1 << MAX_ORDER) * PAGE_SIZE])
def test_ram_top_exactly_at_mask_plus_one_is_served_by_the_buddy(width, size):
    """RAM ends at 2^W: the highest buddy block ends exactly at the mask and must be used."""
    mask = DMA_BIT_MASK(width)
    m = Machine(ram_size=1 << width, buddy_policy="high")
    pfn = m.alloc_pages_mask(GFP_ATOMIC, size, mask)
    order = (((size + PAGE_SIZE - 1) >> PAGE_SHIFT) - 1).bit_length()
    first, last = _block_span(((mask + 1) >> PAGE_SHIFT) - (1 << order), order)
    assert_exact_fit(PATH, None if pfn is None else pfn << PAGE_SHIFT, first, last, mask,
                     "the buddy block's last byte is compared with the mask (`>`): a block "
                     "ending exactly at the mask is kept")
    assert m.mask_allocation(pfn) == (max(size, 16), "buddy")
    assert m.stats["mask_higher"] == 0, edge_msg(PATH, first, last, mask,
                                                 "no block given back", got="mask_higher > 0")
    m.free_pages_mask_page(pfn, size)
    m.check_quiescent()


@pytest.mark.parametrize("width", [26, 33])
def test_block_starting_one_page_above_the_mask_is_given_back(width):
    """RAM one 4 MiB block beyond 2^W: the highest block starts at mask + 1 and is refused."""
    mask = DMA_BIT_MASK(width)
    m = Machine(ram_size=(1 << width) + (PAGE_SIZE << MAX_ORDER), buddy_policy="high")
    pfn = m.alloc_pages_mask(GFP_ATOMIC, PAGE_SIZE, mask)
    first, last = span(pfn << PAGE_SHIFT, PAGE_SIZE)
    assert_within(PATH, first, last, mask)
    assert m.mask_allocation(pfn)[1] == "pool" and m.stats["mask_higher"] == 1
    assert m.free_counts().buddy_pages == m.boot_counts.buddy_pages  # block given back


class _MisalignedBuddy:
    """A buddy that hands out one block chosen by the test (not naturally aligned) and records
    what is given back; everything else is the machine's real buddy."""

    def __init__(self, real, pfn: int) -> None:
        self.real, self.pfn, self.freed = real, pfn, []

    def alloc_pages(self, gfp: int, order: int) -> int:
        return self.pfn

    def free_pages(self, pfn: int, order: int) -> None:
        self.freed.append((pfn, order))

    def __getattr__(self, name):
        return getattr(self.real, name)


@pytest.mark.parametrize("width", [24, 30, 32])
@pytest.mark.parametrize("order,pages_below", [(1, 1), (2, 1), (2, 3), (3, 7), (MAX_ORDER, 1),
                                               (MAX_ORDER, (1 << MAX_ORDER) - 1)])
def test_block_straddling_the_mask_is_given_back(width, order, pages_below):
    """A block starting below the mask and ending above it (the limit inside the block) is
    given back and the pool serves the request below the mask."""
    mask = DMA_BIT_MASK(width)
    m = Machine(ram_size=4 << 30, pool_size=16 * MiB if width > 24 else 8 * MiB,
                swiotlb_size=0)
    bpfn = ((mask + 1) >> PAGE_SHIFT) - pages_below
    first, last = _block_span(bpfn, order)
    stub = m.buddy = _MisalignedBuddy(m.buddy, bpfn)
    size = PAGE_SIZE << order
    pfn = m.alloc_pages_mask(GFP_ATOMIC, size, mask)
    rule = "the buddy block's LAST byte is compared with the mask: a straddling block is freed"
    assert_not_handed(PATH, None if pfn is None else pfn << PAGE_SHIFT, size, first, last, mask,
                      rule)
    assert stub.freed == [(bpfn, order)], edge_msg(PATH, first, last, mask, rule,
                                                   got=f"given back {stub.freed}")
    assert m.stats["mask_higher"] == 1 and m.mask_allocation(pfn)[1] == "pool"


@pytest.mark.parametrize("bits_above,tried", [(0, False), (1, True)])
def test_buddy_tried_only_when_the_mask_reaches_above_the_pool(bits_above, tried):
    """Pool [16 MiB, 32 MiB): a mask ending exactly at the pool's last byte uses the pool only;
    one bit more and the (low-first) buddy is tried and serves from page 0."""
    mask = DMA_BIT_MASK(25 + bits_above)
    m = Machine(ram_size=1 << 30, pool_start=16 * MiB, pool_size=16 * MiB, swiotlb_size=0,
                buddy_policy="low")
    assert (m.pool_end - 1 == mask) is not tried
    pfn = m.alloc_pages_mask(GFP_ATOMIC, PAGE_SIZE, mask)
    src = m.mask_allocation(pfn)[1]
    first, last = span(pfn << PAGE_SHIFT, PAGE_SIZE)
    assert_within(PATH, first, last, mask)
    rule = "the buddy is tried first only when mask >= pool_end"
    assert (src == "buddy") is tried, edge_msg(PATH, first, last, mask, rule, got=src)
