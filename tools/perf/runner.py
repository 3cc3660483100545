"""Build dma_engine images for `make bench` and run the bench's cocotb modules in them.

One build directory per parameter set under build/bench/ (cocotb's runner only looks at source
timestamps, ../shared/NOTES.md): ``dw<DW>_mb<MBL>`` for throughput, ``simspeed_w<W>`` for the
simulation-speed runs; `bench.build.build_image` does the building (stamp and lock).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from bench.build import RTL, TIMESCALE, TOPLEVEL, build_image

ROOT = Path(__file__).resolve().parents[2]
PERF = Path(__file__).resolve().parent
BUILD = ROOT / "build" / "bench"
TOP = TOPLEVEL


def _paths():
    for p in (str(ROOT), str(PERF)):
        if p not in sys.path:
            sys.path.insert(0, p)  # the runner exports sys.path as the simulator's PYTHONPATH


def build(name: str, params: dict, sources=None, top: str = TOP):
    _paths()
    bdir = BUILD / name
    return build_image(bdir, params, sources=sources or [RTL], toplevel=top), bdir


HARNESS = PERF / "bench_top.v"


def run(name: str, params: dict, module: str, test: str, env: dict, tag: str,
        harness: bool = False, run_root: Path | None = None) -> Path:
    """Run cocotb test ``module.test`` in the image ``name`` (``harness``: dma_engine inside
    tools/perf/bench_top.v; ``run_root``: see below); returns the log path. Raises RuntimeError (with the log tail) when
    the test did not pass."""
    top = "bench_top" if harness else TOP
    runner, bdir = build(name, params, [RTL, HARNESS] if harness else [RTL], top)
    # where the simulator runs (cwd, log, results.xml): build/bench/<image>/runs/<tag>, or
    # <run_root>/<image>/<tag> for runs writing their figures elsewhere (the smoke test)
    run_dir = (run_root / name / tag) if run_root is not None else (bdir / "runs" / tag)
    run_dir.mkdir(parents=True, exist_ok=True)
    log = run_dir / "sim.log"
    xml = run_dir / "results.xml"
    xml.unlink(missing_ok=True)
    full_env = {"COCOTB_LOG_LEVEL": os.environ.get("COCOTB_LOG_LEVEL", "WARNING")}
    full_env.update(env)
    failed = None
    try:
        runner.test(test_module=module, hdl_toplevel=top,
                    test_filter=f"^{module}\\.({test})$",
                    build_dir=bdir, test_dir=run_dir, extra_env=full_env, parameters=params,
                    timescale=TIMESCALE, log_file=log, results_xml=str(xml))
    except SystemExit as exc:
        failed = f"exit status {exc.code}"
    if xml.exists():
        import xml.etree.ElementTree as ET

        cases = list(ET.parse(xml).getroot().iter("testcase"))
        bad = [c for c in cases if c.find("failure") is not None or c.find("error") is not None]
        if not cases:
            failed = failed or "no test ran"
        elif bad:
            f = bad[0].find("failure") if bad[0].find("failure") is not None else bad[0].find("error")
            failed = failed or f"{bad[0].get('name')}: {f.get('message')}"
    else:
        failed = failed or "no results.xml"
    if failed:
        tail = "\n".join(log.read_text(errors="replace").splitlines()[-40:]) if log.exists() else ""
        raise RuntimeError(f"{name} {module}.{test} failed ({failed}); log {log}\n{tail}")
    return log
