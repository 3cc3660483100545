"""B1 (start-only mask check) and B2 (2008 allocator review bugs): each scenario is caught with
its fault switched on, by the layer the catalogue names, and passes without it."""
import pytest

from fault_scenarios import b1_straddling_buffer, b2_coherent_ring
from models import (DMA_BIT_MASK, GFP_KERNEL, PAGE_SIZE, BadFreeError, Device, KernelBugError,
                    Machine, MappingKind, dma_alloc_coherent, dma_free_coherent, dma_map_single,
                    dma_set_mask, dma_unmap_single, DMA_TO_DEVICE)
from models import dma_debug, faults


# -- B1-start-only-mask ----------------------------------------------------------------------
@pytest.mark.parametrize("bits", [30, 32])
def test_b1_caught_by_the_mapping_check(bits):
    mask = DMA_BIT_MASK(bits)
    with faults.injected("B1-start-only-mask"):
        with pytest.raises(KernelBugError) as e:
            b1_straddling_buffer(bits)
    assert str(e.value) == (
        f"DMA-API: device b44: dma_map_single: DMA addr {mask - 100:#x}+201 overflow (mask "
        f"{mask:#x}): last byte {mask + 100:#x} is above the mask [rule: a mapping's last byte "
        f"<= the device's DMA mask]")


@pytest.mark.parametrize("bits", [30, 32])
def test_b1_scenario_passes_without_the_fault(bits):
    with faults.injected():
        b1_straddling_buffer(bits)


def test_b1_refused_mapping_leaves_nothing_behind():
    m = Machine()
    dev = Device(m, "b44", DMA_BIT_MASK(30))
    with faults.injected("B1-start-only-mask"):
        with pytest.raises(KernelBugError, match="overflow"):
            dma_map_single(dev, dev.dma_mask - 100, 201, DMA_TO_DEVICE)
        # a buffer that really fits is still mapped directly under the fault
        h = dma_map_single(dev, dev.dma_mask - 200, 201, DMA_TO_DEVICE)
    assert dev.find_mapping(h, 201).kind is MappingKind.STREAMING
    dma_unmap_single(dev, h, 201, DMA_TO_DEVICE)
    assert dev.mappings() == [] and m.swiotlb.used == 0
    dev.remove()
    m.check_quiescent()


def test_b1_with_dma_debug_off_the_straddling_buffer_reaches_the_device():
    """Linux's default kernel has no dma-debug: the start-only check then maps the buffer
    directly, tail above the mask (the simulated devices must catch it: tests/faults/
    test_sim_faults.py)."""
    m = Machine()
    dev = Device(m, "b44", DMA_BIT_MASK(30))
    old = dma_debug.set_enabled(False)
    try:
        assert old is True
        with faults.injected("B1-start-only-mask"):
            h = dma_map_single(dev, dev.dma_mask - 100, 201, DMA_TO_DEVICE)
    finally:
        assert dma_debug.set_enabled(old) is False
    mp = dev.find_mapping(h, 201)
    assert h == dev.dma_mask - 100 and mp.kind is MappingKind.STREAMING and mp.end > dev.dma_mask
    dma_unmap_single(dev, h, 201, DMA_TO_DEVICE)
    dev.remove()
    m.check_quiescent()


def test_b1_without_fault_the_straddling_buffer_is_bounced():
    m = Machine()
    dev = Device(m, "b44", DMA_BIT_MASK(30))
    with faults.injected():
        h = dma_map_single(dev, dev.dma_mask - 100, 201, DMA_TO_DEVICE)
    mp = dev.find_mapping(h, 201)
    assert mp.kind is MappingKind.BOUNCE and mp.end <= dev.dma_mask
    dma_unmap_single(dev, h, 201, DMA_TO_DEVICE)


def test_b1_masks_that_are_not_2n_minus_1_are_refused_by_the_api():
    """The page-rounding half of B1 (a limit like 0x3ffff7ff inside a page) cannot arise: the
    API accepts only 2^n - 1 masks, and buddy blocks are naturally aligned, so a block can only
    straddle such a mask if it were larger than the mask's whole range."""
    m = Machine()
    dev = Device(m, "b44")
    with pytest.raises(ValueError, match="mask 0x3ffff7ff has holes: must be 2\\^n - 1"):
        dma_set_mask(dev, 0x3FFFF7FF)
    with pytest.raises(ValueError, match="has holes"):
        m.alloc_pages_mask(GFP_KERNEL, PAGE_SIZE, 0x3FFFF7FF)
    assert dev.dma_mask == DMA_BIT_MASK(32)


# -- B2-zone-flags ---------------------------------------------------------------------------
def test_b2_zone_flags_caught_at_the_allocator_boundary():
    with faults.injected("B2-zone-flags"):
        with pytest.raises(ValueError) as e:
            b2_coherent_ring()
    assert str(e.value) == (f"alloc_pages_mask: gfp {GFP_KERNEL | 0x4:#x} contains GFP_DMA32, "
                            f"which the mask allocator rejects: give the device a DMA mask "
                            f"instead")


def test_b2_zone_flags_scenario_passes_without_the_fault():
    with faults.injected():
        b2_coherent_ring()


def test_b2_zone_flags_spares_wide_masks_as_the_2008_code_did():
    with faults.injected("B2-zone-flags"):
        b2_coherent_ring(mask_bits=40)


def test_b2_zone_flags_refusal_changes_nothing():
    m = Machine()
    dev = Device(m, "snd")
    with faults.injected("B2-zone-flags"):
        with pytest.raises(ValueError, match="GFP_DMA32"):
            dma_alloc_coherent(dev, PAGE_SIZE, GFP_KERNEL)
    assert dev.mappings() == [] and m.free_counts() == m.boot_counts


# -- B2-min-size -----------------------------------------------------------------------------
def test_b2_min_size_caught_by_the_allocator_precondition():
    with faults.injected("B2-min-size"):
        with pytest.raises(KernelBugError) as e:
            b2_coherent_ring(size=4)
    assert str(e.value) == ("kernel BUG at mm/mask-alloc.c: alloc_pages_mask: size 4 < "
                            "MASK_MIN_SIZE (16) [rule: sizes below the minimum are raised to it "
                            "before the allocator]")


@pytest.mark.parametrize("size", [1, 4, 15, 16])
def test_b2_min_size_scenario_passes_without_the_fault(size):
    with faults.injected():
        m = b2_coherent_ring(size=size)
    assert m.stats["mask_low_waste"] == PAGE_SIZE - 16


def test_b2_min_size_fault_spares_sizes_at_the_minimum():
    with faults.injected("B2-min-size"):
        b2_coherent_ring(size=16)


# -- B2-wrong-size-free ----------------------------------------------------------------------
def test_b2_wrong_size_free_caught_by_the_free_records():
    with faults.injected("B2-wrong-size-free"):
        with pytest.raises(BadFreeError) as e:
            b2_coherent_ring(size=3 * PAGE_SIZE)
    assert "freed with size 4096 (1 pages) but allocated with size 12288 (3 pages)" \
        in str(e.value)


def test_b2_wrong_size_free_scenario_passes_without_the_fault():
    with faults.injected():
        b2_coherent_ring(size=3 * PAGE_SIZE)


def test_b2_wrong_size_free_hides_behind_one_page_buffers():
    """The macro is right for a one-page buffer: only multi-page buffers show the bug."""
    with faults.injected("B2-wrong-size-free"):
        b2_coherent_ring(size=PAGE_SIZE)


def test_b2_wrong_size_free_refusal_loses_nothing():
    m = Machine()
    dev = Device(m, "snd")
    cpu, h = dma_alloc_coherent(dev, 3 * PAGE_SIZE, GFP_KERNEL)
    with faults.injected("B2-wrong-size-free"):
        with pytest.raises(BadFreeError):
            dma_free_coherent(dev, 3 * PAGE_SIZE, cpu, h)
    assert dev.find_mapping(h, 3 * PAGE_SIZE) is not None
    with faults.injected():
        dma_free_coherent(dev, 3 * PAGE_SIZE, cpu, h)
    dev.remove()
    m.check_quiescent()
