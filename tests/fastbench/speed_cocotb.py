"""cocotb side of the speed reference: dma_engine alone, its memory a Verilog responder.

The engine runs inside benchmarks/bench_top.v (zero-wait memory and clock in Verilog, no Python
per cycle); Python programs the registers (AXI-Lite), waits on irq and checks the destination
through bench_top's pattern ports. Copies of FASTBENCH_SIZES bytes (comma-separated) one after
another; the record (FASTBENCH_OUT) holds simulated cycles and CPU seconds of the whole mix.
"""

from __future__ import annotations

import json
import os
import time

import cocotb
from cocotb.utils import get_sim_time

from bench.engines.dma_engine_regs import STATUS_DONE
from benchmarks.bench_top_ports import BenchTopPorts
from benchmarks.tput_tests import PERIOD_NS, Engine, layout


@cocotb.test()
async def device_alone(dut):
    sizes = [int(x) for x in os.environ["FASTBENCH_SIZES"].split(",")]
    top = BenchTopPorts(dut)
    dut.cfg_rd_latency.value = 2
    dut.rst.value = 1
    eng = Engine(dut)
    await eng.reset()
    caps = await eng.probe()
    nb = top.nb = caps.data_bytes
    cpu = 0.0
    cycles = 0.0
    for i, size in enumerate(sizes):
        src, dst, _ = layout(size)
        words = size // nb
        await top.prepare(src, dst, size, 0x5EED0000 + i)
        p0, s0 = time.process_time(), get_sim_time("ns")
        await eng.start_copy(src, dst, size)
        status = await eng.wait_end(200 + 20 * words)
        cpu += time.process_time() - p0
        cycles += (get_sim_time("ns") - s0) / PERIOD_NS
        await eng.acknowledge()
        if not status & STATUS_DONE:
            raise AssertionError(f"copy of {size} B ended with STATUS 0x{status:08x}")
        if await top.mismatches(dst, size):
            raise AssertionError(f"copy of {size} B: destination differs")
    with open(os.environ["FASTBENCH_OUT"], "w") as f:
        json.dump({"path": "device-alone", "cycles": cycles, "cpu_s": cpu,
                   "bytes": sum(sizes)}, f)
