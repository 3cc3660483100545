import logging

import pytest

from models import (DMA_BIT_MASK, GFP_ATOMIC, GFP_DMA, GFP_KERNEL, MAX_ORDER, PAGE_SHIFT,
                    PAGE_SIZE, BadFreeError, Device, FreeCounts, Machine, __GFP_NOWARN,
                    __GFP_ZERO)

MiB = 1 << 20
GiB = 1 << 30


def test_boot_layout_and_counts():
    m = Machine()
    assert m.pool.start_pfn == 0 and m.pool.npages == 4096
    assert m.buddy.managed_pages == (8 * GiB - 16 * MiB) >> PAGE_SHIFT
    assert m.swiotlb.base == 0 and m.swiotlb.end == 4 * MiB
    assert m.boot_counts == FreeCounts(m.buddy.managed_pages, 3072, 2048)
    assert m.memory.size == 8 * GiB


def test_pool_in_the_middle_and_memory_beyond_ram():
    m = Machine(ram_size=1 * GiB, pool_start=64 * MiB, pool_size=8 * MiB, swiotlb_size=1 * MiB,
                memory_size=2**48)
    assert m.buddy.ranges == [(0, 64 * MiB >> 12), (72 * MiB >> 12, 1 * GiB >> 12)]
    assert 64 * MiB <= m.swiotlb.base < 72 * MiB
    assert m.min_dma_mask == 64 * MiB + PAGE_SIZE - 1
    assert m.memory.size == 2**48


@pytest.mark.parametrize("kw,msg", [
    (dict(pool_size=0), "must be > 0"),
    (dict(pool_size=5000), "multiple of PAGE_SIZE"),
    (dict(ram_size=8 * MiB), "does not fit in RAM"),
    (dict(swiotlb_size=32 * MiB), "larger than the pool"),
    (dict(memory_size=MiB), "smaller than ram_size"),
    (dict(pool_start=8 * GiB - 16 * MiB, ram_size=8 * GiB), "below 4 GiB"),
    (dict(buddy_policy="best"), "policy 'best'"),
])
def test_bad_machines(kw, msg):
    with pytest.raises(ValueError, match=msg):
        Machine(**kw)


def test_32bit_mask_falls_back_to_pool_with_high_buddy():
    m = Machine()
    pfn = m.alloc_pages_mask(GFP_KERNEL, 10000, DMA_BIT_MASK(32))
    assert pfn < m.pool.end_pfn and m.mask_allocation(pfn) == (10000, "pool")
    assert m.pool.allocation_pages(pfn) == 3        # ceil(10000 / 4096), no power of two
    assert m.stats["mask_higher"] == 1 and m.stats["mask_alloc"] == 1
    assert m.stats["mask_low_waste"] == 3 * PAGE_SIZE - 10000
    assert m.free_counts().buddy_pages == m.boot_counts.buddy_pages  # block given back
    m.free_pages_mask_page(pfn, 10000)
    m.check_quiescent()


def test_high_mask_served_by_buddy_with_waste():
    m = Machine()
    pfn = m.alloc_pages_mask(GFP_KERNEL, 5 * PAGE_SIZE, DMA_BIT_MASK(64))
    assert m.mask_allocation(pfn) == (5 * PAGE_SIZE, "buddy")
    assert m.buddy.is_allocated(pfn) == 3
    assert m.stats["mask_high_waste"] == 3 and m.stats["mask_higher"] == 0
    with pytest.raises(BadFreeError, match=r"freed with size 4096 \(1 pages\) but allocated "
                                           r"with size 20480 \(5 pages\)"):
        m.free_pages_mask_page(pfn, 4096)
    m.free_pages_mask_page(pfn, 5 * PAGE_SIZE)
    m.check_quiescent()


def test_force_and_big_sizes_skip_buddy():
    m = Machine(force=True)
    pfn = m.alloc_pages_mask(GFP_KERNEL, PAGE_SIZE, DMA_BIT_MASK(64))
    assert m.pool.owns(pfn)
    m2 = Machine(pool_size=64 * MiB)
    big = (1 << MAX_ORDER) * PAGE_SIZE + 1
    pfn = m2.alloc_pages_mask(GFP_KERNEL, big, DMA_BIT_MASK(64))
    assert m2.pool.owns(pfn) and m2.pool.allocation_pages(pfn) == 1025
    assert m2.stats["mask_buddy"] == 0


def test_mask_not_above_pool_never_tries_buddy():
    m = Machine(ram_size=64 * MiB, buddy_policy="low")
    pfn = m.alloc_pages_mask(GFP_KERNEL, PAGE_SIZE, DMA_BIT_MASK(24))  # pool is exactly 16 MiB
    assert m.pool.owns(pfn) and m.stats["mask_higher"] == 0 and m.stats["mask_buddy"] == 0


def test_min_size_16_bytes_and_zeroing():
    m = Machine()
    pfn = m.alloc_pages_mask(GFP_KERNEL, 1, DMA_BIT_MASK(32))
    assert m.mask_allocation(pfn) == (16, "pool")
    addr = pfn << PAGE_SHIFT
    m.memory.write(addr, b"dirty")
    m.free_pages_mask_page(pfn, 1)
    addr2 = m.get_pages_mask(GFP_KERNEL | __GFP_ZERO, 100, DMA_BIT_MASK(32))
    m.memory.write(addr2, b"dirty")
    m.free_pages_mask(addr2, 100)
    pfn = None
    for _ in range(4):  # walk the cursor around until it reuses the page
        a = m.get_pages_mask(GFP_KERNEL | __GFP_ZERO, 100, DMA_BIT_MASK(32))
        assert m.memory.read(a, 100) == bytes(100)
        m.free_pages_mask(a, 100)


def _snapshot(m):
    return (m.free_counts(), m.live_mask_allocations(), m.pool.live(), m.buddy.live_blocks(),
            dict(m.stats))


@pytest.mark.parametrize("args,exc,msg", [
    ((GFP_KERNEL, 0, DMA_BIT_MASK(32)), ValueError, "size 0 must be >= 1 byte"),
    ((GFP_KERNEL, 17 * MiB, DMA_BIT_MASK(32)), ValueError,
     "size 17825792 bytes exceeds the mask pool \\(16777216 bytes\\)"),
    ((GFP_KERNEL, 100, 0xFFFF0FFF), ValueError, "has holes"),
    ((GFP_KERNEL | GFP_DMA, 100, DMA_BIT_MASK(32)), ValueError, "contains GFP_DMA"),
    ((GFP_KERNEL, 100, DMA_BIT_MASK(11)), ValueError,
     "mask 0x7ff below the lowest page the machine can serve \\(needs >= 0xfff\\)"),
])
def test_bad_alloc_args(args, exc, msg):
    m = Machine()
    before = _snapshot(m)
    with pytest.raises(exc, match=msg):
        m.alloc_pages_mask(*args)
    assert _snapshot(m) == before


def test_bad_frees():
    m = Machine()
    pfn = m.alloc_pages_mask(GFP_KERNEL, 3 * PAGE_SIZE, DMA_BIT_MASK(32))
    before = _snapshot(m)
    for args, msg in [((pfn, 4 * PAGE_SIZE), "freed with size 16384 \\(4 pages\\) but allocated "
                                              "with size 12288 \\(3 pages\\)"),
                      ((pfn + 1, 2 * PAGE_SIZE), "is not a live mask allocation"),
                      ((m.swiotlb.base >> PAGE_SHIFT, 4096), "is not a live mask allocation")]:
        with pytest.raises(BadFreeError, match=msg):
            m.free_pages_mask_page(*args)
        assert _snapshot(m) == before
    with pytest.raises(ValueError, match="size 0"):
        m.free_pages_mask_page(pfn, 0)
    with pytest.raises(BadFreeError, match="address 0x1001 not aligned to PAGE_SIZE"):
        m.free_pages_mask(0x1001, 100)
    m.free_pages_mask_page(pfn, 3 * PAGE_SIZE)
    with pytest.raises(BadFreeError, match="double free or never allocated"):
        m.free_pages_mask_page(pfn, 3 * PAGE_SIZE)


def test_exhaustion_warns_unless_nowarn(caplog):
    m = Machine(ram_size=64 * MiB, pool_size=1 * MiB, swiotlb_size=0)
    assert m.alloc_pages_mask(GFP_ATOMIC, 1 * MiB, DMA_BIT_MASK(20)) is not None
    with caplog.at_level(logging.WARNING):
        assert m.alloc_pages_mask(GFP_ATOMIC, PAGE_SIZE, DMA_BIT_MASK(20)) is None
        assert "below mask 0xfffff" in caplog.text
        caplog.clear()
        assert m.alloc_pages_mask(GFP_KERNEL | __GFP_NOWARN, PAGE_SIZE, DMA_BIT_MASK(20)) is None
        assert caplog.text == ""
    assert m.stats["mask_fail"] == 2


def test_check_quiescent_names_differences_and_devices():
    m = Machine()
    dev = Device(m, "eth0")
    from models import dma_alloc_coherent
    dma_alloc_coherent(dev, 100, GFP_KERNEL)
    with pytest.raises(AssertionError, match=r"pool_pages: 3071 free now, 3072 at boot.*"
                                             r"device eth0: 1 live mapping"):
        m.check_quiescent()
