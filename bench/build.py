"""Build a simulator image of dma_engine: the one place that calls cocotb's `runner.build`.

cocotb's runner decides to rebuild only from source timestamps, so a directory reused with other
parameters would silently simulate the old ones (../shared/NOTES.md). Hence: one directory per
parameter set, a `parameters.json` stamp that forces a rebuild when what a directory was built
with changes, and an fcntl lock so that concurrent pytest-xdist workers or benchmark processes
never build the same directory at once. An unchanged directory is reused as it is.
"""

from __future__ import annotations

import fcntl
import json
from pathlib import Path
from typing import Any, Sequence

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
           "defines": defines, "waves": waves}
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
