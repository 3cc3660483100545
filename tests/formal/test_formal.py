"""The formal proof of hdl/dma_engine.v (`make formal`): k-induction with yosys,
yosys-smtbmc and yices over hdl/dma_engine_formal.vh, one test per ADDR_WIDTH so that xdist
spreads them, plus the checks that the proof means something:

* teeth: built with -DMASKDMA_NO_RANGE_CHECK (the strict-mode range check removed) the proof must
  FAIL, and the bounded check from reset must produce a counterexample trace that breaks the
  range property P1;
* reachability: every cover() in the properties (data and descriptor bursts, ERR_CODE 1, DONE)
  is reachable from reset under the environment assumptions, so they do not make it vacuous;
* the same two checks for the legacy (L1-L3), data-integrity (D1-D3) and completion (C1) groups:
  each named one-line defect is rejected by the assertion it breaks, each group's covers are
  reached.

`make formal` runs the same script (tools/formal.py) for all widths; `make formal-full` adds
DATA_WIDTH 64, the legacy proof and the bounded data-integrity and completion checks (tests/formal/test_formal_cli.py checks the
script's bad-input messages).
"""
from __future__ import annotations

import re

import pytest

from tests.formal.formal_runs import ROOT, base_failures, counterexample_text, formal, run_formal


# widest first: the slowest proof starts first when xdist hands out the tests in order; `make
# test` proves the narrowest width, `make test-slow` (and `make formal`) the others
_WIDTHS = sorted(formal.TOPS["dma_engine"].widths, reverse=True)


@pytest.mark.parametrize("width", [
    pytest.param(w, marks=() if w == min(_WIDTHS) else pytest.mark.slow) for w in _WIDTHS],
    ids=lambda w: f"aw{w}")
def test_proof(width: int) -> None:
    """Base case and induction step both pass: properties P1-P4 hold for every reachable state."""
    rc, out = run_formal("--width", str(width))
    assert rc == 0, out
    assert re.search(rf"^aw{width}: PASS", out, re.M), out
    # both proof groups: bus addresses (P1-P3) and W bursts (P4), base case and induction step
    for check in ("base", "induction", "W-base", "W-induction"):
        assert re.search(rf"^\s+{check}\s+PASS", out, re.M), out


def test_proof_has_teeth() -> None:
    """Without the range check the bounded check from reset finds a real trace that breaks P1."""
    rc, out = run_formal("--width", "24", "--defect", "range")
    assert rc != 0, out
    assert re.search(r"^aw24-defect-maskdma_no_range_check: FAIL", out, re.M), out
    # the range property P1 is what breaks (not an auxiliary invariant alone)
    assert any("// P1:" in f for f in base_failures(out)), out
    text = counterexample_text(out)
    assert "m_axi_araddr" in text and "m_axi_arvalid" in text


def test_assumptions_not_vacuous() -> None:
    """Every cover() (bursts, descriptor fetch, ERR_CODE 1, DONE) is reachable from reset."""
    rc, out = run_formal("--width", "24", "--cover")
    assert rc == 0, out
    assert re.search(r"^aw24-cover: PASS", out, re.M), out
    log = (ROOT / "build" / "formal" / "aw24-cover" / "addr" / "cover.log").read_text(errors="replace")
    assert "Unreached cover" not in log, log[-2000:]
    assert len(re.findall(r"Reached cover statement", log)) >= 5, log[-2000:]


DMA = formal.TOPS["dma_engine"]
# the teeth builds of the legacy, data and completion groups (range has its own test above)
GROUP_DEFECTS = sorted(name for name in DMA.defects if name != "range")


@pytest.mark.parametrize("name", GROUP_DEFECTS)
def test_group_defect_is_rejected(name: str) -> None:
    """The one-line defect makes the bounded check from reset fail on the property it breaks."""
    defect = DMA.defects[name]
    label = DMA.groups[defect.group].label + "base"
    rc, out = run_formal("--width", "24", "--defect", name)
    assert rc != 0, out
    assert re.search(rf"^aw24\S*-defect-{defect.define.lower()}: FAIL", out, re.M), out
    m = re.search(rf"^\s+{label}\s+(\w+)", out, re.M)
    assert m and m.group(1) == "FAIL", out
    failed = re.findall(r"failed assertion: (.*)", out)
    assert any(f"// {defect.tag}" in f for f in failed), out


@pytest.mark.parametrize("group", ["legacy", "data", "done"])
def test_group_covers_reached(group: str) -> None:
    """Every cover() of the group is reachable from reset: its assumptions are not vacuous."""
    rc, out = run_formal("--width", "24", "--cover", "--group", group)
    assert rc == 0, out
    label = DMA.groups[group].label + "cover"
    m = re.search(rf"^\s+{label}\s+PASS.*\((\d+) covers reached\)", out, re.M)
    assert m, out
    config = formal.config_name(DMA, 24, dict(DMA.groups[group].overrides), "-cover")
    log = (formal.OUT / config / group / "cover.log").read_text(errors="replace")
    assert "Unreached cover" not in log, log[-2000:]
    covers = log.count("Reached cover statement")
    assert covers == int(m.group(1)) and covers >= 2, log[-2000:]
