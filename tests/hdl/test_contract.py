"""Contract suite for the DMA engine under Icarus (see cocotb_dma_contract.py for each check).
One build per parameter set under build/hdl/contract_<params>."""
import pytest

from .sim_runner import run_dma_sim

GENERAL = ("registers,len_zero_and_range_errors,status_irq_busy_start_w1c,sg_chains,bus_errors,"
           "abort_and_reset,random_backpressure")


def test_contract_default():
    """ADDR_WIDTH 32, DATA_WIDTH 64, MAX_BURST_LEN 16, strict."""
    run_dma_sim("contract", "cocotb_dma_contract", testcase=GENERAL)


@pytest.mark.parametrize("addr_width,data_width,max_burst", [(64, 128, 256), (24, 32, 2)])
def test_contract_widths(addr_width, data_width, max_burst):
    run_dma_sim("contract", "cocotb_dma_contract", testcase=GENERAL,
                ADDR_WIDTH=addr_width, DATA_WIDTH=data_width, MAX_BURST_LEN=max_burst)


@pytest.mark.parametrize("data_width,max_burst", [(32, 16), (64, 256), (128, 1)])
def test_unaligned(data_width, max_burst):
    run_dma_sim("unaligned", "cocotb_dma_contract", testcase="unaligned_copies",
                DATA_WIDTH=data_width, MAX_BURST_LEN=max_burst)


def test_max_chain():
    run_dma_sim("maxchain", "cocotb_dma_contract", testcase="max_chain", MAX_CHAIN=3)


@pytest.mark.parametrize("addr_width", [24, 12])
def test_legacy(addr_width):
    run_dma_sim("legacy", "cocotb_dma_contract",
                testcase="legacy_wrap,len_zero_and_range_errors,registers",
                ADDR_WIDTH=addr_width, LEGACY_TRUNCATE=1)


def test_throughput():
    """Prints beats/cycle (zero wait and 16-cycle read latency); speed is asserted by benchmarks."""
    run_dma_sim("throughput", "cocotb_dma_contract",
                testcase="throughput_zero_wait,throughput_read_latency16",
                DATA_WIDTH=32, MAX_BURST_LEN=16)
