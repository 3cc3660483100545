"""The formal address bound of hdl/nic_engine.v: k-induction with yosys, yosys-smtbmc and yices
over hdl/nic_engine_formal.vh (tools/formal.py --top nic_engine), one test per ADDR_WIDTH of the
fast set, plus the checks that the proof means something:

* environment: the only assumption is reset in the first cycle (the driver may write any
  register at any time);
* teeth: built with -DMASKDMA_NO_RANGE_CHECK (the strict-mode range check removed) the bounded
  check from reset must find a trace that breaks the window property N3 (a burst outside the
  checked ring or buffer, or a window reaching above 2^ADDR_WIDTH-1); built with
  -DMASKDMA_NO_INDEX_CHECK (no check of HEAD against SIZE) it must find a fetch outside the ring
  (N3), reachable only because the driver may write HEAD at any time;
* reachability: every cover() (descriptor fetch, TX data read, RX data write, TX and RX STATUS
  write-backs) is reachable from reset.

The data groups (hdl/nic_engine_formal_tx.vh, _rx.vh; bounded checks of 18 steps from reset, in
`make formal-full` only: 2-8 minutes each) are checked here through their teeth and covers:
built with -DMASKDMA_DEFECT_TXDATA (TX stream bytes rotated by one lane) the bounded check breaks
N4, with -DMASKDMA_DEFECT_RXSTROBE (RX W strobes one lane wider than tkeep) it breaks N5; every
cover() of both groups is reachable; their assumptions are exactly the stated ones.
"""
from __future__ import annotations

import re
from functools import partial

import pytest

from tests.formal.formal_runs import ROOT, base_failures, counterexample_text, formal
from tests.formal.formal_runs import run_formal as _run_formal

NIC = formal.TOPS["nic_engine"]
run_formal = partial(_run_formal, top="nic_engine")


def test_only_reset_assumed() -> None:
    """The address properties constrain the environment by one assumption: reset in the first
    cycle (the data groups' assumptions live in their own files, see below)."""
    text = (ROOT / "hdl" / "nic_engine_formal.vh").read_text()
    code = "\n".join(line.split("//", 1)[0] for line in text.splitlines())
    assumes = re.findall(r"\bassume\s*\((.*?)\)\s*;", code)
    assert assumes == ["rst"], f"assumptions in nic_engine_formal.vh: {assumes}"


def test_fast_set_covers_widths_30_and_32() -> None:
    """`make formal` proves the NIC at (at least) ADDR_WIDTH 30 and 32, strict mode."""
    assert {30, 32} <= {w for w, _, _ in NIC.fast}
    assert NIC.config["LEGACY_TRUNCATE"] == 0


# 2-2.5 minutes per width: `make test-slow` and `make formal` run it, `make test` does not
@pytest.mark.slow
@pytest.mark.parametrize("width", sorted(NIC.widths, reverse=True), ids=lambda w: f"aw{w}")
def test_proof(width: int) -> None:
    """Base case and induction step both pass: N1-N3 hold in every reachable state."""
    rc, out = run_formal("--width", str(width), "--group", "addr")
    assert rc == 0, out
    assert re.search(rf"^nic_engine-aw{width}: PASS", out, re.M), out
    for check in ("base", "induction"):
        assert re.search(rf"^\s+{check}\s+PASS", out, re.M), out


def test_proof_has_teeth() -> None:
    """Without the range check the bounded check from reset finds a trace that breaks N3."""
    rc, out = run_formal("--width", "30", "--defect", "range")
    assert rc != 0, out
    assert re.search(r"^nic_engine-aw30-defect-maskdma_no_range_check: FAIL", out, re.M), out
    assert all("// N3:" in f for f in base_failures(out)), out
    text = counterexample_text(out)
    assert "m_axi_araddr" in text and "m_axi_arvalid" in text


def test_proof_has_teeth_index() -> None:
    """Without the ring's index checks the bounded check from reset finds a burst outside its
    window (N3): a HEAD written at or beyond SIZE sends the fetch past the ring."""
    rc, out = run_formal("--width", "30", "--defect", "index")
    assert rc != 0, out
    assert re.search(r"^nic_engine-aw30-defect-maskdma_no_index_check: FAIL", out, re.M), out
    assert any("// N3: an AR burst lies inside its window" in f for f in base_failures(out)), out


def test_assumptions_not_vacuous() -> None:
    """Every cover() (each kind of burst) is reachable from reset."""
    rc, out = run_formal("--width", "30", "--cover", "--group", "addr")
    assert rc == 0, out
    assert re.search(r"^nic_engine-aw30-cover: PASS", out, re.M), out
    log = (formal.OUT / "nic_engine-aw30-cover" / "addr" / "cover.log").read_text(errors="replace")
    assert "Unreached cover" not in log, log[-2000:]
    assert len(re.findall(r"Reached cover statement", log)) == 5, log[-2000:]


def _assumes(name: str) -> list[str]:
    """The environment assumptions of a properties file: its assume() statements, without the
    `define lines (a staged proof's macros assume an earlier stage's invariants, not the
    environment)."""
    text = (ROOT / "hdl" / name).read_text()
    code = "\n".join(line.split("//", 1)[0] for line in text.splitlines()
                     if not line.lstrip().startswith("`define"))
    return [" ".join(a.split()) for a in re.findall(r"\bassume\s*\((.*?)\)\s*;", code, re.S)]


def test_data_assumptions() -> None:
    """TX: the AXI slave answers read bursts in order with ARLEN+1 beats (RLAST on the last) and
    returns the tracked value at buf+k; RX: the stream carries the tracked value at byte k.
    Nothing else is assumed (besides reset, in the shared file)."""
    assert _assumes("nic_engine_formal_tx.vh") == [
        "m_axi_rlast == (f_rb == f_rq_n[f_p_rq_rd])",
        "m_axi_rdata[{f_tx_kl, 3'b000} +: 8] == f_tx_v"]
    assert _assumes("nic_engine_formal_rx.vh") == [
        "s_axis_rx_tdata[{f_rx_kl, 3'b000} +: 8] == f_rx_v"]


def test_full_set_has_data_groups() -> None:
    """`make formal-full` runs every stage of the TX induction proof (N4) and the RX bounded check
    (N5) at ADDR_WIDTH 30 and 32."""
    tx = tuple(f"txdata-{st}" for st in formal.NIC_TX_STAGES)
    assert tx[-1] == "txdata-b" and len(tx) == 8
    assert {(w, g) for w, g, ov in NIC.full if not ov} >= {
        (w, g) for w in (30, 32) for g in (*tx, "rxdata")}


@pytest.mark.parametrize("defect,tag,assertion", [
    ("txdata", "maskdma_defect_txdata", "// N4: the stream beat holding byte k"),
    ("rxstrobe", "maskdma_defect_rxstrobe", "// N5: the W beat that strobes buf + k"),
])
def test_data_teeth(defect: str, tag: str, assertion: str) -> None:
    """A one-line data defect is rejected by its property within the bounded depth."""
    rc, out = run_formal("--width", "30", "--defect", defect)
    assert rc != 0, out
    assert re.search(rf"^nic_engine-aw30-defect-{tag}: FAIL", out, re.M), out
    # the data groups label their check lines ("T-base", "R-base")
    base = re.search(r"^\s+[TR]-base\s+FAIL\b(.*?)(?=^\S|\Z)", out, re.M | re.S)
    assert base, out
    failed = re.findall(r"failed assertion: (.*)", base.group(1))
    assert failed and all(assertion in f for f in failed), out


@pytest.mark.parametrize("group,n", [("txdata", 2), ("rxdata", 3)])
def test_data_covers(group: str, n: int) -> None:
    """Every cover() of a data group is reachable from reset (the tracked byte leaves on the
    stream / is written; whole packets complete)."""
    rc, out = run_formal("--width", "30", "--cover", "--group", group)
    assert rc == 0, out
    log = (formal.OUT / "nic_engine-aw30-cover" / group / "cover.log").read_text(errors="replace")
    assert "Unreached cover" not in log, log[-2000:]
    assert len(re.findall(r"Reached cover statement", log)) == n, log[-2000:]
