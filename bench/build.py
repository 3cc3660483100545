"""Build and run cocotb simulations: the one place that calls cocotb's runner.

``build_image`` makes a directory hold an up-to-date image for one simulator (``simulator``:
"icarus" or "verilator", default MASKDMA_SIM or Icarus; settings from ``bench.simulators``).
Icarus builds into ``build_dir`` itself, another simulator into ``<build_dir>_<simulator>``
(``image_dir``), so every simulator and parameter set has its own directory. cocotb's runner
decides to rebuild only from source timestamps, so a directory reused with other parameters would silently
simulate the old ones (../shared/NOTES.md). Hence: one directory per parameter set, a
``parameters.json`` stamp (simulator, build arguments, sources, parameters, defines, waves) that
forces a rebuild when what a directory was built with changes, and
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

from bench import simulators

ROOT = Path(__file__).resolve().parents[1]
RTL = ROOT / "hdl" / "dma_engine.v"
TOPLEVEL = "dma_engine"
TIMESCALE = ("1ns", "1ps")


def default_simulator() -> str:
    """MASKDMA_SIM (``make ... SIM=``) or Icarus; ValueError naming the choices."""
    return simulators.check_name(os.environ.get("MASKDMA_SIM", "") or simulators.DEFAULT)


def image_dir(build_dir: Path, simulator: str | None = None) -> Path:
    """Where ``build_image`` builds for ``simulator``: ``build_dir`` for Icarus, else
    ``<build_dir>_<simulator>``."""
    sim = simulators.check_name(simulator) if simulator else default_simulator()
    build_dir = Path(build_dir)
    return build_dir if sim == "icarus" else build_dir.with_name(f"{build_dir.name}_{sim}")


def build_image(build_dir: Path, parameters: dict[str, Any], *,
                sources: Sequence[Path] = (RTL,), toplevel: str = TOPLEVEL,
                defines: dict[str, Any] | None = None, waves: bool = False,
                includes: Sequence[Path] = (), simulator: str | None = None,
                build_args: Sequence[str] = ()):
    """Make ``image_dir(build_dir, simulator)`` hold an up-to-date image of `toplevel` built
    from `sources` with `parameters`, `defines` and extra `build_args`; return the runner (ready
    for `runner.test`, its ``build_dir`` is that directory)."""
    sim = simulators.check_name(simulator) if simulator else default_simulator()
    runner, settings = simulators.runner(sim, waves=waves)
    build_dir = image_dir(Path(build_dir).resolve(), sim)
    build_dir.mkdir(parents=True, exist_ok=True)
    defines = dict(defines or {})
    args = list(settings.build_args) + list(build_args)
    key = {"simulator": sim, "build_args": args, "toplevel": toplevel,
           "sources": [str(s) for s in sources], "parameters": parameters,
           "defines": defines, "waves": waves, "includes": [str(i) for i in includes]}
    with open(build_dir / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        stamp = build_dir / "parameters.json"
        always = not stamp.exists() or json.loads(stamp.read_text()) != key
        if sim == "verilator" and not always and not (build_dir / toplevel).exists():
            always = True  # an interrupted Verilator build leaves no executable
        build = dict(sources=list(sources), includes=list(includes), hdl_toplevel=toplevel,
                     parameters=parameters, defines=defines, build_dir=build_dir,
                     timescale=TIMESCALE, waves=waves, always=always, build_args=args,
                     log_file=build_dir / "build.log")
        stamp.unlink(missing_ok=True)
        with simulators.environment(settings):
            runner.build(**build)
        stamp.write_text(json.dumps(key))
    return runner


def run(build_dir: Path, parameters: dict[str, Any], test_module: str, *,
        tests: str | Sequence[str] | None = None, sources: Sequence[Path] = (RTL,),
        toplevel: str = TOPLEVEL, defines: dict[str, Any] | None = None,
        includes: Sequence[Path] = (), waves: bool = False, test_dir: Path | None = None,
        extra_env: Mapping[str, str] | None = None, plusargs: Sequence[str] = (),
        check: bool = True, simulator: str | None = None, build_args: Sequence[str] = (),
        wave_file: Path | None = None) -> dict[str, str]:
    """Build `toplevel` (``build_image``) and run the cocotb tests of `test_module` (a dotted
    module name), all of them or only `tests` (names, or one comma-separated string), on
    `simulator` (default MASKDMA_SIM or Icarus). With `waves`, `wave_file` names the FST to
    write (each simulator's own way of saying so, ``bench.simulators``).

    The simulator runs in `test_dir` (default: the image directory), which receives sim.log and
    results.xml. Returns {test: "" | failure text}. With `check`, raises AssertionError naming
    every failed test with its failure text, or saying that no test ran."""
    sim = simulators.check_name(simulator) if simulator else default_simulator()
    runner = build_image(build_dir, parameters, sources=sources, toplevel=toplevel,
                         defines=defines, waves=waves, includes=includes, simulator=sim,
                         build_args=build_args)
    settings = simulators.settings(sim, waves=waves, wave_file=wave_file)
    build_dir = image_dir(Path(build_dir).resolve(), sim)
    test_dir = Path(test_dir or build_dir).resolve()
    test_dir.mkdir(parents=True, exist_ok=True)
    xml = test_dir / "results.xml"
    xml.unlink(missing_ok=True)
    log = test_dir / "sim.log"
    if isinstance(tests, str):
        tests = [t for t in tests.split(",") if t]
    exit_note = ""
    try:
        with simulators.environment(settings):
            runner.test(test_module=test_module, hdl_toplevel=toplevel, build_dir=build_dir,
                        test_dir=test_dir, testcase=list(tests) if tests else None,
                        parameters=parameters, timescale=TIMESCALE, waves=waves,
                        extra_env=dict(extra_env or {}),
                        plusargs=list(settings.plusargs) + list(plusargs),
                        test_args=list(settings.test_args), results_xml=str(xml), log_file=log)
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
