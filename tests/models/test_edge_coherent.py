"""dma_alloc_coherent at the device's coherent limit.

Rule (docs/models-api.md): zeroed memory from alloc_pages_mask below `coherent_dma_mask` (not the
streaming mask): every page of the buffer is <= the coherent mask; a buffer ending exactly at
the mask is accepted, one that would end above it is never handed out.
"""
from __future__ import annotations

import pytest

from edge_assert import (assert_exact_fit, assert_refused, assert_within, edge_msg, span)
from models import (DMA_BIT_MASK, GFP_ATOMIC, GFP_NOWARN, PAGE_SIZE, Device, Machine,
                    dma_alloc_coherent, dma_free_coherent)

GiB, MiB = 1 << 30, 1 << 20
PATH = "dma_alloc_coherent"


def _handle(r):
    return None if r is None else r[1]


@pytest.mark.parametrize("placement", ["nextfit", "kleen"])
def test_coherent_mask_cuts_the_pool_page_by_page(placement):
    """16 MiB pool at 0 (4 MiB slot area in it), coherent mask 2^23 - 1, streaming mask 64-bit:
    every free page below 8 MiB is handed out, the one ending exactly at the mask too, then
    None although pages above the limit are free."""
    m = Machine(pool_size=16 * MiB, swiotlb_size=4 * MiB, placement=placement, force=True)
    dev = Device(m, "c23", DMA_BIT_MASK(64), DMA_BIT_MASK(23))
    limit = dev.coherent_dma_mask
    got = []
    while (r := dma_alloc_coherent(dev, 100, GFP_ATOMIC | GFP_NOWARN)) is not None:
        assert_within(PATH, r[1], r[1] + PAGE_SIZE - 1, limit, "every page <= the coherent mask")
        got.append(r[1])
    below = (limit + 1 - max(m.pool_start, m.swiotlb.end if m.swiotlb.base < limit else 0))
    assert len(got) == below // PAGE_SIZE
    assert limit + 1 - PAGE_SIZE in got, edge_msg(PATH, *span(limit + 1 - PAGE_SIZE, PAGE_SIZE),
                                                  limit, "the page ending exactly at the mask "
                                                  "is handed out", got="never")
    assert m.pool.nr_free > 0
    for h in got:
        dma_free_coherent(dev, 100, h, h)
    dev.remove()
    m.check_quiescent()


def test_coherent_exact_fit_in_one_buffer_and_one_page_more_refused():
    """Free pool pages below the limit: [4 MiB, 8 MiB). 4 MiB ends exactly at the mask and is
    accepted; 4 MiB + 1 byte (5 pages, ending a page above the mask) is refused."""
    m = Machine(pool_size=16 * MiB, swiotlb_size=4 * MiB, force=True)
    dev = Device(m, "c23", DMA_BIT_MASK(64), DMA_BIT_MASK(23))
    limit = dev.coherent_dma_mask
    r = dma_alloc_coherent(dev, 4 * MiB + 1, GFP_ATOMIC | GFP_NOWARN)
    assert_refused(PATH, _handle(r), None, 4 * MiB, 8 * MiB + PAGE_SIZE - 1, limit,
                   "every page of the buffer <= the coherent mask")
    r = dma_alloc_coherent(dev, 4 * MiB, GFP_ATOMIC)
    assert_exact_fit(PATH, _handle(r), *span(4 * MiB, 4 * MiB), limit)
    dma_free_coherent(dev, 4 * MiB, *r)


@pytest.mark.parametrize("width", [26, 30, 33])
def test_coherent_ram_top_exactly_at_mask_plus_one(width):
    """RAM ends at 2^W, buddy high: a 3-page buffer comes from the order-2 block ending exactly
    at the coherent mask."""
    m = Machine(ram_size=1 << width)
    dev = Device(m, f"c{width}", DMA_BIT_MASK(64), DMA_BIT_MASK(width))
    limit = dev.coherent_dma_mask
    r = dma_alloc_coherent(dev, 3 * PAGE_SIZE, GFP_ATOMIC)
    assert_exact_fit(PATH, _handle(r), *span(limit + 1 - 4 * PAGE_SIZE, 4 * PAGE_SIZE), limit,
                     "a buddy block ending exactly at the coherent mask is used")
    dma_free_coherent(dev, 3 * PAGE_SIZE, *r)


@pytest.mark.parametrize("streaming,coherent", [(64, 23), (23, 64), (24, 36)])
def test_coherent_uses_the_coherent_mask_not_the_streaming_one(streaming, coherent):
    m = Machine(ram_size=16 * GiB, buddy_policy="high")
    dev = Device(m, "split", DMA_BIT_MASK(streaming), DMA_BIT_MASK(coherent))
    r = dma_alloc_coherent(dev, 5 * PAGE_SIZE, GFP_ATOMIC)
    assert_within(PATH, r[1], r[1] + 8 * PAGE_SIZE - 1, DMA_BIT_MASK(coherent),
                  "pages <= the coherent mask")
    if coherent > streaming:   # served where the streaming mask could not reach
        assert r[1] + 5 * PAGE_SIZE - 1 > DMA_BIT_MASK(streaming), edge_msg(
            PATH, r[1], r[1] + 5 * PAGE_SIZE - 1, DMA_BIT_MASK(coherent),
            "the coherent mask decides, not the streaming mask", got="placed below the "
            "streaming mask")
    dma_free_coherent(dev, 5 * PAGE_SIZE, *r)


def test_coherent_pool_ending_exactly_at_the_mask():
    """Pool [8 MiB, 16 MiB), coherent mask 2^24 - 1 == the pool's last byte: the whole pool in
    one buffer is accepted (buddy not tried: the mask does not reach above the pool)."""
    m = Machine(ram_size=1 * GiB, pool_start=8 * MiB, pool_size=8 * MiB, swiotlb_size=0)
    dev = Device(m, "c24", DMA_BIT_MASK(24), DMA_BIT_MASK(24))
    r = dma_alloc_coherent(dev, 8 * MiB, GFP_ATOMIC)
    assert_exact_fit(PATH, _handle(r), *span(8 * MiB, 8 * MiB), DMA_BIT_MASK(24),
                     "a pool ending exactly at the mask is used to its last page")
    assert m.mask_allocation(r[1] >> 12)[1] == "pool"
    dma_free_coherent(dev, 8 * MiB, *r)
