"""B4 (swiotlb exhaustion and oversize mappings), B6 (segment boundary) and B7 (dmapool boundary
comparison): each scenario is caught with its fault switched on, by the layer the catalogue
names, and passes without it."""
import logging
import re

import pytest

from fault_scenarios import (GiB, KiB, b4_big_transfer, b4_leaky_jobs, b6_boundary_device,
                             b7_descriptor_pool)
from models import (DMA_BIT_MASK, DMA_MAPPING_ERROR, DMA_TO_DEVICE, CopyDriver, CopyJob, Device,
                    KernelBugError, Machine, MappingKind, dma_get_seg_boundary,
                    dma_map_single, dma_max_mapping_size, dma_set_seg_boundary, dma_unmap_single)
from models import faults
from models.dma_debug import crosses_boundary, pool_capacity


def caught(fault: str, error: type[Exception], scenario, *args) -> str:
    """The message of the ``error`` that ``scenario(*args)`` raises with ``fault`` switched on."""
    with faults.injected(fault):
        with pytest.raises(error) as e:
            scenario(*args)
    return str(e.value)


# -- B4-swiotlb-leak -------------------------------------------------------------------------
def test_b4_leak_fills_swiotlb_and_the_report_names_the_leaks(caplog):
    with faults.injected("B4-swiotlb-leak"), caplog.at_level(logging.WARNING):
        with pytest.raises(MemoryError) as e:
            b4_leaky_jobs(200)
    msg = str(e.value)
    # 512 slots, 8 per leaked 16 KiB source: job 63 maps its source into the last 8 slots and
    # then finds no room for its destination.
    assert msg.startswith(
        "copy job 63: device rtl8192ee: dma_map_single(0x1800fc000, 16384, DMA_FROM_DEVICE) "
        "failed: swiotlb buffer is full (sz: 16384 bytes), total 512 (slots), used 512 (slots); "
        "63 live bounce mapping(s) (device rtl8192ee: 63 mapping(s), 504 slots); oldest first: "
        "rtl8192ee 0x0+16384 DMA_TO_DEVICE (orig 0x140000000)")
    assert "swiotlb buffer is full (sz: 16384 bytes)" in caplog.text
    assert "64 live bounce mapping(s) (device rtl8192ee: 64 mapping(s), 512 slots)" \
        in caplog.text


def test_b4_leak_is_named_by_check_quiescent():
    m = Machine(swiotlb_size=1 << 20)
    dev = Device(m, "rtl8192ee")
    drv = CopyDriver(dev)
    with faults.injected("B4-swiotlb-leak"):
        for i in range(10):
            drv.run(CopyJob(5 * GiB + i * 16 * KiB, 6 * GiB + i * 16 * KiB, 16 * KiB))
    with pytest.raises(AssertionError) as e:
        m.check_quiescent()
    msg = str(e.value)
    assert "swiotlb_slots: 432 free now, 512 at boot" in msg
    assert ("device rtl8192ee: 10 live mapping(s): bounce [0x0..0x3fff] size=16384 "
            "DMA_TO_DEVICE cpu_addr=0x140000000; bounce [0x8000..0xbfff]") in msg
    assert msg.endswith("; ... 2 more")


def test_b4_leak_scenario_passes_without_the_fault():
    with faults.injected():
        m = b4_leaky_jobs(200)
    assert m.stats["swiotlb_bounce"] == 400 and m.stats["swiotlb_full"] == 0


# -- B4-oversize-mapping ---------------------------------------------------------------------
def test_b4_oversize_caught_by_the_swiotlb_size_check():
    assert caught("B4-oversize-mapping", MemoryError, b4_big_transfer) == (
        "copy job 0: device usbip: dma_map_single(0x140000000, 524288, DMA_TO_DEVICE) failed: "
        "swiotlb: mapping of 524288 bytes exceeds the largest segment (262144 bytes = 128 "
        "slots of 2048 bytes); no live bounce mappings")


def test_b4_oversize_scenario_passes_without_the_fault():
    with faults.injected():
        m = b4_big_transfer()
    assert m.stats["swiotlb_bounce"] == 4  # two 256 KiB pieces each way


def test_dma_max_mapping_size():
    m = Machine()
    assert dma_max_mapping_size(Device(m, "a")) == 256 * KiB           # 32-bit: may bounce
    assert dma_max_mapping_size(Device(m, "b", DMA_BIT_MASK(64))) == DMA_MAPPING_ERROR
    assert dma_max_mapping_size(Device(Machine(swiotlb_size=0), "c")) == DMA_MAPPING_ERROR


# -- B6-seg-boundary -------------------------------------------------------------------------
def test_b6_caught_by_the_mapping_check():
    msg = caught("B6-seg-boundary", KernelBugError, b6_boundary_device)
    # next-fit: source 0..11, destination 12..23, then the second job's source 24..35 crosses
    # slot 32 = 64 KiB.
    assert msg == (
        "DMA-API: device ata0: dma_map_single: mapping [0xc000..0x11fff] size=24576 crosses the "
        "segment boundary at 0x10000 (seg_boundary_mask 0xffff) [rule: a mapping stays inside "
        "one segment]")


def test_b6_scenario_passes_without_the_fault():
    with faults.injected():
        b6_boundary_device()


def test_b6_bounce_slots_respect_the_boundary():
    m = Machine()
    dev = Device(m, "ata0")
    dma_set_seg_boundary(dev, 0xFFFF)
    hs = []
    while (h := dma_map_single(dev, 5 * GiB, 24 * KiB, DMA_TO_DEVICE, nowarn=True)) \
            != DMA_MAPPING_ERROR:
        assert not crosses_boundary(h, 24 * KiB, 0xFFFF), hex(h)
        hs.append(h)
    assert len(hs) == (m.swiotlb.nslots // 32) * 2   # two 12-slot runs per 32-slot segment
    for h in hs:
        dma_unmap_single(dev, h, 24 * KiB, DMA_TO_DEVICE)


def test_seg_boundary_api_and_rule():
    m = Machine()
    dev = Device(m, "nic")
    assert dma_get_seg_boundary(dev) == 0xFFFFFFFF
    with pytest.raises(ValueError, match="mask 0xfff0ffff has holes"):
        dma_set_seg_boundary(dev, 0xFFF0FFFF)
    with pytest.raises(ValueError, match="mask 0x7ff below PAGE_SIZE - 1 \\(0xfff\\)"):
        dma_set_seg_boundary(dev, 0x7FF)
    assert dma_get_seg_boundary(dev) == 0xFFFFFFFF
    # no `mask + 1` is formed: an all-ones 64-bit boundary never reports a crossing
    assert not crosses_boundary((1 << 64) - 4096, 4096, (1 << 64) - 1)
    assert crosses_boundary(0xFFFFFFFF, 2, 0xFFFFFFFF)
    assert not crosses_boundary(0xFFFFFFFE, 2, 0xFFFFFFFF)


def test_seg_boundary_larger_mapping_than_segment_is_refused_by_name():
    m = Machine()
    dev = Device(m, "ata0")
    dma_set_seg_boundary(dev, 0xFFFF)
    h = dma_map_single(dev, 5 * GiB, 64 * KiB + 1, DMA_TO_DEVICE, nowarn=True)
    assert h == DMA_MAPPING_ERROR and m.swiotlb.used == 0
    assert m.swiotlb.last_error == ("swiotlb: mapping of 65537 bytes (33 slots) does not fit in "
                                    "one segment of the device's boundary (seg_boundary_mask "
                                    "0xffff)")


def test_direct_mappings_may_cross_the_boundary_as_in_linux():
    """dma-direct maps a reachable buffer as it is; a device that cannot cross 4 GiB needs its
    driver to test (tg3_4g_overflow_test) -- the bounce path alone honours the boundary."""
    m = Machine(memory_size=16 * GiB)
    dev = Device(m, "tg3", DMA_BIT_MASK(64))
    h = dma_map_single(dev, (4 * GiB) - 100, 200, DMA_TO_DEVICE)
    assert h == 4 * GiB - 100 and dev.find_mapping(h, 200).kind is MappingKind.STREAMING
    dma_unmap_single(dev, h, 200, DMA_TO_DEVICE)


# -- B7 dmapool boundary ---------------------------------------------------------------------
B7_CAUGHT = {  # fault: (block size, the message with the 2048-byte boundary)
    "B7-dmapool-boundary-off-by-one": (512, (
        r"dma_pool desc: chunk at (0x[0-9a-f]+) yields 6 blocks of 512 bytes, capacity is 8 "
        r"\(chunk 4096, boundary 2048\); never used: \[0x[0-9a-f]+600\.\.0x[0-9a-f]+7ff\], "
        r"\[0x[0-9a-f]+e00\.\.0x[0-9a-f]+fff\] \[rule: a chunk yields every block the boundary "
        r"allows\]")),
    "B7-dmapool-cross-boundary": (768, (
        r"dma_pool desc: block \[0x[0-9a-f]*600\.\.0x[0-9a-f]*8ff\] \(size 768\) crosses the "
        r"boundary at 0x[0-9a-f]*800 \(boundary 2048\) \[rule: no block crosses a multiple of "
        r"the pool's boundary\]")),
}


@pytest.mark.parametrize("fault", sorted(B7_CAUGHT))
def test_b7_caught_by_the_pool_check(fault):
    """Off by one: caught by the capacity check; cross boundary: by the boundary check."""
    block, pattern = B7_CAUGHT[fault]
    msg = caught(fault, KernelBugError, b7_descriptor_pool, block, 2048)
    assert re.fullmatch(pattern, msg), msg


@pytest.mark.parametrize("block,offsets", [(512, list(range(0, 4096, 512))),
                                           (768, [0, 768, 2048, 2816])])
def test_b7_scenario_passes_without_the_fault(block, offsets):
    with faults.injected():
        _, blocks, base = b7_descriptor_pool(block, 2048)
    assert sorted(b - base for b in blocks) == offsets


def test_b7_refused_chunk_is_given_back():
    with faults.injected("B7-dmapool-boundary-off-by-one"):
        m = Machine()
        dev = Device(m, "ehci")
        from models import GFP_KERNEL, dma_pool_create
        pool = dma_pool_create("desc", dev, 512, 0, 2048)
        with pytest.raises(KernelBugError):
            pool.alloc(GFP_KERNEL)
    assert pool.chunks == [] and dev.mappings() == []
    pool.destroy()
    dev.remove()
    m.check_quiescent()


@pytest.mark.parametrize("chunk,block,boundary,want", [
    (4096, 512, 2048, 8), (4096, 768, 2048, 4), (4096, 96, 1024, 40), (4096, 100, 0, 40),
    (12288, 4096, 8192, 3), (8192, 3072, 4096, 2), (4096, 4096, 4096, 1)])
def test_pool_capacity(chunk, block, boundary, want):
    assert pool_capacity(chunk, block, boundary) == want
