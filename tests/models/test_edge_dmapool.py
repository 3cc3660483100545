"""dma_pool at the boundary rule and at the device's coherent limit.

Rules (docs/models-api.md, dma_pool_create): a block at DMA address a is used iff
a // boundary == (a + block - 1) // boundary (a block ending exactly at a boundary is used, one
that would cross it is skipped to the boundary); blocks are aligned to `align`; chunks come
from dma_alloc_coherent, so every block's last byte is <= the coherent mask.
"""
from __future__ import annotations

import hypothesis.strategies as st
import pytest
from hypothesis import given, settings

from edge_assert import assert_within, edge_msg, span
from models import (DMA_BIT_MASK, GFP_ATOMIC, GFP_NOWARN, PAGE_SIZE, Device, Machine,
                    dma_alloc_coherent, dma_free_coherent, dma_pool_create)

MiB = 1 << 20
PATH = "dma_pool"


def _expected_blocks(base: int, length: int, bsize: int, boundary: int) -> list[int]:
    """Reference packing of one chunk [base, base + length): each window between consecutive
    boundaries (the whole chunk when boundary is 0) is filled from its start with blocks that
    end inside it."""
    end = base + length
    starts = [base]
    if boundary:
        k = base // boundary + 1
        while k * boundary < end:
            starts.append(k * boundary)
            k += 1
    out = []
    for i, w0 in enumerate(starts):
        w1 = starts[i + 1] if i + 1 < len(starts) else end
        a = w0
        while a + bsize <= w1:
            out.append(a)
            a += bsize
    return out


def _check_pool(m: Machine, dev: Device, size: int, align: int, boundary: int, nblocks: int):
    pool = dma_pool_create("edge", dev, size, align, boundary)
    bsize = pool.size
    blocks = [pool.alloc(GFP_ATOMIC)[0] for _ in range(nblocks)]
    limit = dev.coherent_dma_mask
    for a in blocks:
        first, last = span(a, bsize)
        assert_within(PATH, first, last, limit, "every block's last byte <= the coherent mask")
        assert a % pool.align == 0, edge_msg(PATH, first, last, limit,
                                             f"a block is aligned to {pool.align}")
        if boundary:
            assert first // boundary == last // boundary, edge_msg(
                PATH, first, last, boundary * (first // boundary + 1) - 1,
                f"a block never crosses a multiple of boundary {boundary}")
    by_chunk: dict[int, list[int]] = {}
    for a in blocks:
        c = next(c for c in pool.chunks if c <= a < c + pool.allocation)
        by_chunk.setdefault(c, []).append(a)
    for c, got in by_chunk.items():
        want = _expected_blocks(c, pool.allocation, bsize, boundary)
        full = len(got) == len(want) or c == pool.chunks[-1]
        assert full and sorted(got) == want[:len(got)], edge_msg(
            PATH, c, c + pool.allocation - 1, limit,
            "blocks pack each boundary window from its start; one ending exactly at a boundary "
            "or at the chunk's end is used", got=f"{[hex(x - c) for x in sorted(got)]}")
    for a in blocks:
        pool.free(a, a)
    pool.destroy()


@pytest.mark.parametrize("size,align,boundary", [
    (64, 64, 128), (96, 32, 256), (48, 16, 256), (1024, 8, 2048), (2048, 2048, 4096),
    (4096, 0, 4096), (1365, 1, 0), (100, 4, 512), (24, 8, 64),
    (8192, 0, 8192), (5000, 8, 8192), (100, 8192, 0), (3 * 4096, 4096, 16384),
])
def test_boundary_rule_and_alignment(size, align, boundary):
    m = Machine()
    dev = Device(m, "nvme")
    dma_alloc_coherent(dev, 100, GFP_ATOMIC)          # leaves the pool cursor on an odd page
    _check_pool(m, dev, size, align, boundary, 40)


@settings(max_examples=40, deadline=None)
@given(size=st.integers(1, 3 * PAGE_SIZE), align_log=st.integers(0, 14),
       boundary_log=st.one_of(st.none(), st.integers(4, 16)), skew=st.integers(0, 3),
       nblocks=st.integers(1, 24))
def test_boundary_rule_property(size, align_log, boundary_log, skew, nblocks):
    """Any size/align/boundary dma_pool_create accepts, with the pool cursor on any page."""
    align = 1 << align_log
    bsize = (size + align - 1) & ~(align - 1)
    boundary = 0 if boundary_log is None else 1 << boundary_log
    if boundary and boundary < bsize:
        boundary = 1 << (bsize - 1).bit_length()
    m = Machine()
    dev = Device(m, "d")
    for _ in range(skew):
        dma_alloc_coherent(dev, 100, GFP_ATOMIC)
    _check_pool(m, dev, size, align, boundary, nblocks)


@pytest.mark.parametrize("bsize", [64, 2048, 4096])
def test_blocks_up_to_the_coherent_limit(bsize):
    """Coherent mask 2^23 - 1 cuts the 16 MiB pool (slot area at [0, 4 MiB)): blocks are handed
    out up to the one ending exactly at the mask, then alloc returns None."""
    m = Machine(pool_size=16 * MiB, swiotlb_size=4 * MiB, force=True)
    dev = Device(m, "desc", DMA_BIT_MASK(64), DMA_BIT_MASK(23))
    limit = dev.coherent_dma_mask
    # fill all but the last 4 pages below the limit directly, then let the pool take the rest
    filler = dma_alloc_coherent(dev, 4 * MiB - 4 * PAGE_SIZE, GFP_ATOMIC)
    pool = dma_pool_create("desc", dev, bsize, bsize, 0)
    got = []
    while (r := pool.alloc(GFP_ATOMIC | GFP_NOWARN)) is not None:
        assert_within(PATH, *span(r[1], bsize), limit, "every block <= the coherent mask")
        got.append(r[1])
    assert len(got) == 4 * PAGE_SIZE // bsize
    assert max(got) + bsize - 1 == limit, edge_msg(
        PATH, *span(limit + 1 - bsize, bsize), limit, "the block ending exactly at the mask is "
        "handed out", got=f"highest block ends at {max(got) + bsize - 1:#x}")
    for a in got:
        pool.free(a, a)
    pool.destroy()
    dma_free_coherent(dev, 4 * MiB - 4 * PAGE_SIZE, *filler)
    dev.remove()
    m.check_quiescent()
