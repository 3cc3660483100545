"""Per-session results directories (bench.sim_runner) and the summary that reads them
(tools/sim_summary.py): concurrent sessions keep their own records, `latest` points at the newest
session, stale session directories go, a bad session id is refused by name."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench import sim_runner

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def results_root(tmp_path, monkeypatch):
    """sim_runner's results root moved into tmp_path (RESULTS and the env restored after)."""
    root = tmp_path / "results"
    monkeypatch.setattr(sim_runner, "RESULTS_ROOT", root)
    monkeypatch.setattr(sim_runner, "LATEST", root / "latest")
    monkeypatch.setattr(sim_runner, "RESULTS", sim_runner.RESULTS)
    monkeypatch.setenv(sim_runner.RESULTS_ENV, os.environ.get(sim_runner.RESULTS_ENV, ""))
    return root


def test_sessions_keep_their_own_records(results_root) -> None:
    a = sim_runner.use_results(sim_runner.session_results("run-a"))
    (a / "w32_sg_chains.json").write_text("{}")
    assert os.environ[sim_runner.RESULTS_ENV] == str(a)
    b = sim_runner.use_results(sim_runner.session_results("run-b"))
    assert b != a and sim_runner.RESULTS == b
    assert (a / "w32_sg_chains.json").exists(), "a second session removed the first's records"
    assert sim_runner.latest_results() == b.resolve()
    assert sim_runner.result_path(32, "sg_chains") == b / "w32_sg_chains.json"


def test_stale_session_directories_are_removed(results_root) -> None:
    old = sim_runner.session_results("old")
    fresh = sim_runner.session_results("fresh")
    for d in (old, fresh):
        d.mkdir(parents=True)
    past = time.time() - sim_runner.STALE_SECONDS - 60
    os.utime(old, (past, past))
    sim_runner.use_results(sim_runner.session_results("now"))
    assert not old.exists() and fresh.exists()


@pytest.mark.parametrize("bad", ["", "a/b", ".hidden", ".."])
def test_bad_session_id_is_refused(bad) -> None:
    with pytest.raises(ValueError, match="session id"):
        sim_runner.session_results(bad)


def _summary(*args: str) -> str:
    return subprocess.run([sys.executable, str(ROOT / "tools" / "sim_summary.py"), *args],
                          capture_output=True, text=True, check=True, cwd=ROOT).stdout


def test_summary_tabulates_the_given_run(tmp_path) -> None:
    rec = {"width": 32, "test": "bulk_copies", "result": "pass", "jobs": 3,
           "bytes_moved": 4_000_000, "bursts_checked": 62_000, "violations": 0,
           "worker": "gw0", "sim_cpu_s": 10.0}
    run = tmp_path / "run"
    run.mkdir()
    (run / "w32_bulk_copies.json").write_text(json.dumps(rec))
    (run / "w40_bulk_copies.json").write_text(json.dumps({**rec, "width": 40,
                                                          "result": "fail"}))
    out = _summary(str(run))
    assert "4000000" in out and "62000" in out and "8000000" in out
    assert "FAIL (bulk_copies)" in out
    assert "simulator CPU 20.0 s (400 kB moved per CPU-second; per worker: gw0 20.0 s)" in out
    assert "no results in" in _summary(str(tmp_path / "empty"))


@pytest.mark.parametrize("nodeid, scope", [
    ("tests/sim/test_sim_device.py::test_device[w36-teeth_legacy]", "sim-w36"),
    ("tests/sim/test_sim_device.py::test_device[w36-random_regression]", "sim-w36"),
    ("tests/sim/test_sim_device.py::test_device[w64-bulk_copies]", "sim-w64"),
    ("tests/sim/test_sim_machine.py::test_concurrent_traffic[machine_traffic]",
     "tests/sim/test_sim_machine.py"),
    ("tests/faults/test_sim_faults.py::test_b9_legacy_nic", "tests/faults/test_sim_faults.py"),
    ("tests/sim/test_sim_device.py::test_device[w32-sg_chains]@grp", "grp"),
    ("tests/sim/test_sim_device.py::test_defect_build_is_caught",
     "tests/sim/test_sim_device.py::test_defect_build_is_caught"),
])
def test_a_simulator_run_is_one_scheduling_unit(nodeid, scope) -> None:
    from tests.conftest import sim_scope

    assert sim_scope(nodeid) == scope
