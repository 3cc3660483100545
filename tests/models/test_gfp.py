import pytest

from models import (DMA_BIT_MASK, GFP_ATOMIC, GFP_DMA, GFP_DMA32, GFP_KERNEL, GFP_NOWAIT,
                    __GFP_COMP, __GFP_NOWARN, check_gfp, gfp_may_sleep, pages_for,
                    validate_mask, PAGE_SIZE)


@pytest.mark.parametrize("n", [1, 12, 24, 32, 48, 64])
def test_dma_bit_mask(n):
    assert DMA_BIT_MASK(n) == 2**n - 1
    assert validate_mask(DMA_BIT_MASK(n)) == n


@pytest.mark.parametrize("n", [0, 65, -1, 3.0, "32", True])
def test_dma_bit_mask_rejects(n):
    with pytest.raises(ValueError, match=r"DMA_BIT_MASK\(.*\).*1\.\.64"):
        DMA_BIT_MASK(n)


@pytest.mark.parametrize("mask", [0xFFFF0FFF, 0b101, 0xFFFFFFFE, 2**33 - 2])
def test_mask_with_holes(mask):
    with pytest.raises(ValueError, match=f"mask {mask:#x} has holes: must be 2\\^n - 1"):
        validate_mask(mask)


@pytest.mark.parametrize("mask", [0, -1, 2**64, 2**70 - 1])
def test_mask_out_of_range(mask):
    with pytest.raises(ValueError, match="outside 1..64 bits"):
        validate_mask(mask)


def test_mask_not_int():
    with pytest.raises(ValueError, match="not an int"):
        validate_mask("0xffffffff")


def test_may_sleep():
    assert gfp_may_sleep(GFP_KERNEL)
    assert not gfp_may_sleep(GFP_ATOMIC)
    assert not gfp_may_sleep(GFP_NOWAIT)
    assert gfp_may_sleep(GFP_KERNEL | __GFP_NOWARN)


@pytest.mark.parametrize("flag,name", [(GFP_DMA, "GFP_DMA"), (GFP_DMA32, "GFP_DMA32"),
                                       (__GFP_COMP, "__GFP_COMP")])
def test_zone_flags_rejected(flag, name):
    with pytest.raises(ValueError, match=f"contains {name}"):
        check_gfp(GFP_KERNEL | flag, "alloc_pages_mask")
    check_gfp(GFP_KERNEL | __GFP_NOWARN, "x")


def test_pages_for():
    assert pages_for(1) == 1 and pages_for(PAGE_SIZE) == 1 and pages_for(PAGE_SIZE + 1) == 2
