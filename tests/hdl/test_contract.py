"""The engine's contract suite under Icarus (each check is a cocotb test of
tests/hdl/cocotb_dma_contract.py). One image per parameter set under build/hdl/."""

from __future__ import annotations

import json

import pytest

from bench.build import ROOT, run

MODULE = "tests.hdl.cocotb_dma_contract"
DEFAULTS = {"ADDR_WIDTH": 32, "DATA_WIDTH": 64, "MAX_BURST_LEN": 16, "LEGACY_TRUNCATE": 0,
            "ID_WIDTH": 4, "MAX_CHAIN": 4096}
GENERAL = ("registers,len_zero_and_range_errors,status_irq_busy_start_w1c,sg_chains,bus_errors,"
           "abort_and_reset,random_backpressure")


def run_contract(name: str, tests: str, **params) -> None:
    """Run `tests` of the contract module on dma_engine built with `params` over DEFAULTS;
    a failing test raises with its own assertion message."""
    p = dict(DEFAULTS, **params)
    tag = "_".join(f"{k.lower()}{v}" for k, v in sorted(params.items()))
    run(ROOT / "build" / "hdl" / (f"{name}_{tag}" if tag else name), p, MODULE, tests=tests,
        extra_env={"DMA_PARAMS": json.dumps(p)})


@pytest.mark.parametrize("addr_width", [24, 32, 64])
def test_smoke_copy_4k(addr_width):
    run_contract("smoke", "smoke_copy_4k", ADDR_WIDTH=addr_width)


def test_contract_default():
    """ADDR_WIDTH 32, DATA_WIDTH 64, MAX_BURST_LEN 16, strict."""
    run_contract("contract", GENERAL)


@pytest.mark.parametrize("addr_width,data_width,max_burst", [(64, 128, 256), (24, 32, 2)])
def test_contract_widths(addr_width, data_width, max_burst):
    run_contract("contract", GENERAL, ADDR_WIDTH=addr_width, DATA_WIDTH=data_width,
                 MAX_BURST_LEN=max_burst)


@pytest.mark.parametrize("data_width,max_burst", [(32, 16), (64, 256), (128, 1)])
def test_unaligned(data_width, max_burst):
    run_contract("unaligned", "unaligned_copies", DATA_WIDTH=data_width, MAX_BURST_LEN=max_burst)


def test_max_chain():
    run_contract("maxchain", "max_chain", MAX_CHAIN=3)


@pytest.mark.parametrize("addr_width", [24, 12])
def test_legacy(addr_width):
    run_contract("legacy", "legacy_wrap,len_zero_and_range_errors,registers",
                 ADDR_WIDTH=addr_width, LEGACY_TRUNCATE=1)


def test_throughput():
    """Prints beats/cycle (zero wait and 16-cycle read latency); the benchmarks report speed."""
    run_contract("throughput", "throughput_zero_wait,throughput_read_latency16", DATA_WIDTH=32,
                 MAX_BURST_LEN=16)
