"""One machine, four DMA devices of different widths (hdl/tb/machine_tb.v, bench/suites/machine.py).

The suite's tests run in ONE simulator process (the first pytest test starts it under a file
lock, the others read their records from build/sim/results/machine_<test>.json); each pytest
test then checks its own record. A build with MASKDMA_NO_RANGE_CHECK (every engine's range check
compiled out) must fail ``nic_strict_refusal``.
"""

from __future__ import annotations

import fcntl
import json
import uuid
from pathlib import Path

import pytest

from bench.machine import SUITE_TESTS, run_machine_suite
from bench.sim_runner import BUILD, RESULTS

_SESSION = uuid.uuid4().hex
pytestmark = pytest.mark.xdist_group("sim-machine")


def run_suite(tests, results: Path, defect: bool = False) -> dict[str, str]:
    return run_machine_suite(tests, results, BUILD / ("machine_norange" if defect else "machine"),
                             defect=defect)


@pytest.fixture
def machine_record(request):
    """The record of this test's suite test, running the whole suite once per session."""
    session = getattr(request.config, "workerinput", {}).get("testrunuid", _SESSION)
    BUILD.mkdir(parents=True, exist_ok=True)
    stamp = BUILD / "machine-session.json"
    with open(BUILD / ".machine.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = json.loads(stamp.read_text()) if stamp.exists() else {}
        if done.get("session") != session:
            outcome = run_suite(SUITE_TESTS, RESULTS)
            stamp.write_text(json.dumps({"session": session, "outcome": outcome}))
            done = {"session": session, "outcome": outcome}
    name = request.param
    failure = done["outcome"].get(name)
    assert failure is not None, f"{name} did not run (log {BUILD / 'machine' / 'run' / 'sim.log'})"
    assert failure == "", f"{name} FAILED:\n{failure}\nlog: {BUILD / 'machine' / 'run' / 'sim.log'}"
    return json.loads((RESULTS / f"machine_{name}.json").read_text())


def _devices(rec):
    return rec["devices"]


@pytest.mark.parametrize("machine_record", ["machine_traffic"], indirect=True)
def test_concurrent_traffic(machine_record):
    rec = machine_record
    assert rec["quiescent"] is True
    for name, d in _devices(rec).items():
        assert d["violations"] == 0 and d["scoreboard_errors"] == 0, (name, d)
        assert d["jobs"] > 0 and d["bursts_checked"] > 0, (name, d)
        assert d["data_bytes_checked"] == d["bytes_moved"] > 0, (name, "every byte checked", d)
    assert _devices(rec)["nic"]["packets"] >= 10
    assert rec["relay_bytes"] == 700


@pytest.mark.parametrize("machine_record", ["pool_contention"], indirect=True)
def test_pool_contention_serves_narrow_devices(machine_record):
    pool = machine_record["pool"]
    print("mask allocator, pool pages per device at the peak:", json.dumps(pool))
    assert machine_record["starved"] == []
    assert pool["nic"]["pool_pages"] > 0 and pool["d24"]["pool_pages"] > 0
    assert pool["d32"]["pool_pages"] + pool["d64"]["pool_pages"] >= 40 * 256


@pytest.mark.parametrize("machine_record", ["pre2008_starves_nic"], indirect=True)
def test_pre2008_zone_policy_starves_the_nic(machine_record):
    pool = machine_record["pool"]
    print("pre-2008 zone policy, pool pages per device at the peak:", json.dumps(pool))
    print("starved:", machine_record["enomem"]["nic"])
    assert machine_record["starved"] == ["nic"]
    assert pool["nic"]["pool_pages"] == 0 and pool["d24"]["pool_pages"] > 0
    assert machine_record["zone_policy"] == "pre2008"


@pytest.mark.parametrize("machine_record", ["nic_strict_refusal"], indirect=True)
def test_nic_strict_refusal(machine_record):
    nic = _devices(machine_record)["nic"]
    assert nic["jobs_err"] == 1 and nic["violations"] == 0


def test_defect_build_is_caught():
    """The NIC built with MASKDMA_NO_RANGE_CHECK must fail nic_strict_refusal."""
    out = run_suite(["nic_strict_refusal"], BUILD / "defect-machine", defect=True)
    failure = out.get("nic_strict_refusal")
    assert failure, f"nic_strict_refusal passed on a NIC without range check: {out}"
    line = next((ln for ln in failure.splitlines() if "AssertionError" in ln), failure)
    print("defect build failure:", line)
    assert "NIC accepted a buffer" in failure and "above its limit" in failure, failure
