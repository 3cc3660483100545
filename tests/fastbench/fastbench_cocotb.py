"""cocotb side of tests/fastbench: one seeded job list driven into dma_engine, on either memory.

Environment (set by tests/fastbench/fastrun.py):
- FASTBENCH_PATH: "axislave" (bare dma_engine top, ``bench.memory.AxiMemory`` with cocotbext-axi's
  AxiSlave, ``bench.monitor.AxiMonitor``) or "tlm" (``dma_engine_tb`` top, ``bench.tlm_memory``,
  which is also the event source);
- FASTBENCH_SEEDS ("1,2,3"), FASTBENCH_JOBS (jobs per seed), FASTBENCH_MAX_LEN (bytes),
  FASTBENCH_SIZES (fixed copy lengths, cycled, instead of random ones), FASTBENCH_BP (back-pressure probability on every channel), FASTBENCH_ERRORS (1: one job in four
  gets an SLVERR/DECERR window inside its source or destination), FASTBENCH_OUT (JSON written).

The record holds, per job, the engine's STATUS/BYTES_DONE/ERR_ADDR, a digest of the destination
buffer with 64 guard bytes either side, and per channel the list of bursts (addr, beats, size);
the guard's violations and the simulation speed (cycles, CPU seconds) of the whole run.

Drivers here are deliberately minimal (registers over cocotbext-axi's AxiLiteMaster, completion
on the irq edge): the cross-check compares the memories, not the drivers.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import time
import warnings

import cocotb
from cocotb.clock import Clock
from cocotb.triggers import ClockCycles, First, RisingEdge, Timer

import models
from bench.engines import dma_engine_regs as R
from bench.guard import AddressGuard, Grant
from bench.layouts import machine_kwargs
from bench.monitor import Burst

warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"cocotbext\.")

PERIOD_NS = 10
GUARD_BYTES = 64


class _Recorder:
    def __init__(self):
        self.bursts = {"AR": [], "AW": []}
        self.errors = []

    def __call__(self, event) -> None:
        if isinstance(event, Burst):
            self.bursts[event.channel].append((event.addr, event.length, event.size))
        else:
            self.errors.append((event.channel, event.resp))


async def _lite_write(axil, addr: int, value: int) -> None:
    await axil.write_dword(addr, value)


async def _run_job(dut, axil, src: int, dst: int, n: int, timeout_cycles: int) -> dict:
    for reg, val in ((R.SRC_LO, src & 0xFFFFFFFF), (R.SRC_HI, src >> 32),
                     (R.DST_LO, dst & 0xFFFFFFFF), (R.DST_HI, dst >> 32), (R.LEN, n)):
        await _lite_write(axil, reg, val)
    await _lite_write(axil, R.CTRL, R.CTRL_START | R.CTRL_IRQ_EN)
    if not int(dut.irq.value):
        done = await First(RisingEdge(dut.irq), Timer(timeout_cycles * PERIOD_NS, "ns"))
        if not isinstance(done, RisingEdge):
            raise AssertionError(f"job src=0x{src:x} dst=0x{dst:x} len={n}: no irq within "
                                 f"{timeout_cycles} cycles")
    status = await axil.read_dword(R.STATUS)
    done = await axil.read_dword(R.BYTES_DONE)
    err_addr = await axil.read_dword(R.ERR_ADDR_LO) | await axil.read_dword(R.ERR_ADDR_HI) << 32
    await _lite_write(axil, R.STATUS, R.STATUS_W1C)
    return {"status": status, "bytes_done": done, "err_addr": err_addr if status & 4 else 0}


@cocotb.test()
async def crosscheck(dut):
    from cocotbext.axi import AxiLiteBus, AxiLiteMaster

    path = os.environ.get("FASTBENCH_PATH", "tlm")
    seeds = [int(s) for s in os.environ.get("FASTBENCH_SEEDS", "1").split(",") if s]
    jobs = int(os.environ.get("FASTBENCH_JOBS", "8"))
    max_len = int(os.environ.get("FASTBENCH_MAX_LEN", "8192"))
    bp = float(os.environ.get("FASTBENCH_BP", "0"))
    errors = os.environ.get("FASTBENCH_ERRORS", "0") == "1"
    sizes = [int(x) for x in os.environ.get("FASTBENCH_SIZES", "").split(",") if x]
    width = len(dut.m_axi_araddr)

    if os.environ.get("FASTBENCH_OWN_CLOCK", "0") != "1":  # else the top makes its clock
        Clock(dut.clk, PERIOD_NS, unit="ns").start()
    dut.rst.value = 1
    machine = models.Machine(**machine_kwargs(width))
    dev = models.Device(machine, "dma_engine")
    models.dma_set_mask_and_coherent(dev, models.DMA_BIT_MASK(width))
    rec = _Recorder()
    guard = AddressGuard(dev, width, period_ns=PERIOD_NS)
    if path == "tlm":
        from bench.tlm_memory import TbState, TlmMemory

        mem = TlmMemory(dut, machine.memory, period_ns=PERIOD_NS)
        source = mem
        state = TbState(dut)
        state.limit(guard.limit)
        guard.listeners.append(state.guard_listener)
        mem.subscribe(state.observe)
        mem.start()
    elif path == "axislave":
        from bench.memory import AxiMemory
        from bench.monitor import AxiMonitor

        mem = AxiMemory(dut, machine.memory)
        source = AxiMonitor(dut).start()
        state = None
    else:
        raise ValueError(f"FASTBENCH_PATH={path!r}: must be tlm or axislave")
    if bp:
        mem.set_backpressure(bp, seed=seeds[0])
    source.subscribe(guard.observe)
    source.subscribe(rec)
    axil = AxiLiteMaster(AxiLiteBus.from_prefix(dut, "s_axil"), dut.clk, dut.rst)
    await ClockCycles(dut.clk, 5)
    dut.rst.value = 0
    await ClockCycles(dut.clk, 2)

    results = []
    profile = None
    if os.environ.get("FASTBENCH_PROFILE"):
        import cProfile

        profile = cProfile.Profile()
        profile.enable()
    t_sim0 = cocotb.utils.get_sim_time("ns")
    cpu0 = time.process_time()
    job_id = 0
    for seed in seeds:
        rng = random.Random(seed)
        for _ in range(jobs):
            job_id += 1
            n = rng.choice([rng.randrange(1, 257), rng.randrange(1, max_len + 1), max_len])
            if sizes:
                n = sizes[(job_id - 1) % len(sizes)]
            so, do = rng.randrange(64), rng.randrange(64)
            src_cpu, src = models.dma_alloc_coherent(dev, n + 64, models.GFP_KERNEL)
            dst_cpu, dst = models.dma_alloc_coherent(dev, n + 2 * GUARD_BYTES + 64,
                                                     models.GFP_KERNEL)
            machine.memory.write(src_cpu, rng.randbytes(n + 64))
            machine.memory.write(dst_cpu, bytes([0xA5]) * (n + 2 * GUARD_BYTES + 64))
            s, d = src + so, dst + GUARD_BYTES + do
            window = None
            if errors and rng.random() < 0.25 and n > 64:
                at = (s if rng.random() < 0.5 else d) + rng.randrange(n)
                kind = rng.choice(["SLVERR", "DECERR"])
                window = mem.inject(at, at + rng.randrange(16), kind,
                                    "read" if at >= s and at < s + n else "write")
            grants = [Grant(job_id, s, s + n - 1, "read", "src"),
                      Grant(job_id, d, d + n - 1, "write", "dst")]
            guard.grant(job_id, grants)
            if state is not None:
                state.job(job_id, grants)
            res = await _run_job(dut, axil, s, d, n, timeout_cycles=20 * n + 4000)
            if state is not None:
                state.idle()
            guard.release(job_id)
            if window is not None:
                mem.clear_errors()
            image = machine.memory.read(dst_cpu, n + 2 * GUARD_BYTES + 64)
            res.update(job=job_id, len=n, src=s, dst=d, error_window=window is not None,
                       dst_digest=hashlib.sha256(image).hexdigest())
            if not res["status"] & 4 and image[GUARD_BYTES + do:GUARD_BYTES + do + n] != \
                    machine.memory.read(s, n):
                raise AssertionError(f"job {job_id}: destination differs from the source")
            results.append(res)
            models.dma_free_coherent(dev, n + 64, src_cpu, src)
            models.dma_free_coherent(dev, n + 2 * GUARD_BYTES + 64, dst_cpu, dst)
    cpu = time.process_time() - cpu0
    if profile is not None:
        profile.disable()
        profile.dump_stats(os.environ["FASTBENCH_PROFILE"])
    cycles = (cocotb.utils.get_sim_time("ns") - t_sim0) / PERIOD_NS
    out = {"path": path, "width": width, "jobs": results, "bursts": rec.bursts,
           "error_responses": rec.errors,
           "violations": [(v.rule, v.burst.channel, v.burst.addr) for v in guard.violations],
           "bursts_checked": guard.bursts_checked, "cycles": cycles, "cpu_s": cpu,
           "bytes": sum(r["len"] for r in results),
           "wakeups": getattr(mem, "wakeups", None)}
    with open(os.environ["FASTBENCH_OUT"], "w") as f:
        json.dump(out, f)
    dut._log.info("fastbench %s: %d jobs, %d bytes, %d bursts checked, %d violations, "
                  "%.0f cycles in %.2f CPU-s = %.0f cycles/CPU-s", path, len(results),
                  out["bytes"], guard.bursts_checked, len(guard.violations), cycles, cpu,
                  cycles / cpu if cpu else 0)
