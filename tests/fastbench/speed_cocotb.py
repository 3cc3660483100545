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
from cocotb.triggers import ClockCycles, RisingEdge
from cocotb.utils import get_sim_time

from bench.engines.dma_engine_regs import STATUS, STATUS_DONE, STATUS_W1C
from benchmarks.tput_tests import PERIOD_NS, Regs, _layout


async def _pulse(dut, sig):
    sig.value = 1
    await RisingEdge(dut.clk)
    sig.value = 0
    await RisingEdge(dut.clk)


@cocotb.test()
async def device_alone(dut):
    sizes = [int(x) for x in os.environ["FASTBENCH_SIZES"].split(",")]
    for n in ("cfg_rd_latency", "mon_clear", "init_go", "check_go", "pat_seed", "init_base",
              "init_words", "zero_base", "zero_words", "check_base", "check_words"):
        getattr(dut, n).value = 0
    dut.cfg_rd_latency.value = 2
    dut.rst.value = 1
    drv = Regs(dut)
    await ClockCycles(dut.clk, 5)
    dut.rst.value = 0
    await ClockCycles(dut.clk, 2)
    dw, _ = await drv.params()
    nb = dw // 8
    cpu = 0.0
    cycles = 0.0
    for i, size in enumerate(sizes):
        src, dst, _ = _layout(size)
        words = size // nb
        dut.pat_seed.value = 0x5EED0000 + i
        dut.init_base.value = src // nb
        dut.init_words.value = words
        dut.zero_base.value = dst // nb
        dut.zero_words.value = words
        await _pulse(dut, dut.init_go)
        p0, s0 = time.process_time(), get_sim_time("ns")
        await drv.program_single(src, dst, size)
        await drv.wait_irq(200 + 20 * words)
        status = await drv.read32(STATUS)
        cpu += time.process_time() - p0
        cycles += (get_sim_time("ns") - s0) / PERIOD_NS
        await drv.write32(STATUS, STATUS_W1C)
        if not status & STATUS_DONE:
            raise AssertionError(f"copy of {size} B ended with STATUS 0x{status:08x}")
        dut.check_base.value = dst // nb
        dut.check_words.value = words
        await _pulse(dut, dut.check_go)
        if int(dut.mismatches.value):
            raise AssertionError(f"copy of {size} B: destination differs")
    with open(os.environ["FASTBENCH_OUT"], "w") as f:
        json.dump({"path": "device-alone", "cycles": cycles, "cpu_s": cpu,
                   "bytes": sum(sizes)}, f)
