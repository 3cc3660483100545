import pytest

from models import (DMA_BIT_MASK, GFP_ATOMIC, PAGE_SIZE, BadFreeError, Device, Machine,
                    MappingKind, __GFP_ZERO, dma_pool_create)


def _dev():
    m = Machine()
    return m, Device(m, "nvme")


@pytest.mark.parametrize("size,align,boundary", [(32, 32, 4096), (24, 8, 64), (100, 4, 256),
                                                  (64, 64, 128), (3000, 1, 0), (8192, 64, 0)])
def test_blocks_aligned_never_cross_boundary(size, align, boundary):
    m, d = _dev()
    pool = dma_pool_create("p", d, size, align, boundary)
    blocks = [pool.alloc(GFP_ATOMIC) for _ in range(200)]
    bsize = pool.size
    spans = sorted(a for a, _ in blocks)
    for a, h in blocks:
        assert a == h and a % align == 0 and a + bsize - 1 <= DMA_BIT_MASK(32)
        if boundary:
            assert a // boundary == (a + bsize - 1) // boundary
        mp = d.find_mapping(h, bsize)
        assert mp is not None and mp.kind is MappingKind.COHERENT
    assert all(x + bsize <= y for x, y in zip(spans, spans[1:]))
    for a, h in blocks:
        pool.free(a, h)
    pool.destroy()
    assert d.mappings() == []
    m.check_quiescent()


def test_block_ending_exactly_at_boundary_is_used():
    # 64-byte blocks, 128-byte boundary: 64 blocks per page (the `>=` bug gave 32).
    m, d = _dev()
    pool = dma_pool_create("p", d, 64, 64, 128)
    blocks = [pool.alloc(GFP_ATOMIC)[0] for _ in range(64)]
    assert len(pool.chunks) == 1
    assert sorted(b - pool.chunks[0] for b in blocks) == list(range(0, PAGE_SIZE, 64))
    for b in blocks:
        pool.free(b, b)
    pool.destroy()


def test_zeroing_and_reuse():
    m, d = _dev()
    pool = dma_pool_create("p", d, 32, 32, 0)
    a, h = pool.alloc(GFP_ATOMIC)
    m.memory.write(a, b"x" * 32)
    pool.free(a, h)
    b, _ = pool.alloc(GFP_ATOMIC | __GFP_ZERO)
    assert b == a and m.memory.read(b, 32) == bytes(32)
    pool.free(b, b)
    pool.destroy()


@pytest.mark.parametrize("size,align,boundary,msg", [
    (0, 8, 0, "size 0 must be >= 1"),
    (32, 3, 0, "align 3 is not a power of two"),
    (32, 8, 48, "boundary 48 is not a power of two"),
    (64, 8, 32, "boundary 32 smaller than the block size 64"),
    (32 << 20, 8, 0, "exceeds the mask pool"),
])
def test_bad_parameters(size, align, boundary, msg):
    m, d = _dev()
    with pytest.raises(ValueError, match=msg):
        dma_pool_create("p", d, size, align, boundary)


def test_misuse():
    m, d = _dev()
    pool = dma_pool_create("desc", d, 32, 32, 4096)
    a, h = pool.alloc(GFP_ATOMIC)
    with pytest.raises(RuntimeError, match="dma_pool_destroy desc: 1 block\\(s\\) still outstanding"):
        pool.destroy()
    with pytest.raises(BadFreeError, match="cpu_addr 0x.* != dma_handle"):
        pool.free(a, h + 32)
    with pytest.raises(BadFreeError, match="not an outstanding block"):
        pool.free(a + 32, h + 32)
    pool.free(a, h)
    with pytest.raises(BadFreeError, match="double free"):
        pool.free(a, h)
    pool.destroy()
    with pytest.raises(RuntimeError, match="already destroyed"):
        pool.alloc(GFP_ATOMIC)
