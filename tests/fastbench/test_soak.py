"""A small soak (300 jobs at ADDR_WIDTH 32 on the copy engine's transaction-level top, Icarus)
through tools/soak.py, and the soak's verdicts and argument errors."""

from __future__ import annotations

import json

import pytest

from tools import soak


def test_small_soak_passes_with_no_violation_and_no_leak(tmp_path, capsys):
    out = tmp_path / "soak.json"
    rc = soak.main(["--jobs", "300", "--widths", "32", "--kinds", "copy", "--sim", "icarus",
                    "--workers", "1", "--json", str(out)])
    text = capsys.readouterr().out
    assert rc == 0, text
    row = json.loads(out.read_text())["rows"][0]
    assert row["result"] == "pass" and row["jobs"] == 300, row
    assert row["violations"] == 0 and row["leaks"] == 0
    assert row["bursts"] > 300 and row["bytes"] > 0 and row["coverage"] > 50
    assert 0 < row["rss_kib"] < soak.RSS_LIMIT_KIB
    assert "jobs/s" in text and "PASS" in text


@pytest.mark.parametrize("field, value", [("violations", 1), ("leaks", 2),
                                          ("rss_kib", soak.RSS_LIMIT_KIB), ("result", "fail")])
def test_any_violation_leak_or_rss_over_the_limit_fails(field, value):
    row = soak.SoakRow("copy", "32", result="pass", jobs=10, loop_s=1.0, rss_kib=1000)
    assert row.ok
    setattr(row, field, value)
    assert not row.ok
    assert "FAIL" in soak.table([row], 1.0).splitlines()[-1]


def test_repro_command_names_seed_width_jobs_and_simulator():
    cmd = soak.repro("copy", "40", 500, 77, "verilator")
    assert cmd == "SEED=77 make soak SOAK_JOBS=500 SOAK_WIDTHS=40 SOAK_KINDS=copy SIM=verilator"


@pytest.mark.parametrize("args, message", [(["--jobs", "0"], "--jobs/SOAK_JOBS 0"),
                                           (["--widths", "19"], "address width 19 outside"),
                                           (["--sim", "vcs"], "simulator 'vcs'"),
                                           (["--kinds", "gpu"], "--kinds ['gpu']")])
def test_bad_arguments_are_named(args, message, capsys):
    with pytest.raises(SystemExit):
        soak.parse_args(args)
    assert message in capsys.readouterr().err
