"""Run the copy-engine suite (``bench.suites.copy_engine``) on dma_engine for one address width.

One build directory per parameter set: ``build/sim/w<W>_<mode>[_waves]`` (cocotb's runner
decides to rebuild only from source timestamps, so sharing a directory between widths would
silently simulate the old width); ``bench.build.run`` builds, runs and reads results.xml.

Running: the tests of one width and build run in ONE simulator process (``run_group``; the
first pytest test of a width starts it, the others read its per-test records), which saves the
~1 s start-up of cocotb + pyuvm per test; pytest still reports every (width, test) separately.
With ``WAVES=1`` each test gets its own simulator and its own FST in
``build/sim/waves/w<W>/<test>.fst``. ``run_test`` runs a single test on its own.
"""

from __future__ import annotations

import fcntl
import json
import os
from pathlib import Path

from bench import build
from bench.suites import COPY_ENGINE_MODULE, TESTS_BY_NAME
from bench.widths import DATA_WIDTH, MAX_BURST_LEN

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "build" / "sim"
RESULTS = BUILD / "results"
WAVES_DIR = BUILD / "waves"
DEFAULT_SEED = 2008


def waves_requested() -> bool:
    return os.environ.get("WAVES", "0").strip().lower() not in ("", "0", "false", "no", "off")


# Deliberate defect builds (hdl/dma_engine.v): name -> Verilog defines. The bench must catch them.
DEFECTS = {"norange": {"MASKDMA_NO_RANGE_CHECK": 1}}


def build_dir(width: int, legacy: bool = False, waves: bool = False, defect: str = "") -> Path:
    mode = defect or ("legacy" if legacy else "strict")
    return BUILD / f"w{width}_{mode}{'_waves' if waves else ''}"


def parameters(width: int, legacy: bool) -> dict:
    return {"ADDR_WIDTH": width, "DATA_WIDTH": DATA_WIDTH, "MAX_BURST_LEN": MAX_BURST_LEN,
            "LEGACY_TRUNCATE": int(legacy)}


def result_path(width: int, test: str) -> Path:
    return RESULTS / f"w{width}_{test}.json"


def run_group(width: int, tests: list[str], legacy: bool = False, seed: int | None = None,
              waves: bool | None = None, extra_env: dict | None = None,
              defect: str = "") -> dict[str, dict]:
    """Run pyuvm test classes for one width in ONE simulator process (one per test when waves
    are recorded, so that every test gets its own FST). Returns {test: record}; a record's
    "result" is "pass" or "fail" and a failed one carries "failure" (message, seed, rerun
    command, log path). Records are also written to build/sim/results/w<W>_<test>.json."""
    waves = waves_requested() if waves is None else waves
    if waves and len(tests) > 1:
        out: dict[str, dict] = {}
        for t in tests:
            out.update(run_group(width, [t], legacy, seed, waves, extra_env, defect))
        return out
    seed = int(os.environ.get("SEED") or DEFAULT_SEED) if seed is None else seed
    bdir = build_dir(width, legacy, waves, defect)
    group = tests[0] if len(tests) == 1 else "group"
    run_dir = bdir / "runs" / group
    run_dir.mkdir(parents=True, exist_ok=True)
    results = RESULTS if not defect else BUILD / f"defect-{defect}"
    results.mkdir(parents=True, exist_ok=True)
    rpath = (lambda t: result_path(width, t)) if not defect else (
        lambda t: results / f"w{width}_{t}.json")
    for t in tests:
        rpath(t).unlink(missing_ok=True)
    log_file = run_dir / "sim.log"
    plusargs = []
    fst = None
    if waves:
        fst = WAVES_DIR / f"w{width}" / f"{tests[0]}.fst"
        fst.parent.mkdir(parents=True, exist_ok=True)
        fst.unlink(missing_ok=True)
        plusargs.append(f"+dumpfile_path={fst}")
    env = {"MASKDMA_ADDR_WIDTH": str(width), "MASKDMA_LEGACY": str(int(legacy)),
           "MASKDMA_SEED": str(seed), "MASKDMA_RESULT_DIR": str(results),
           "COCOTB_LOG_LEVEL": os.environ.get("COCOTB_LOG_LEVEL", "INFO")}
    env.update(extra_env or {})
    cases = {name.split(".")[-1]: text for name, text in build.run(
        bdir, parameters(width, legacy), COPY_ENGINE_MODULE, tests=tests,
        defines=DEFECTS[defect] if defect else None, waves=waves, test_dir=run_dir,
        extra_env=env, plusargs=plusargs, check=False).items()}
    out = {}
    for t in tests:
        res_file = rpath(t)
        record = json.loads(res_file.read_text()) if res_file.exists() else {
            "width": width, "test": t, "seed": seed}
        failure = None
        if t not in cases:
            failure = f"test {t!r} did not run (not in results.xml; see the log)"
        elif cases[t]:
            failure = cases[t]
        record["result"] = "fail" if failure else "pass"
        record["provokes_violations"] = TESTS_BY_NAME[t].provokes_violations
        record["log"] = str(log_file)
        record["worker"] = os.environ.get("PYTEST_XDIST_WORKER", "main")
        if fst is not None:
            record["waves"] = str(fst)
            print(f"waves: {fst}")
        if failure:
            record["failure"] = (f"w{width} {t} FAILED; seed {seed} (rerun: SEED={seed} make sim "
                                 f"ADDR_WIDTH={width} TESTS={t})\n{failure}\nlog: {log_file}")
        res_file.write_text(json.dumps(record, indent=1, sort_keys=True))
        out[t] = record
    return out


def run_test(width: int, test: str, legacy: bool = False, seed: int | None = None,
             waves: bool | None = None, extra_env: dict | None = None) -> dict:
    """Run one test in its own simulator; AssertionError (seed, rerun command, log) on failure."""
    record = run_group(width, [test], legacy, seed, waves, extra_env)[test]
    if record["result"] != "pass":
        raise AssertionError(record["failure"] + "\n--- log tail ---\n" +
                             _tail(Path(record["log"]), 60))
    return record


def run_shared(width: int, test: str, group: list[str], legacy: bool, session: str) -> dict:
    """``test``'s record from ONE simulator run of ``group`` (tests of this width and build
    selected in this pytest session). The first caller runs the group under a file lock;
    callers in other xdist workers wait for it and read the records it left."""
    bdir = build_dir(width, legacy, waves_requested())
    bdir.mkdir(parents=True, exist_ok=True)
    stamp = bdir / "group-session.json"
    with open(bdir / ".group.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = json.loads(stamp.read_text()) if stamp.exists() else {}
        if done.get("session") != session or test not in done.get("tests", []):
            run_group(width, group, legacy)
            stamp.write_text(json.dumps({"session": session, "tests": group}))
    record = json.loads(result_path(width, test).read_text())
    if record["result"] != "pass":
        raise AssertionError(record.get("failure", "failed") + "\n--- log tail ---\n" +
                             _tail(Path(record["log"]), 40))
    return record


def _tail(path: Path, n: int) -> str:
    try:
        lines = path.read_text(errors="replace").splitlines()
    except OSError:
        return "(no log)"
    return "\n".join(lines[-n:])
