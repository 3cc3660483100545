"""Run the copy-engine suite (``bench.suites.copy_engine``) on dma_engine for one address width.

The bench's memory (MASKDMA_BENCH_MEMORY, ``make sim MEMORY=``; handed to the simulator as
MASKDMA_MEMORY): "tlm" (default) builds the testbench
top ``hdl/tb/dma_engine_tb.v`` (engine + transaction-level memory ``hdl/tb/axi_mem_bfm.v``, the
clock made in Verilog) served by ``bench.tlm_memory.TlmMemory``; "axi" builds the bare
``hdl/dma_engine.v`` served by cocotbext-axi's ``AxiSlave``. The simulator (MASKDMA_SIM,
``make sim SIM=``): Icarus (default) or Verilator (``bench.simulators``).

One build directory per parameter set: ``build/sim/w<W>_<mode>_<memory>[_waves][_<simulator>]``
(cocotb's runner decides to rebuild only from source timestamps, so sharing a directory between
widths would silently simulate the old width); ``bench.build.run`` builds, runs and reads
results.xml.

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
import resource
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from bench import build, simulators
from bench.suites import BULK_ENV, COPY_ENGINE_MODULE, TESTS_BY_NAME
from bench.widths import DATA_WIDTH, MAX_BURST_LEN

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "build" / "sim"
RESULTS_ROOT = BUILD / "results"
LATEST = RESULTS_ROOT / "latest"  # symlink to the newest session's directory
RESULTS_ENV = "MASKDMA_SIM_RESULTS"
# This process's results directory: one per pytest session (``use_results``), so that
# concurrent sessions never touch each other's records.
RESULTS = Path(os.environ.get(RESULTS_ENV) or RESULTS_ROOT / "direct")
STALE_SECONDS = 2 * 3600  # session directories untouched this long are removed
WAVES_DIR = BUILD / "waves"
DEFAULT_SEED = 2008


MEMORIES = ("tlm", "axi")
DEFAULT_MEMORY = "tlm"
TB_TOP = "dma_engine_tb"
TB_SOURCES = (ROOT / "hdl" / "tb" / "dma_engine_tb.v", ROOT / "hdl" / "tb" / "axi_mem_bfm.v",
              build.RTL)
OWN_CLOCK_DEFINE = "DMA_ENGINE_TB_OWN_CLOCK"


@dataclass(frozen=True)
class SimConfig:
    """How the device bench is built and served: ``memory`` ("tlm" | "axi"), ``simulator``
    ("icarus" | "verilator"); the TLM top makes its own clock (``own_clock``)."""

    memory: str = DEFAULT_MEMORY
    simulator: str = simulators.DEFAULT

    def __post_init__(self) -> None:
        if self.memory not in MEMORIES:
            raise ValueError(f"memory {self.memory!r} (MEMORY=): must be one of "
                             f"{', '.join(MEMORIES)}")
        object.__setattr__(self, "simulator", simulators.check_name(self.simulator))

    @classmethod
    def from_env(cls) -> "SimConfig":
        memory = os.environ.get("MASKDMA_BENCH_MEMORY", "").strip().lower()
        return cls(memory or DEFAULT_MEMORY,
                   os.environ.get("MASKDMA_SIM", "") or simulators.DEFAULT)

    @property
    def own_clock(self) -> bool:
        return self.memory == "tlm"

    @property
    def toplevel(self) -> str:
        return TB_TOP if self.memory == "tlm" else build.TOPLEVEL

    @property
    def sources(self) -> tuple[Path, ...]:
        return TB_SOURCES if self.memory == "tlm" else (build.RTL,)

    def defines(self, defect: str = "") -> dict:
        d = dict(DEFECTS[defect]) if defect else {}
        if self.own_clock:
            d[OWN_CLOCK_DEFINE] = 1
        return d

    @property
    def build_args(self) -> tuple[str, ...]:
        # A clock made with a delay in Verilog: Verilator's timing support (C++ coroutines).
        if self.own_clock and self.simulator == "verilator":
            return ("--timing", "-CFLAGS", "-fcoroutines")
        return ()

    def env(self) -> dict[str, str]:
        return {"MASKDMA_MEMORY": self.memory, "MASKDMA_SIM": self.simulator,
                "MASKDMA_TB_CLOCK": "verilog" if self.own_clock else "cocotb"}

    def parameters(self, width: int, legacy: bool) -> dict:
        p = parameters(width, legacy)
        if self.memory == "tlm":
            p["BEATS"] = max(2, 1 << (MAX_BURST_LEN - 1).bit_length())
        return p


def waves_requested() -> bool:
    return os.environ.get("WAVES", "0").strip().lower() not in ("", "0", "false", "no", "off")


# Deliberate defect builds (hdl/dma_engine.v): name -> Verilog defines. The bench must catch them.
DEFECTS = {"norange": {"MASKDMA_NO_RANGE_CHECK": 1}}


def build_dir(width: int, legacy: bool = False, waves: bool = False, defect: str = "",
              config: SimConfig | None = None) -> Path:
    """The Icarus build directory (``bench.build.image_dir`` adds the simulator for others)."""
    config = config or SimConfig.from_env()
    mode = defect or ("legacy" if legacy else "strict")
    return BUILD / f"w{width}_{mode}_{config.memory}{'_waves' if waves else ''}"


def parameters(width: int, legacy: bool) -> dict:
    return {"ADDR_WIDTH": width, "DATA_WIDTH": DATA_WIDTH, "MAX_BURST_LEN": MAX_BURST_LEN,
            "LEGACY_TRUNCATE": int(legacy)}


def session_results(session: str) -> Path:
    """The results directory of the pytest session ``session``: build/sim/results/<session>."""
    if not session or "/" in session or session.startswith("."):
        raise ValueError(f"session id {session!r}: must be a non-empty name without '/' "
                         f"and not starting with '.'")
    return RESULTS_ROOT / session


def use_results(path: Path, latest: bool = True) -> Path:
    """Make ``path`` this process's results directory (also for the simulators it starts,
    through MASKDMA_SIM_RESULTS); with ``latest`` point build/sim/results/latest at it
    (atomically) and remove session directories untouched for STALE_SECONDS."""
    global RESULTS
    RESULTS = Path(path)
    RESULTS.mkdir(parents=True, exist_ok=True)
    os.environ[RESULTS_ENV] = str(RESULTS)
    if latest:
        tmp = LATEST.with_name(f".latest-{os.getpid()}")
        tmp.unlink(missing_ok=True)
        tmp.symlink_to(RESULTS.name if RESULTS.parent == RESULTS_ROOT else RESULTS)
        os.replace(tmp, LATEST)
        now = time.time()
        for d in RESULTS_ROOT.iterdir():
            if (d.is_dir() and not d.is_symlink() and d != RESULTS
                    and now - d.stat().st_mtime > STALE_SECONDS):
                shutil.rmtree(d, ignore_errors=True)
    return RESULTS


def latest_results() -> Path:
    """The newest session's results directory (what ``tools/sim_summary.py`` shows)."""
    return LATEST.resolve() if LATEST.exists() else RESULTS_ROOT


def result_path(width: int, test: str) -> Path:
    return RESULTS / f"w{width}_{test}.json"


def run_group(width: int, tests: list[str], legacy: bool = False, seed: int | None = None,
              waves: bool | None = None, extra_env: dict | None = None,
              defect: str = "", config: SimConfig | None = None,
              module: str = COPY_ENGINE_MODULE,
              results_dir: Path | None = None) -> dict[str, dict]:
    """Run pyuvm test classes for one width in ONE simulator process (one per test when waves
    are recorded, so that every test gets its own FST). Returns {test: record}; a record's
    "result" is "pass" or "fail" and a failed one carries "failure" (message, seed, rerun
    command, log path). Records are also written to ``results_dir`` (default: this session's
    results directory, ``RESULTS``; a defect build's go to its ``defect-<name>`` subdirectory)
    as w<W>_<test>.json."""
    waves = waves_requested() if waves is None else waves
    if waves and len(tests) > 1:
        out: dict[str, dict] = {}
        for t in tests:
            out.update(run_group(width, [t], legacy, seed, waves, extra_env, defect, config,
                                 module, results_dir))
        return out
    config = config or SimConfig.from_env()
    seed = int(os.environ.get("SEED") or DEFAULT_SEED) if seed is None else seed
    bdir = build.image_dir(build_dir(width, legacy, waves, defect, config), config.simulator)
    group = tests[0] if len(tests) == 1 else "group"
    run_dir = bdir / "runs" / group
    run_dir.mkdir(parents=True, exist_ok=True)
    results = Path(results_dir) if results_dir else (
        RESULTS if not defect else RESULTS / f"defect-{defect}")
    results.mkdir(parents=True, exist_ok=True)
    rpath = (lambda t: results / f"w{width}_{t}.json")
    for t in tests:
        rpath(t).unlink(missing_ok=True)
    log_file = run_dir / "sim.log"
    fst = None
    if waves:
        fst = wave_path(width, tests[0])
        fst.parent.mkdir(parents=True, exist_ok=True)
        fst.unlink(missing_ok=True)
    env = {"MASKDMA_ADDR_WIDTH": str(width), "MASKDMA_LEGACY": str(int(legacy)),
           "MASKDMA_SEED": str(seed), "MASKDMA_RESULT_DIR": str(results),
           "COCOTB_LOG_LEVEL": os.environ.get("COCOTB_LOG_LEVEL", "INFO")}
    if fst is not None:
        env["MASKDMA_MARKS"] = str(fst.with_suffix(".marks.json"))
    env.update(config.env())
    env.update(extra_env or {})
    cpu0 = _children_cpu()
    cases = {name.split(".")[-1]: text for name, text in build.run(
        build_dir(width, legacy, waves, defect, config), config.parameters(width, legacy),
        module, tests=tests, sources=config.sources, toplevel=config.toplevel,
        defines=config.defines(defect), waves=waves, test_dir=run_dir, extra_env=env,
        check=False, simulator=config.simulator, build_args=config.build_args,
        wave_file=fst).items()}
    cpu = _children_cpu() - cpu0  # the simulator process (build included, if there was one)
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
        spec = TESTS_BY_NAME.get(t)
        record["provokes_violations"] = bool(spec and spec.provokes_violations)
        record["simulator"] = config.simulator
        record["memory"] = config.memory
        record["log"] = str(log_file)
        record["worker"] = os.environ.get("PYTEST_XDIST_WORKER", "main")
        record["sim_cpu_s"] = round(cpu / len(tests), 3)  # the run's CPU, shared out evenly
        if fst is not None:
            record["waves"] = str(fst)
            print(f"waves: {fst}")
        if failure:
            rerun = rerun_command(width, t, seed, config)
            record["failure"] = (f"w{width} {t} FAILED; seed {seed} (rerun: {rerun})\n"
                                 f"{failure}\nlog: {log_file}")
        res_file.write_text(json.dumps(record, indent=1, sort_keys=True))
        out[t] = record
    return out


def wave_path(width: int, test: str) -> Path:
    """Where ``make sim WAVES=1`` writes ``test``'s FST at ``width``."""
    return WAVES_DIR / f"w{width}" / f"{test}.fst"


def rerun_command(width: int, test: str, seed: int, config: SimConfig) -> str:
    """The `make sim` line that reruns ``test`` at ``width`` as this run did (memory,
    simulator, faults, bulk volume), with the per-job log lines (LOG=INFO)."""
    extra = "" if config.memory == DEFAULT_MEMORY else f" MEMORY={config.memory}"
    extra += "" if config.simulator == simulators.DEFAULT else f" SIM={config.simulator}"
    fault = os.environ.get("MASKDMA_FAULT", "").strip()
    extra += f" FAULT={fault}" if fault else ""
    bulk = os.environ.get(BULK_ENV, "").strip()
    extra += f" BULK={bulk}" if bulk and test == "bulk_copies" else ""
    return f"SEED={seed} make sim ADDR_WIDTH={width} TESTS={test}{extra} LOG=INFO"


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
    config = SimConfig.from_env()
    bdir = build.image_dir(build_dir(width, legacy, waves_requested(), config=config),
                           config.simulator)
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


def _children_cpu() -> float:
    """CPU seconds (user + system) of this process's finished child processes."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _tail(path: Path, n: int) -> str:
    try:
        lines = path.read_text(errors="replace").splitlines()
    except OSError:
        return "(no log)"
    return "\n".join(lines[-n:])
