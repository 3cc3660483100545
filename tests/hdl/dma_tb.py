"""The contract suite's bench for dma_engine: clock and reset, AXI-Lite register access, the
bench's ``AxiMemory`` on the master port (a sparse ``models.PhysicalMemory`` of 2**ADDR_WIDTH
bytes), and the bench's ``AxiMonitor`` feeding two checks of every AR/AW:

- the burst rules of the contract: AxSIZE = the full data width, at most MAX_BURST_LEN beats;
- an ``AddressGuard`` without a device whose grants are the windows programmed for the running
  job (src read, dst written, each descriptor of a chain read, ordered): a burst outside them,
  past 2**W - 1, wrapping within the job, crossing 4 KiB, issued while idle or after an error
  response or ABORT is a violation.

Registers through ``bench.registers.AxiLiteRegisters``; offsets and bits come from
``bench.engines.dma_engine_regs`` (generated)."""

from __future__ import annotations

import json
import os
import struct

import cocotb
from cocotb.clock import Clock
from cocotb.triggers import RisingEdge
from cocotb.utils import get_sim_time

import models
from bench.engines import dma_engine_regs as R
from bench.guard import AddressGuard, Grant
from bench.memory import AxiMemory
from bench.monitor import AxiMonitor, Burst, Response
from bench.ports import BusPorts
from bench.registers import AxiLiteRegisters, RegisterShorthands

PERIOD_NS = 10
PORTS = BusPorts(clock="clk", reset="rst", read_prefix="m_axi", write_prefix="m_axi")


def params() -> dict:
    return json.loads(os.environ["DMA_PARAMS"])


def err_status(code: int) -> int:
    return R.STATUS_ERR | code << R.STATUS_ERR_CODE_SHIFT


class DmaTb(RegisterShorthands):
    """``lean_read_latency``: serve the port with AxiMemory's lean responder (pipelined read
    latency) instead of its AxiSlave one; ``responses``: "all" records every B handshake."""

    def __init__(self, dut, *, lean_read_latency: int | None = None, responses: str = "errors"):
        self.dut = dut
        self.p = params()
        self.aw = self.p["ADDR_WIDTH"]
        self.dw = self.p["DATA_WIDTH"]
        self.nbytes = self.dw // 8
        self.max_burst = self.p["MAX_BURST_LEN"]
        self.legacy = self.p["LEGACY_TRUNCATE"]
        self.top = (1 << self.aw) - 1
        cocotb.start_soon(Clock(dut.clk, PERIOD_NS, unit="ns").start())
        self.registers = AxiLiteRegisters.from_prefix(dut, "s_axil", dut.clk, dut.rst)
        self.axil = self.registers.master
        store = models.PhysicalMemory(1 << self.aw)
        if lean_read_latency is None:
            self.mem = AxiMemory(dut, store, PORTS)
        else:
            self.mem = AxiMemory(dut, store, PORTS, lean=True, read_latency=lean_read_latency)
        self.guard = AddressGuard(None, self.aw, period_ns=PERIOD_NS, name="contract")
        self.monitor = AxiMonitor(dut, PORTS, responses=responses)
        self.monitor.subscribe(self._observe)
        self.monitor.start()
        self.ars: list[tuple[int, int, int]] = []  # (cycle, addr, AxLEN)
        self.aws: list[tuple[int, int, int]] = []
        self.bs: list[int] = []  # cycles of B handshakes (responses="all")
        self.violations: list[str] = []
        self._job = 0
        self._running = False

    # ---- the monitor's subscriber ----
    def _observe(self, ev) -> None:
        cycle = round(ev.time_ns / PERIOD_NS)
        if isinstance(ev, Response):
            if ev.channel == "B":
                self.bs.append(cycle)
            self.guard.observe(ev)
            return
        assert isinstance(ev, Burst)
        (self.ars if ev.channel == "AR" else self.aws).append((cycle, ev.addr, ev.length - 1))
        if ev.size != self.nbytes:
            self.violations.append(f"{ev.describe()}: size {ev.size} B, the data width is "
                                   f"{self.nbytes} B")
        if ev.length > self.max_burst:
            self.violations.append(f"{ev.describe()}: {ev.length} beats > MAX_BURST_LEN "
                                   f"{self.max_burst}")
        if self.guard.enabled:
            self.violations.extend(v.message for v in self.guard.check(ev))

    def check_bursts(self) -> None:
        assert not self.violations, "\n".join(self.violations[:5])

    # ---- the running job's grants ----
    def _grant(self, grants: list[Grant], ordered=()) -> None:
        self._release()
        self._job += 1
        self.guard.grant(self._job, [g for g in grants], ordered=ordered)
        self._running = True

    def _window(self, what: str, addr: int, length: int, access: str) -> list[Grant]:
        if length <= 0:
            return []
        if self.legacy:
            addr &= self.top
        return [Grant(self._job + 1, addr, addr + length - 1, access, what)]

    def _release(self) -> None:
        if self._running:
            self.guard.release(self._job)
            self._running = False

    def _chain_grants(self, desc: int) -> tuple[list[Grant], list[int]]:
        """Follow the chain written in memory from ``desc`` as the engine will (stopping where
        it must refuse): descriptor windows, ordered, and each descriptor's src/dst windows."""
        grants, order = [], []
        addr = desc & self.top if self.legacy else desc
        for i in range(self.p["MAX_CHAIN"] + 1):
            if addr % R.DESC_ALIGN or addr + R.DESC_SIZE - 1 > self.top:
                break
            order.append(addr)
            grants += self._window(f"desc[{i}]", addr, R.DESC_SIZE, "read")
            src, dst, ln, flags, nxt = struct.unpack(R.DESC_STRUCT, self.mem.read(addr,
                                                                                  R.DESC_SIZE))
            grants += self._window(f"src[{i}]", src, ln, "read")
            grants += self._window(f"dst[{i}]", dst, ln, "write")
            if flags & R.DESC_FLAG_LAST:
                break
            addr = nxt & self.top if self.legacy else nxt
        return grants, order

    # ---- memory ----
    def mem_write(self, addr: int, data: bytes) -> None:
        self.mem.write(addr, data)

    def mem_read(self, addr: int, n: int) -> bytes:
        return self.mem.read(addr, n)

    def write_desc(self, addr, src, dst, length, flags, nxt) -> None:
        self.mem_write(addr, struct.pack(R.DESC_STRUCT, src, dst, length, flags, nxt))

    async def reset(self) -> None:
        """Reset the engine; the running job's grants go once the reset is over."""
        await PORTS.assert_reset(self.dut, 4)
        self._release()
        self.guard.release_all()

    # ---- register access (bench.registers.RegisterShorthands) ----
    async def wr(self, off: int, val: int, expect_resp: int = 0) -> None:
        """Write the low 32 bits of ``val``; a write of CTRL.ABORT stops the running job for the
        guard (no AR/AW may follow)."""
        await super().wr(off, val, expect_resp)
        if off == R.CTRL and val & R.CTRL_ABORT and self._running:
            self.guard.note_stop(self._job, get_sim_time("ns"), "ABORT")

    async def start_copy(self, src, dst, length, ctrl=R.CTRL_IRQ_EN):
        await self.wr64(R.SRC_LO, src)
        await self.wr64(R.DST_LO, dst)
        await self.wr(R.LEN, length)
        self._grant(self._window("src", src, length, "read") +
                    self._window("dst", dst, length, "write"))
        await self.wr(R.CTRL, ctrl | R.CTRL_START)

    async def start_chain(self, desc, ctrl=R.CTRL_IRQ_EN):
        await self.wr64(R.DESC_LO, desc)
        grants, order = self._chain_grants(desc)
        self._grant(grants, order)
        await self.wr(R.CTRL, ctrl | R.CTRL_SG | R.CTRL_START)

    async def wait_idle(self, timeout=200000):
        """Wait for BUSY to fall (watching the engine, not polling AXI-Lite), release the job's
        grants and return STATUS."""
        for _ in range(timeout):
            await RisingEdge(self.dut.clk)
            if not int(self.dut.busy_reg.value):
                break
        else:
            raise AssertionError(f"engine still busy after {timeout} cycles")
        status = await self.rd(R.STATUS)
        self._release()
        return status
