import asyncio

import pytest

from models import (DMA_BIT_MASK, GFP_ATOMIC, GFP_KERNEL, PAGE_SIZE, BadFreeError, Machine,
                    __GFP_ZERO)

MiB = 1 << 20


def _small(**kw):
    # 64 pages of pool, no swiotlb; masks at or below the pool top never try the buddy.
    return Machine(ram_size=64 * MiB, pool_size=64 * PAGE_SIZE, swiotlb_size=0, **kw)


MASK = DMA_BIT_MASK(18)  # 256 KiB = the whole 64-page pool


def test_create_preallocates_below_mask():
    m = _small()
    mp = m.mempool_create_pool_pmask(4, 2 * PAGE_SIZE, MASK)
    assert len(mp.reserve) == 4 and m.pool.nr_free == 64 - 8
    assert all(a + 2 * PAGE_SIZE - 1 <= MASK for a in mp.reserve)
    mp.destroy()
    m.check_quiescent()


def test_create_all_or_nothing():
    m = _small()
    with pytest.raises(MemoryError, match="cannot pre-allocate 40 elements of 8192 bytes"):
        m.mempool_create_pool_pmask(40, 2 * PAGE_SIZE, MASK)
    assert m.free_counts() == m.boot_counts and m.mempools == []


def test_allocator_first_then_reserve_lifo_then_none():
    m = _small()
    mp = m.mempool_create_pool_pmask(2, 16 * PAGE_SIZE, MASK)   # reserve: 32 pages
    got = [mp.alloc(GFP_ATOMIC) for _ in range(2)]               # from the allocator
    assert len(mp.reserve) == 2 and m.pool.nr_free == 0
    r1 = mp.reserve[-1]
    assert mp.alloc(GFP_ATOMIC) == r1                            # LIFO from the reserve
    mp.alloc(GFP_ATOMIC)
    assert mp.alloc(GFP_ATOMIC) is None
    assert len(mp.outstanding) == 4
    for a in got:
        mp.free(a)                                               # refills the reserve
    assert len(mp.reserve) == 2 and m.pool.nr_free == 0
    for a in list(mp.outstanding):
        mp.free(a)                                               # reserve full: back to pool
    assert m.pool.nr_free == 32
    mp.destroy()
    m.check_quiescent()


def test_gfp_zero():
    m = _small()
    mp = m.mempool_create_pool_pmask(1, 100, MASK)
    a = mp.alloc(GFP_ATOMIC)
    m.memory.write(a, b"xx")
    mp.free(a)
    b = mp.alloc(GFP_ATOMIC | __GFP_ZERO)
    assert m.memory.read(b, 100) == bytes(100)
    mp.free(b)
    mp.destroy()


def test_sleeper_woken_by_free():
    m = _small()
    mp = m.mempool_create_pool_pmask(1, 64 * PAGE_SIZE, MASK)   # the whole pool
    mp.timeout = 2.0

    async def scenario():
        a = mp.alloc(GFP_KERNEL)
        assert a is not None
        waiter = asyncio.ensure_future(mp.alloc_async(GFP_KERNEL))
        await asyncio.sleep(0.01)
        assert not waiter.done()
        mp.free(a)
        return await asyncio.wait_for(waiter, 1.0), a

    got, a = asyncio.run(scenario())
    assert got == a
    mp.free(got)
    mp.destroy()
    assert m.stats["mask_wait"] >= 1


def test_sleeper_times_out_then_none():
    m = _small()
    mp = m.mempool_create_pool_pmask(0, 64 * PAGE_SIZE, MASK)
    mp.timeout = 0.02
    a = mp.alloc(GFP_ATOMIC)
    assert asyncio.run(mp.alloc_async(GFP_KERNEL)) is None
    assert asyncio.run(mp.alloc_async(GFP_ATOMIC)) is None
    mp.free(a)
    mp.destroy()


def test_resize():
    m = _small()
    mp = m.mempool_create_pool_pmask(2, PAGE_SIZE, MASK)
    mp.resize(5)
    assert len(mp.reserve) == 5 and m.pool.nr_free == 59
    mp.resize(1)
    assert len(mp.reserve) == 1 and m.pool.nr_free == 63
    with pytest.raises(MemoryError, match="resize to 100: cannot allocate 99 more"):
        mp.resize(100)
    assert len(mp.reserve) == 1 and mp.min_nr == 1 and m.pool.nr_free == 63
    with pytest.raises(ValueError, match="new_min_nr -1"):
        mp.resize(-1)
    mp.destroy()
    m.check_quiescent()


def test_misuse():
    m = _small()
    mp = m.mempool_create_pool_pmask(1, PAGE_SIZE, MASK)
    a = mp.alloc(GFP_ATOMIC)
    with pytest.raises(RuntimeError, match="1 element\\(s\\) still outstanding"):
        mp.destroy()
    with pytest.raises(BadFreeError, match="not an outstanding element"):
        mp.free(a + PAGE_SIZE)
    mp.free(a)
    with pytest.raises(BadFreeError, match="double free"):
        mp.free(a)
    mp.destroy()
    with pytest.raises(RuntimeError, match="already destroyed"):
        mp.alloc(GFP_ATOMIC)
    with pytest.raises(ValueError, match="min_nr -1"):
        m.mempool_create_pool_pmask(-1, PAGE_SIZE, MASK)
    with pytest.raises(ValueError, match="has holes"):
        m.mempool_create_pool_pmask(1, PAGE_SIZE, 0x1F0FFF)


def test_machine_async_alloc_sleeps_and_times_out():
    m = _small()
    m.wait_timeout = 0.02
    a = m.alloc_pages_mask(GFP_KERNEL, 64 * PAGE_SIZE, MASK)

    async def scenario():
        w = asyncio.ensure_future(m.alloc_pages_mask_async(GFP_KERNEL, PAGE_SIZE, MASK))
        await asyncio.sleep(0)
        m.free_pages_mask_page(a, 64 * PAGE_SIZE)
        return await w

    m.wait_timeout = 1.0
    pfn = asyncio.run(scenario())
    assert pfn is not None and m.stats["mask_wait"] == 1
    b = m.alloc_pages_mask(GFP_KERNEL, 63 * PAGE_SIZE, MASK)
    m.wait_timeout = 0.02
    assert asyncio.run(m.alloc_pages_mask_async(GFP_KERNEL, 2 * PAGE_SIZE, MASK)) is None
    assert m.stats["mask_timeout"] == 1
    assert asyncio.run(m.get_pages_mask_async(GFP_ATOMIC, 2 * PAGE_SIZE, MASK)) is None
    m.free_pages_mask_page(pfn, PAGE_SIZE)
    m.free_pages_mask_page(b, 63 * PAGE_SIZE)
    m.check_quiescent()
