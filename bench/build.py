"""Build and run cocotb simulations: the one place that calls cocotb's runner.

``build_image`` makes a directory hold an up-to-date Icarus image. cocotb's runner decides to
rebuild only from source timestamps, so a directory reused with other parameters would silently
simulate the old ones (../shared/NOTES.md). Hence: one directory per parameter set, a
``parameters.json`` stamp that forces a rebuild when what a directory was built with changes, and
an fcntl lock so that concurrent pytest-xdist workers or benchmark processes never build the
same directory at once. An unchanged directory is reused as it is.

``run`` builds (as above) and runs the cocotb tests of one module, then reads results.xml:
it returns {test name: "" if it passed, else the failure text} and, with ``check=True``, raises
``AssertionError`` carrying every failure text (so pytest shows the test's own assertion, not
the simulator's exit status). Test modules are imported by dotted name
("tests.hdl.cocotb_dma_contract"): cocotb's runner hands the calling process's ``sys.path`` to
the simulator as PYTHONPATH, so the repository root must be on it (``python -m pytest`` and
``python -m benchmarks.run_benchmarks`` from the root put it there).
"""

from __future__ import annotations

import fcntl
import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any, Mapping, Sequence

ROOT = Path(__file__).resolve().parents[1]
RTL = ROOT / "hdl" / "dma_engine.v"
TOPLEVEL = "dma_engine"
TIMESCALE = ("1ns", "1ps")


def build_image(build_dir: Path, parameters: dict[str, Any], *,
                sources: Sequence[Path] = (RTL,), toplevel: str = TOPLEVEL,
                defines: dict[str, Any] | None = None, waves: bool = False,
                includes: Sequence[Path] = ()):
    """Make `build_dir` hold an up-to-date Icarus image of `toplevel` built from `sources` with
    `parameters` and `defines`; return the runner (ready for `runner.test`)."""
    from cocotb_tools.runner import get_runner

    build_dir = Path(build_dir)
    build_dir.mkdir(parents=True, exist_ok=True)
    defines = dict(defines or {})
    key = {"toplevel": toplevel, "sources": [str(s) for s in sources], "parameters": parameters,
           "defines": defines, "waves": waves, "includes": [str(i) for i in includes]}
    runner = get_runner("icarus")
    with open(build_dir / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        stamp = build_dir / "parameters.json"
        always = not stamp.exists() or json.loads(stamp.read_text()) != key
        runner.build(sources=list(sources), includes=list(includes), hdl_toplevel=toplevel,
                     parameters=parameters, defines=defines, build_dir=build_dir,
                     timescale=TIMESCALE, waves=waves, always=always,
                     log_file=build_dir / "build.log")
        stamp.write_text(json.dumps(key))
    return runner


def run(build_dir: Path, parameters: dict[str, Any], test_module: str, *,
        tests: str | Sequence[str] | None = None, sources: Sequence[Path] = (RTL,),
        toplevel: str = TOPLEVEL, defines: dict[str, Any] | None = None,
        includes: Sequence[Path] = (), waves: bool = False, test_dir: Path | None = None,
        extra_env: Mapping[str, str] | None = None, plusargs: Sequence[str] = (),
        check: bool = True) -> dict[str, str]:
    """Build `toplevel` into `build_dir` and run the cocotb tests of `test_module` (a dotted
    module name), all of them or only `tests` (names, or one comma-separated string).

    The simulator runs in `test_dir` (default: `build_dir`), which receives sim.log and
    results.xml. Returns {test: "" | failure text}. With `check`, raises AssertionError naming
    every failed test with its failure text, or saying that no test ran."""
    runner = build_image(build_dir, parameters, sources=sources, toplevel=toplevel,
                         defines=defines, waves=waves, includes=includes)
    test_dir = Path(test_dir or build_dir)
    test_dir.mkdir(parents=True, exist_ok=True)
    xml = test_dir / "results.xml"
    xml.unlink(missing_ok=True)
    log = test_dir / "sim.log"
    if isinstance(tests, str):
        tests = [t for t in tests.split(",") if t]
    exit_note = ""
    try:
        runner.test(test_module=test_module, hdl_toplevel=toplevel, build_dir=build_dir,
                    test_dir=test_dir, testcase=list(tests) if tests else None,
                    parameters=parameters, timescale=TIMESCALE, waves=waves,
                    extra_env=dict(extra_env or {}), plusargs=list(plusargs),
                    results_xml=str(xml), log_file=log)
    except SystemExit as exc:  # the runner exits when a test failed; results.xml says which
        exit_note = f"simulator exit status {exc.code}"
    results = read_results(xml)
    if check:
        failed = {name: text for name, text in results.items() if text}
        if not results or failed:
            where = f"{test_module} in {build_dir.name} (log {log})"
            if not results:
                raise AssertionError(f"{where}: no test ran ({exit_note or 'no results.xml'}); "
                                     f"log tail:\n{_tail(log)}")
            raise AssertionError(f"{where}: {len(failed)} of {len(results)} test(s) failed\n" +
                                 "\n".join(f"--- {n}: {t}" for n, t in failed.items()))
    return results


def read_results(xml: Path) -> dict[str, str]:
    """{test: "" | failure text} from a cocotb results.xml (empty if it does not exist)."""
    if not Path(xml).exists():
        return {}
    out: dict[str, str] = {}
    for case in ET.parse(xml).getroot().iter("testcase"):
        bad = case.find("failure")
        if bad is None:
            bad = case.find("error")
        if bad is None:
            out[case.get("name", "?")] = ""
            continue
        text = (bad.text or "").strip()
        message = bad.get("message") or ""
        out[case.get("name", "?")] = _failure_text(message, text)
    return out


def _failure_text(message: str, traceback: str) -> str:
    """The assertion itself first, then the last frames of its traceback."""
    lines = traceback.splitlines()
    body = "\n".join(lines[-12:]) if lines else ""
    if message and message not in body:
        return f"{message}\n{body}".strip()
    return body or message or "failed (no message)"


def _tail(path: Path, n: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-n:])
    except OSError:
        return "(no log)"


def quiet_env(level: str = "WARNING") -> dict[str, str]:
    """Environment for a simulator whose cocotb log should stay at `level` unless the caller's
    COCOTB_LOG_LEVEL says otherwise."""
    return {"COCOTB_LOG_LEVEL": os.environ.get("COCOTB_LOG_LEVEL", level)}
