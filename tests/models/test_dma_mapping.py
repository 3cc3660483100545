import asyncio

import pytest

from models import (DMA_BIDIRECTIONAL, DMA_BIT_MASK, DMA_FROM_DEVICE, DMA_MAPPING_ERROR,
                    DMA_NONE, DMA_TO_DEVICE, EIO, GFP_KERNEL, PAGE_SIZE, Device, DmaDebugError,
                    Machine, MappingKind, dma_alloc_coherent, dma_alloc_coherent_async,
                    dma_capable, dma_free_coherent, dma_map_resource, dma_map_single,
                    dma_mapping_error, dma_set_coherent_mask, dma_set_mask,
                    dma_set_mask_and_coherent, dma_sync_single_for_cpu,
                    dma_sync_single_for_device, dma_unmap_resource, dma_unmap_single)

MiB = 1 << 20
GiB = 1 << 30
HIGH = 6 * GiB


def _dev(mask=DMA_BIT_MASK(32), **kw):
    m = Machine(**kw)
    return m, Device(m, "dev0", mask, mask)


def test_default_masks_are_32_bit():
    m = Machine()
    d = Device(m, "x")
    assert d.dma_mask == d.coherent_dma_mask == DMA_BIT_MASK(32)
    assert m.devices == [d]
    with pytest.raises(ValueError, match="has holes"):
        Device(m, "y", dma_mask=0xF0FFFFFF)


def test_set_mask_rules():
    m = Machine(pool_start=16 * MiB, pool_size=16 * MiB)
    d = Device(m, "d")
    assert dma_set_mask(d, DMA_BIT_MASK(24)) == -EIO and d.dma_mask == DMA_BIT_MASK(32)
    assert dma_set_mask(d, DMA_BIT_MASK(25)) == 0 and d.dma_mask == DMA_BIT_MASK(25)
    assert dma_set_coherent_mask(d, DMA_BIT_MASK(12)) == -EIO
    with pytest.raises(ValueError, match="has holes"):
        dma_set_mask(d, 0xFFFF00FF)
    assert dma_set_mask_and_coherent(d, DMA_BIT_MASK(20)) == -EIO
    assert d.coherent_dma_mask == DMA_BIT_MASK(32)     # untouched when streaming failed
    assert dma_set_mask_and_coherent(d, DMA_BIT_MASK(64)) == 0
    assert d.dma_mask == d.coherent_dma_mask == DMA_BIT_MASK(64)


def test_dma_capable():
    m, d = _dev(DMA_BIT_MASK(32))
    assert dma_capable(d, 2**32 - 4, 4) and not dma_capable(d, 2**32 - 4, 5)
    assert not dma_capable(d, 0, 0)
    dma_set_mask(d, DMA_BIT_MASK(64))
    assert not dma_capable(d, 2**64 - 4, 5)             # wraps
    assert dma_mapping_error(d, DMA_MAPPING_ERROR) and not dma_mapping_error(d, 0)


def test_alloc_coherent_zeroed_registered_below_mask():
    m, d = _dev(DMA_BIT_MASK(30))
    cpu, h = dma_alloc_coherent(d, 3 * PAGE_SIZE + 1, GFP_KERNEL)
    assert cpu == h and h + 3 * PAGE_SIZE <= DMA_BIT_MASK(30)
    assert m.memory.read(h, 4 * PAGE_SIZE) == bytes(4 * PAGE_SIZE)
    [mp] = d.mappings()
    assert mp.kind is MappingKind.COHERENT and mp.size == 3 * PAGE_SIZE + 1
    assert mp.allows_device_read() and mp.allows_device_write()
    m.memory.write(h, b"junk")
    with pytest.raises(DmaDebugError, match="different size .*map size=12289.*unmap size=4096"):
        dma_free_coherent(d, 4096, cpu, h)
    with pytest.raises(DmaDebugError, match="cpu address 0x1 does not match"):
        dma_free_coherent(d, 3 * PAGE_SIZE + 1, 1, h)
    dma_free_coherent(d, 3 * PAGE_SIZE + 1, cpu, h)
    with pytest.raises(DmaDebugError, match="device dev0: dma_free_coherent: double unmap/free"):
        dma_free_coherent(d, 3 * PAGE_SIZE + 1, cpu, h)
    c2, h2 = dma_alloc_coherent(d, 100, GFP_KERNEL)
    assert m.memory.read(h2, 100) == bytes(100)       # reused pages come back zeroed
    dma_free_coherent(d, 100, c2, h2)
    d.remove()
    m.check_quiescent()


def test_alloc_coherent_async_and_errors():
    m, d = _dev()
    cpu, h = asyncio.run(dma_alloc_coherent_async(d, 100, GFP_KERNEL))
    dma_free_coherent(d, 100, cpu, h)
    with pytest.raises(ValueError, match="size 0 must be >= 1"):
        dma_alloc_coherent(d, 0, GFP_KERNEL)


def test_map_single_direct_and_bounce():
    m, d = _dev(DMA_BIT_MASK(32))
    low = 1 * GiB
    assert dma_map_single(d, low, 100, DMA_TO_DEVICE) == low
    m.memory.write(HIGH, b"payload")
    h = dma_map_single(d, HIGH, 7, DMA_BIDIRECTIONAL)
    assert h != HIGH and h + 6 <= DMA_BIT_MASK(32) and m.memory.read(h, 7) == b"payload"
    kinds = {mp.kind for mp in d.mappings()}
    assert kinds == {MappingKind.STREAMING, MappingKind.BOUNCE}
    bm = d.find_mapping(h, 7)
    assert bm.cpu_addr == HIGH and bm.dma_addr == h
    m.memory.write(h, b"PAYLOAD")
    dma_sync_single_for_cpu(d, h, 7, DMA_BIDIRECTIONAL)
    assert m.memory.read(HIGH, 7) == b"PAYLOAD"
    dma_unmap_single(d, h, 7, DMA_BIDIRECTIONAL)
    dma_unmap_single(d, low, 100, DMA_TO_DEVICE)
    assert m.free_counts() == m.boot_counts


def test_map_single_bad_inputs():
    m, d = _dev()
    with pytest.raises(ValueError, match="size 0 must be >= 1 byte"):
        dma_map_single(d, 0, 0, DMA_TO_DEVICE)
    with pytest.raises(ValueError, match="DMA_NONE"):
        dma_map_single(d, 0, 1, DMA_NONE)
    with pytest.raises(ValueError, match="direction 7"):
        dma_map_single(d, 0, 1, 7)
    with pytest.raises(IndexError, match="outside physical memory"):
        dma_map_single(d, m.memory.size, 1, DMA_TO_DEVICE)
    assert d.mappings() == []


def test_map_single_too_big_for_swiotlb():
    m, d = _dev()
    assert dma_map_single(d, HIGH, 300 * 1024, DMA_TO_DEVICE, nowarn=True) == DMA_MAPPING_ERROR
    assert d.mappings() == []


def test_unmap_misuse_messages():
    m, d = _dev()
    h = dma_map_single(d, 4096, 64, DMA_FROM_DEVICE)
    for args, msg in [((h + 1, 64, DMA_FROM_DEVICE), "free DMA memory it has not allocated "
                                                       r"\[device address=0x1001\]"),
                      ((h, 65, DMA_FROM_DEVICE), r"different size .*\[map size=64 bytes\] "
                                                 r"\[unmap size=65 bytes\]"),
                      ((h, 64, DMA_TO_DEVICE), r"different direction .*\[mapped as "
                                               r"DMA_FROM_DEVICE\] \[unmapped as DMA_TO_DEVICE\]")]:
        with pytest.raises(DmaDebugError, match="device dev0: dma_unmap_single: .*" + msg):
            dma_unmap_single(d, *args)
        assert len(d.mappings()) == 1
    with pytest.raises(DmaDebugError, match=r"syncs DMA memory with different direction"):
        dma_sync_single_for_device(d, h, 64, DMA_TO_DEVICE)
    with pytest.raises(DmaDebugError, match=r"outside allocated range"):
        dma_sync_single_for_cpu(d, h, 65, DMA_FROM_DEVICE)
    with pytest.raises(DmaDebugError, match=r"sync DMA memory it has not allocated"):
        dma_sync_single_for_cpu(d, h + 4096, 1, DMA_FROM_DEVICE)
    dma_sync_single_for_cpu(d, h, 64, DMA_FROM_DEVICE)
    dma_unmap_single(d, h, 64, DMA_FROM_DEVICE)
    with pytest.raises(DmaDebugError, match="double unmap"):
        dma_unmap_single(d, h, 64, DMA_FROM_DEVICE)


def test_same_buffer_mapped_twice():
    m, d = _dev()
    a = dma_map_single(d, 8192, 32, DMA_TO_DEVICE)
    b = dma_map_single(d, 8192, 64, DMA_FROM_DEVICE)
    assert a == b and len(d.mappings()) == 2
    assert d.find_mapping(8192 + 40, 8).size == 64
    dma_unmap_single(d, a, 64, DMA_FROM_DEVICE)
    dma_unmap_single(d, a, 32, DMA_TO_DEVICE)
    assert d.mappings() == []


def test_find_and_nearest_mapping():
    m, d = _dev()
    big = dma_map_single(d, 1 * MiB, 1 * MiB, DMA_TO_DEVICE)
    small = dma_map_single(d, 1 * MiB + 4096, 16, DMA_FROM_DEVICE)
    far = dma_map_single(d, 100 * MiB, 100, DMA_BIDIRECTIONAL)
    assert d.find_mapping(1 * MiB + 8192, 100).dma_addr == big   # earlier, longer mapping
    assert d.find_mapping(1 * MiB + 4096, 16).size in (16, 1 * MiB)
    assert d.find_mapping(2 * MiB - 1, 2) is None
    assert d.find_mapping(0, 1) is None
    assert d.nearest_mapping(99 * MiB).dma_addr == far
    assert d.nearest_mapping(2 * MiB + 5).dma_addr == big
    assert d.nearest_mapping(1 * MiB + 4100).dma_addr in (big, small)
    m2 = d.find_mapping(far, 100)
    assert m2.end == far + 99 and m2.allows_device_read() and m2.allows_device_write()
    assert not d.find_mapping(small, 1).allows_device_read() or \
        d.find_mapping(small, 1).kind is MappingKind.STREAMING
    with pytest.raises(DmaDebugError, match=r"device dev0: device removed with 3 leaked "
                                            r"mapping\(s\): streaming \[0x100000"):
        d.remove()
    for h, s, dr in ((big, MiB, DMA_TO_DEVICE), (small, 16, DMA_FROM_DEVICE),
                     (far, 100, DMA_BIDIRECTIONAL)):
        dma_unmap_single(d, h, s, dr)
    assert d.nearest_mapping(0) is None
    d.remove()
    assert d not in m.devices


def test_map_resource_beyond_ram():
    m = Machine(ram_size=1 * GiB, memory_size=2**48)
    d48 = Device(m, "d48", DMA_BIT_MASK(48), DMA_BIT_MASK(48))
    top = 2**48 - 4096
    h = dma_map_resource(d48, top, 4096, DMA_BIDIRECTIONAL)
    assert h == top and d48.find_mapping(top, 4096).kind is MappingKind.RESOURCE
    d32 = Device(m, "d32")
    assert dma_map_resource(d32, top, 4096, DMA_TO_DEVICE) == DMA_MAPPING_ERROR
    with pytest.raises(DmaDebugError, match="different size"):
        dma_unmap_resource(d48, h, 1, DMA_BIDIRECTIONAL)
    dma_unmap_resource(d48, h, 4096, DMA_BIDIRECTIONAL)
    m.check_quiescent()


def test_device_direction_permissions():
    m, d = _dev()
    t = dma_map_single(d, 0x10000, 8, DMA_TO_DEVICE)
    f = dma_map_single(d, 0x20000, 8, DMA_FROM_DEVICE)
    mt, mf = d.find_mapping(t, 8), d.find_mapping(f, 8)
    assert mt.allows_device_read() and not mt.allows_device_write()
    assert mf.allows_device_write() and not mf.allows_device_read()
    dma_unmap_single(d, t, 8, DMA_TO_DEVICE)
    dma_unmap_single(d, f, 8, DMA_FROM_DEVICE)


def test_last_byte_of_64_bit_space_never_becomes_a_live_handle():
    """A handle equal to DMA_MAPPING_ERROR could never be unmapped (callers see an error), so
    the last byte of a 64-bit space is refused as a resource and bounced as a streaming buffer."""
    m = Machine(ram_size=1 * GiB, memory_size=2**64)
    d64 = Device(m, "d64", DMA_BIT_MASK(64), DMA_BIT_MASK(64))
    assert dma_map_resource(d64, DMA_MAPPING_ERROR, 1, DMA_TO_DEVICE) == DMA_MAPPING_ERROR
    assert d64.mappings() == []
    m.memory.write(DMA_MAPPING_ERROR, b"\x5a")
    h = dma_map_single(d64, DMA_MAPPING_ERROR, 1, DMA_TO_DEVICE)
    assert not dma_mapping_error(d64, h)
    assert d64.find_mapping(h, 1).kind is MappingKind.BOUNCE
    assert m.memory.read(h, 1) == b"\x5a"
    dma_unmap_single(d64, h, 1, DMA_TO_DEVICE)
    m.check_quiescent()
