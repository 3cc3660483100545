"""`make waves` support (tools/sim_waves.py): translate filters generated from the sources, the
reference layout up to date, layouts for both tops and widths, markers, and the FST lookup."""

from __future__ import annotations

import re

import pytest

from bench.engines.dma_engine_regs import ERR_NAMES
from bench.tlm_memory import RULE_CODES
from tools import sim_waves as sw


def test_fsm_states_come_from_the_engine_localparams():
    states = sw.fsm_states()
    text = sw.ENGINE_RTL.read_text()
    assert states[0] == "IDLE" and "COPY" in states.values()
    for value, name in states.items():
        assert re.search(rf"localparam\s+\[\d+:0\]\s+S_{name}\s*=\s*\d+'d{value}\s*;", text)


def test_fsm_states_without_localparams_is_a_named_error(tmp_path):
    rtl = tmp_path / "x.v"
    rtl.write_text("module x; endmodule\n")
    with pytest.raises(ValueError, match="no 'localparam"):
        sw.fsm_states(rtl)


def test_filters_follow_the_register_map_and_the_guard(tmp_path):
    files = sw.write_filters(tmp_path)
    err = dict(line.split(" ", 1) for line in files["err_code"].read_text().splitlines()
               if not line.startswith("#"))
    assert {int(k): v for k, v in err.items()} == ERR_NAMES
    rules = files["guard_rule"].read_text()
    for rule, code in RULE_CODES.items():
        assert f"\n{code} {rule}\n" in rules
    assert "\n2 SLVERR\n3 DECERR\n" in files["axi_resp"].read_text()


def test_reference_layout_and_filters_are_up_to_date():
    for path, text in sw.reference_text().items():
        assert path.read_text() == text, f"{path} is stale: run python tools/sim_waves.py " \
                                         f"--reference"


@pytest.mark.parametrize("top, width", [("dma_engine_tb", 40), ("dma_engine", 24)])
def test_layout_names_signals_of_the_top_and_width(tmp_path, top, width):
    filters = sw.write_filters(tmp_path)
    text = sw.layout(top, width, filters, [(12.5, "job 1"), (40.0, "outside-job")])
    assert f"{top}.m_axi_araddr[{width - 1}:0]" in text
    assert ("tb_job_id" in text) == (top == "dma_engine_tb")
    eng = f"{top}.u_dma" if top == "dma_engine_tb" else top
    assert f"^1 {filters['fsm_state']}\n{eng}.state_reg[2:0]" in text
    assert f"^1 {filters['axi_resp']}\n{top}.m_axi_bresp[1:0]" in text
    assert "\n*-24.0 -1 12500 40000\n" in text  # named markers in ps


def test_missing_fst_names_the_make_sim_command(tmp_path, monkeypatch):
    monkeypatch.setattr(sw, "WAVES", tmp_path)
    with pytest.raises(FileNotFoundError, match="make sim WAVES=1 ADDR_WIDTH=36 TESTS=sg_chains"):
        sw.find_fst("sg_chains", 36)
