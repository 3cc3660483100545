"""dma_set_mask / dma_set_coherent_mask / dma_set_mask_and_coherent at the machine's edge.

Rules (docs/models-api.md): a mask with holes (or outside 1..64 bits) is a ValueError naming
the value, everywhere a mask enters the API; a mask below `machine.min_dma_mask` (the last byte
of the pool's lowest page) returns -EIO and changes nothing; a mask equal to it is accepted and
the lowest pool page can then be handed out (exact fit).
"""
from __future__ import annotations

import pytest

from edge_assert import assert_exact_fit, edge_msg, span
from models import (DMA_BIT_MASK, EIO, GFP_ATOMIC, PAGE_SIZE, Device, Machine, MaskAllocator,
                    dma_alloc_coherent, dma_set_coherent_mask, dma_set_mask,
                    dma_set_mask_and_coherent)

MiB = 1 << 20
SETTERS = [dma_set_mask, dma_set_coherent_mask, dma_set_mask_and_coherent]


def _masks(dev: Device) -> tuple[int, int]:
    return dev.dma_mask, dev.coherent_dma_mask


# (pool_start, W): 2^W - 1 is the smallest DMA_BIT_MASK that reaches the pool's lowest page;
# where pool_start + PAGE_SIZE == 2^W that page ends exactly at the mask.
EDGES = [(0, 12), (4 * PAGE_SIZE - PAGE_SIZE, 14), (16 * MiB - PAGE_SIZE, 24),
         (16 * MiB, 25), (16 * MiB - 2 * PAGE_SIZE, 24), (1 << 30, 31)]


@pytest.mark.parametrize("setter", SETTERS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("pool_start,width", EDGES)
def test_smallest_accepted_mask(setter, pool_start, width):
    m = Machine(ram_size=2 << 30, pool_start=pool_start, pool_size=1 * MiB, swiotlb_size=0)
    dev = Device(m, "d")
    below = DMA_BIT_MASK(width - 1)
    before = _masks(dev)
    assert setter(dev, below) == -EIO, edge_msg(
        setter.__name__, pool_start, pool_start + PAGE_SIZE - 1, below,
        "a mask below the pool's lowest page is refused", got="accepted")
    assert _masks(dev) == before
    mask = DMA_BIT_MASK(width)
    assert m.min_dma_mask <= mask
    assert setter(dev, mask) == 0, edge_msg(setter.__name__, pool_start,
                                            pool_start + PAGE_SIZE - 1, mask,
                                            "a mask reaching the pool's lowest page is accepted",
                                            got="-EIO")


@pytest.mark.parametrize("pool_start,width", [e for e in EDGES if e[0] + PAGE_SIZE == 1 << e[1]])
def test_mask_equal_to_min_dma_mask_serves_the_lowest_pool_page(pool_start, width):
    """Exact fit: the pool's lowest page ends exactly at the mask: set, then allocated."""
    m = Machine(ram_size=2 << 30, pool_start=pool_start, pool_size=1 * MiB, swiotlb_size=0)
    dev = Device(m, "d", DMA_BIT_MASK(64), DMA_BIT_MASK(64))
    mask = DMA_BIT_MASK(width)
    assert m.min_dma_mask == mask
    assert dma_set_mask_and_coherent(dev, mask) == 0 and _masks(dev) == (mask, mask)
    r = dma_alloc_coherent(dev, PAGE_SIZE, GFP_ATOMIC)
    assert_exact_fit("dma_alloc_coherent", None if r is None else r[1],
                     *span(pool_start, PAGE_SIZE), mask)
    assert dma_alloc_coherent(dev, 1, GFP_ATOMIC) is None


HOLEY = [0xFFFF0FFF, 0x1FFFFFFFE, 1 << 32, 0xFFFFFFFF00000000 | 0xFFF, 0x7FFFFFFFFFFFFFFE]


@pytest.mark.parametrize("mask", HOLEY, ids=hex)
def test_masks_with_holes_refused_naming_the_value_everywhere(mask):
    m = Machine(ram_size=64 * MiB, pool_size=1 * MiB, swiotlb_size=0)
    dev = Device(m, "d")
    before = _masks(dev)
    msg = rf"mask {mask:#x} has holes: must be 2\^n - 1"
    for setter in SETTERS:
        with pytest.raises(ValueError, match=msg):
            setter(dev, mask)
        assert _masks(dev) == before
    with pytest.raises(ValueError, match=msg):
        Device(m, "e", dma_mask=mask)
    with pytest.raises(ValueError, match=msg):
        Device(m, "f", coherent_dma_mask=mask)
    counts = m.free_counts()
    with pytest.raises(ValueError, match=msg):
        m.alloc_pages_mask(GFP_ATOMIC, 100, mask)
    with pytest.raises(ValueError, match=msg):
        m.mempool_create_pool_pmask(1, 100, mask)
    pool = MaskAllocator(0, 16)
    with pytest.raises(ValueError, match=msg):
        pool.alloc(1, mask)
    assert m.free_counts() == counts and pool.nr_free == 16 and len(m.devices) == 1


@pytest.mark.parametrize("mask,msg", [(0, "outside 1..64 bits"), (1 << 64, "outside 1..64 bits"),
                                      (-1, "outside 1..64 bits"), (True, "is not an int")])
def test_masks_outside_64_bits_refused(mask, msg):
    m = Machine(ram_size=64 * MiB, pool_size=1 * MiB, swiotlb_size=0)
    dev = Device(m, "d")
    for setter in SETTERS:
        with pytest.raises(ValueError, match=msg):
            setter(dev, mask)
    assert _masks(dev) == (DMA_BIT_MASK(32), DMA_BIT_MASK(32))


def test_set_mask_and_coherent_refused_changes_neither():
    m = Machine(ram_size=1 << 30, pool_start=16 * MiB, pool_size=1 * MiB, swiotlb_size=0)
    dev = Device(m, "d", DMA_BIT_MASK(40), DMA_BIT_MASK(36))
    assert dma_set_mask_and_coherent(dev, DMA_BIT_MASK(24)) == -EIO
    assert _masks(dev) == (DMA_BIT_MASK(40), DMA_BIT_MASK(36))
