"""Build and run dma_engine under Icarus for one address width (used by tests/sim and tools).

One build directory per parameter set: ``build/sim/w<W>_<mode>[_waves]`` -- cocotb's runner
decides to rebuild only from source timestamps, so sharing a directory between widths would
silently simulate the old width (NOTES.md). Builds are reused when hdl/dma_engine.v did not
change; an fcntl lock per directory keeps concurrent pytest-xdist workers from building the same
directory at once. Each (width, test) runs in its own simulator process, so pytest reports every
test separately and ``WAVES=1`` gives one FST per test in ``build/sim/waves/w<W>/<test>.fst``.
"""

from __future__ import annotations

import fcntl
import json
import os
import sys
from pathlib import Path

from bench.widths import DATA_WIDTH, MAX_BURST_LEN

ROOT = Path(__file__).resolve().parents[1]
HDL_SOURCES = [ROOT / "hdl" / "dma_engine.v"]
TOPLEVEL = "dma_engine"
BUILD = ROOT / "build" / "sim"
RESULTS = BUILD / "results"
WAVES_DIR = BUILD / "waves"
TEST_MODULE = "sim_device_tests"  # tests/sim/sim_device_tests.py: the pyuvm tests
TEST_MODULE_DIR = ROOT / "tests" / "sim"
DEFAULT_SEED = 2008


def waves_requested() -> bool:
    return os.environ.get("WAVES", "0").strip().lower() not in ("", "0", "false", "no", "off")


def build_dir(width: int, legacy: bool = False, waves: bool = False) -> Path:
    return BUILD / f"w{width}_{'legacy' if legacy else 'strict'}{'_waves' if waves else ''}"


def parameters(width: int, legacy: bool) -> dict:
    return {"ADDR_WIDTH": width, "DATA_WIDTH": DATA_WIDTH, "MAX_BURST_LEN": MAX_BURST_LEN,
            "LEGACY_TRUNCATE": int(legacy)}


def get_runner_built(width: int, legacy: bool = False, waves: bool = False):
    """Return an Icarus runner whose build for (width, legacy, waves) is up to date."""
    from cocotb_tools.runner import get_runner

    bdir = build_dir(width, legacy, waves)
    bdir.mkdir(parents=True, exist_ok=True)
    runner = get_runner("icarus")
    with open(bdir / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        params = parameters(width, legacy)
        stamp = bdir / "parameters.json"
        # A directory holds one parameter set by construction; rebuild if someone changed it.
        always = not stamp.exists() or json.loads(stamp.read_text()) != params
        runner.build(sources=HDL_SOURCES, hdl_toplevel=TOPLEVEL, parameters=params,
                     build_dir=bdir, timescale=("1ns", "1ps"), waves=waves, always=always,
                     log_file=bdir / "build.log")
        stamp.write_text(json.dumps(params))
    return runner


def result_path(width: int, test: str) -> Path:
    return RESULTS / f"w{width}_{test}.json"


def run_test(width: int, test: str, legacy: bool = False, seed: int | None = None,
             waves: bool | None = None, extra_env: dict | None = None) -> dict:
    """Run one pyuvm test class for one width; return its result record (also on disk).

    Raises AssertionError with the failure text, the seed and the log path if the test failed.
    """
    waves = waves_requested() if waves is None else waves
    seed = int(os.environ.get("SEED", DEFAULT_SEED)) if seed is None else seed
    runner = get_runner_built(width, legacy, waves)
    bdir = build_dir(width, legacy, waves)
    run_dir = bdir / "runs" / test
    run_dir.mkdir(parents=True, exist_ok=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    res_file = result_path(width, test)
    res_file.unlink(missing_ok=True)
    log_file = run_dir / "sim.log"
    plusargs = []
    fst = None
    if waves:
        fst = WAVES_DIR / f"w{width}" / f"{test}.fst"
        fst.parent.mkdir(parents=True, exist_ok=True)
        fst.unlink(missing_ok=True)
        plusargs.append(f"+dumpfile_path={fst}")
    env = {"MASKDMA_ADDR_WIDTH": str(width), "MASKDMA_LEGACY": str(int(legacy)),
           "MASKDMA_SEED": str(seed), "MASKDMA_RESULT_FILE": str(res_file),
           "MASKDMA_TEST": test, "COCOTB_LOG_LEVEL": os.environ.get("COCOTB_LOG_LEVEL", "INFO")}
    env.update(extra_env or {})
    if str(TEST_MODULE_DIR) not in sys.path:
        sys.path.insert(0, str(TEST_MODULE_DIR))
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    failure = None
    try:
        runner.test(test_module=TEST_MODULE, hdl_toplevel=TOPLEVEL, testcase=None,
                    test_filter=f"^{TEST_MODULE}\\.{test}$", build_dir=bdir, test_dir=run_dir,
                    extra_env=env, plusargs=plusargs, waves=waves, timescale=("1ns", "1ps"),
                    log_file=log_file, results_xml=str(run_dir / "results.xml"))
    except SystemExit as exc:  # the runner exits when a cocotb test failed
        failure = f"simulator/cocotb exit status {exc.code}"
    record = json.loads(res_file.read_text()) if res_file.exists() else {
        "width": width, "test": test, "seed": seed}
    xml_fail = _xml_failures(run_dir / "results.xml")
    if xml_fail and failure is None:
        failure = "cocotb reported a failure"
    ran = _xml_ran(run_dir / "results.xml")
    if failure is None and not ran:
        failure = f"no cocotb test named {test!r} ran"
    record["result"] = "fail" if failure else "pass"
    record["log"] = str(log_file)
    if fst is not None:
        record["waves"] = str(fst)
    res_file.write_text(json.dumps(record, indent=1, sort_keys=True))
    if fst is not None:
        print(f"waves: {fst}")
    if failure:
        tail = _tail(log_file, 60)
        raise AssertionError(f"w{width} {test} FAILED ({failure}); seed {seed} "
                             f"(rerun: SEED={seed} make sim ADDR_WIDTH={width} TESTS={test})\n"
                             f"{xml_fail}\nlog: {log_file}\n--- log tail ---\n{tail}")
    return record


def _xml_failures(path: Path) -> str:
    if not path.exists():
        return ""
    import xml.etree.ElementTree as ET

    out = []
    for case in ET.parse(path).getroot().iter("testcase"):
        for f in list(case.findall("failure")) + list(case.findall("error")):
            out.append(f"{case.get('name')}: {f.get('message') or ''}\n{f.text or ''}".strip())
    return "\n".join(out)


def _xml_ran(path: Path) -> int:
    if not path.exists():
        return 0
    import xml.etree.ElementTree as ET

    return sum(1 for _ in ET.parse(path).getroot().iter("testcase"))


def _tail(path: Path, n: int) -> str:
    try:
        lines = path.read_text(errors="replace").splitlines()
    except OSError:
        return "(no log)"
    return "\n".join(lines[-n:])
