"""Smoke: the engine copies 4 KiB correctly at ADDR_WIDTH 24, 32 and 64 (issue 3, item 4)."""
import pytest

from .sim_runner import run_dma_sim


@pytest.mark.parametrize("addr_width", [24, 32, 64])
def test_smoke_copy_4k(addr_width):
    run_dma_sim("smoke", "cocotb_dma_smoke", ADDR_WIDTH=addr_width)
