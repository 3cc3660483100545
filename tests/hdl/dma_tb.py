"""Shared cocotb bench for dma_engine: clock/reset, AXI-Lite register access, a sparse memory
(as an AxiSlave target with error ranges, or a plain AxiRam), and a master-port monitor that
checks every AR/AW against the contract (4 KiB rule, length limit, AxSIZE, no wrap)."""
import json
import logging
import os

import cocotb
from cocotb.clock import Clock
from cocotb.triggers import ClockCycles, ReadOnly, RisingEdge
from cocotbext.axi import AxiBus, AxiLiteBus, AxiLiteMaster, AxiRam, AxiSlave

# register offsets (DESIGN.md, "Contract of the HDL")
ID, CAPS, CTRL, STATUS = 0x00, 0x04, 0x08, 0x0C
SRC_LO, SRC_HI, DST_LO, DST_HI, LEN = 0x10, 0x14, 0x18, 0x1C, 0x20
DESC_LO, DESC_HI, BYTES_DONE, ERR_ADDR_LO, ERR_ADDR_HI = 0x24, 0x28, 0x2C, 0x30, 0x34
START, IRQ_EN, SG, ABORT = 1, 2, 4, 8
BUSY, DONE, ERR, DESC_IRQ = 1, 2, 4, 8
E_RANGE, E_BUS, E_LEN0, E_DESC, E_ABORT = 1, 2, 3, 4, 5
DESC_IRQ_FLAG, DESC_LAST = 1, 2


def params():
    return json.loads(os.environ["DMA_PARAMS"])


class SparseMem:
    """Byte-addressed sparse memory; an AxiSlave target. Accesses touching an error range raise,
    which AxiSlave answers with SLVERR."""

    def __init__(self):
        self.pages = {}
        self.err_ranges = []   # [lo, hi) byte ranges answering SLVERR
        self.writes = []       # (addr, len) of every byte run written over the bus

    def _check(self, addr, n):
        for lo, hi in self.err_ranges:
            if addr < hi and addr + n > lo:
                raise IOError(f"error range hit at {addr:#x}")

    def peek(self, addr, n):
        out = bytearray()
        for a in range(addr, addr + n):
            page = self.pages.get(a >> 12)
            out.append(page[a & 0xFFF] if page else 0)
        return bytes(out)

    def poke(self, addr, data):
        for i, b in enumerate(data):
            a = addr + i
            self.pages.setdefault(a >> 12, bytearray(4096))[a & 0xFFF] = b

    async def read(self, address, length):
        self._check(address, length)
        return self.peek(address, length)

    async def write(self, address, data):
        self._check(address, len(data))
        self.writes.append((address, len(data)))
        self.poke(address, data)


class DmaTb:
    def __init__(self, dut, ram=False, ram_size=2**20, bus_model=True):
        self.dut = dut
        self.p = params()
        self.aw = self.p["ADDR_WIDTH"]
        self.dw = self.p["DATA_WIDTH"]
        self.nbytes = self.dw // 8
        self.max_burst = self.p["MAX_BURST_LEN"]
        self.legacy = self.p["LEGACY_TRUNCATE"]
        self.log = dut._log
        cocotb.start_soon(Clock(dut.clk, 10, unit="ns").start())
        self.axil = AxiLiteMaster(AxiLiteBus.from_prefix(dut, "s_axil"), dut.clk, dut.rst)
        if ram:
            self.mem = AxiRam(AxiBus.from_prefix(dut, "m_axi"), dut.clk, dut.rst, size=ram_size)
        elif not bus_model:
            self.mem = SparseMem()  # the caller attaches its own bus model
        else:
            self.mem = SparseMem()
            self.slave = AxiSlave(AxiBus.from_prefix(dut, "m_axi"), dut.clk, dut.rst,
                                  target=self.mem)
        for name in ("cocotb.dma_engine.s_axil", "cocotb.dma_engine.m_axi"):
            logging.getLogger(name).setLevel(logging.WARNING)  # per-burst INFO lines are slow
        self.ars, self.aws = [], []   # (cycle, addr, len)
        self.bs, self.rbeats, self.wbeats = [], 0, 0
        self.cycle = 0
        self.violations = []
        cocotb.start_soon(self._monitor())

    # ---- memory helpers (work for AxiRam and SparseMem) ----
    def mem_write(self, addr, data):
        if isinstance(self.mem, SparseMem):
            self.mem.poke(addr, data)
        else:
            self.mem.write(addr, data)

    def mem_read(self, addr, n):
        if isinstance(self.mem, SparseMem):
            return self.mem.peek(addr, n)
        return self.mem.read(addr, n)

    async def _monitor(self):
        d = self.dut
        limit = 1 << self.aw
        while True:
            await RisingEdge(d.clk)
            await ReadOnly()
            self.cycle += 1
            if int(d.rst.value):
                continue
            for ch, lst in (("ar", self.ars), ("aw", self.aws)):
                if int(getattr(d, f"m_axi_{ch}valid").value) and int(getattr(d, f"m_axi_{ch}ready").value):
                    addr = int(getattr(d, f"m_axi_{ch}addr").value)
                    ln = int(getattr(d, f"m_axi_{ch}len").value)
                    size = int(getattr(d, f"m_axi_{ch}size").value)
                    lst.append((self.cycle, addr, ln))
                    start = addr & ~(self.nbytes - 1)
                    end = start + (ln + 1) * self.nbytes - 1
                    if size != self.nbytes.bit_length() - 1:
                        self.violations.append(f"{ch} size {size}")
                    if ln > self.max_burst - 1:
                        self.violations.append(f"{ch} len {ln} > {self.max_burst - 1} at {addr:#x}")
                    if (start >> 12) != (end >> 12):
                        self.violations.append(f"{ch} crosses 4 KiB: {addr:#x} len {ln}")
                    if end >= limit:
                        self.violations.append(f"{ch} wraps past 2^{self.aw}: {addr:#x} len {ln}")
            if int(d.m_axi_rvalid.value) and int(d.m_axi_rready.value):
                self.rbeats += 1
            if int(d.m_axi_wvalid.value) and int(d.m_axi_wready.value):
                self.wbeats += 1
            if int(d.m_axi_bvalid.value) and int(d.m_axi_bready.value):
                self.bs.append(self.cycle)

    def check_bursts(self):
        assert not self.violations, self.violations[:5]

    async def reset(self):
        self.dut.rst.value = 1
        await ClockCycles(self.dut.clk, 4)
        self.dut.rst.value = 0
        await ClockCycles(self.dut.clk, 2)

    # ---- register access ----
    async def wr(self, off, val, expect_resp=0):
        resp = await self.axil.write(off, int(val & 0xFFFFFFFF).to_bytes(4, "little"))
        assert int(resp.resp) == expect_resp, f"write {off:#x}: resp {resp.resp}"

    async def rd(self, off, expect_resp=0):
        resp = await self.axil.read(off, 4)
        assert int(resp.resp) == expect_resp, f"read {off:#x}: resp {resp.resp}"
        return int.from_bytes(resp.data, "little")

    async def wr64(self, off, val):
        await self.wr(off, val & 0xFFFFFFFF)
        await self.wr(off + 4, val >> 32)

    async def rd64(self, off):
        return await self.rd(off) | (await self.rd(off + 4)) << 32

    async def start_copy(self, src, dst, length, ctrl=IRQ_EN):
        await self.wr64(SRC_LO, src)
        await self.wr64(DST_LO, dst)
        await self.wr(LEN, length)
        await self.wr(CTRL, ctrl | START)

    async def start_chain(self, desc, ctrl=IRQ_EN):
        await self.wr64(DESC_LO, desc)
        await self.wr(CTRL, ctrl | SG | START)

    async def wait_idle(self, timeout=200000):
        """Wait for BUSY to fall (watching the port, not polling AXI-Lite); return STATUS."""
        for _ in range(timeout):
            await RisingEdge(self.dut.clk)
            if not int(self.dut.busy_reg.value):
                break
        else:
            raise AssertionError("engine still busy")
        return await self.rd(STATUS)

    def write_desc(self, addr, src, dst, length, flags, nxt):
        self.mem_write(addr, src.to_bytes(8, "little") + dst.to_bytes(8, "little") +
                       length.to_bytes(4, "little") + flags.to_bytes(4, "little") +
                       nxt.to_bytes(8, "little"))


class PipelinedAxiMem:
    """Minimal AXI4 slave over a SparseMem with a fixed, pipelined read latency (AR handshake to
    first R beat) and zero-wait writes: every channel ready, one beat per cycle. Used to measure
    throughput with read latency, which cocotbext-axi's AxiRam cannot model."""

    def __init__(self, dut, mem, read_latency=16):
        from collections import deque
        self.dut, self.mem, self.lat = dut, mem, read_latency
        self.nbytes = len(dut.m_axi_wstrb)
        self.ar_q, self.aw_q, self.b_q = deque(), deque(), deque()
        for s in ("arready", "awready", "wready"):
            getattr(dut, f"m_axi_{s}").value = 1
        for s in ("rvalid", "bvalid", "rlast", "rdata", "rresp", "bresp", "rid", "bid"):
            getattr(dut, f"m_axi_{s}").value = 0
        cocotb.start_soon(self._run())

    async def _run(self):
        d, nb = self.dut, self.nbytes
        cycle, wbeat = 0, 0
        while True:
            await RisingEdge(d.clk)
            cycle += 1
            if int(d.rst.value):
                self.ar_q.clear(); self.aw_q.clear(); self.b_q.clear(); wbeat = 0
                d.m_axi_rvalid.value = 0
                d.m_axi_bvalid.value = 0
                continue
            # sample the handshakes of the cycle that just ended
            if int(d.m_axi_rvalid.value) and int(d.m_axi_rready.value):
                b = self.ar_q[0]
                b[3] += 1
                if b[3] > b[2]:
                    self.ar_q.popleft()
            if int(d.m_axi_bvalid.value) and int(d.m_axi_bready.value):
                self.b_q.popleft()
            if int(d.m_axi_arvalid.value):
                self.ar_q.append([cycle + self.lat - 1, int(d.m_axi_araddr.value) & ~(nb - 1),
                                  int(d.m_axi_arlen.value), 0])
            if int(d.m_axi_awvalid.value):
                self.aw_q.append((int(d.m_axi_awaddr.value) & ~(nb - 1), int(d.m_axi_awlen.value)))
            if int(d.m_axi_wvalid.value):
                addr, ln = self.aw_q[0]
                data = int(d.m_axi_wdata.value).to_bytes(nb, "little")
                strb = int(d.m_axi_wstrb.value)
                for i in range(nb):
                    if strb >> i & 1:
                        self.mem.poke(addr + wbeat * nb + i, data[i:i + 1])
                wbeat += 1
                if wbeat > ln:
                    self.aw_q.popleft()
                    self.b_q.append(cycle)
                    wbeat = 0
            # drive the next cycle
            if self.ar_q and self.ar_q[0][0] <= cycle:
                addr, ln, k = self.ar_q[0][1], self.ar_q[0][2], self.ar_q[0][3]
                d.m_axi_rdata.value = int.from_bytes(self.mem.peek(addr + k * nb, nb), "little")
                d.m_axi_rlast.value = int(k == ln)
                d.m_axi_rvalid.value = 1
            else:
                d.m_axi_rvalid.value = 0
            d.m_axi_bvalid.value = 1 if self.b_q else 0
