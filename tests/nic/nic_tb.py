"""cocotb bench for nic_engine: clock and reset, register access over AXI-Lite, host memory behind
the AXI4 master (a sparse memory under cocotbext-axi's AxiSlave, or AxiRam for zero-wait
throughput), the RX stream source and TX stream sink, and a bus watcher that checks every AR/AW
burst against the engine's contract.

Offsets, bits and the descriptor layout come from the generated bench/engines/nic_engine_regs.py
(regmap/nic_engine.rdl)."""

from __future__ import annotations

import json
import logging
import os
import struct
from dataclasses import dataclass, field

import cocotb
from cocotb.clock import Clock
from cocotb.triggers import ClockCycles, ReadOnly, RisingEdge
from cocotbext.axi import (AxiBus, AxiLiteBus, AxiLiteMaster, AxiRam, AxiSlave, AxiStreamBus,
                           AxiStreamSink, AxiStreamSource)

from bench.engines import nic_engine_regs as R


@dataclass(frozen=True)
class NicParams:
    """The parameters the image was built with (NIC_PARAMS in the environment)."""

    addr_width: int
    desc_addr_bits: int
    data_width: int
    max_burst: int
    legacy: bool
    split: bool = False  # SPLIT_ADDR_HI
    hi: int = 0          # the BUF_HI a test programmed (SPLIT_ADDR_HI)

    @classmethod
    def from_env(cls) -> "NicParams":
        p = json.loads(os.environ["NIC_PARAMS"])
        return cls(p["ADDR_WIDTH"], p["DESC_ADDR_BITS"], p["DATA_WIDTH"], p["MAX_BURST_LEN"],
                   bool(p["LEGACY_TRUNCATE"]), bool(p.get("SPLIT_ADDR_HI", 0)))

    @property
    def nbytes(self) -> int:
        return self.data_width // 8

    @property
    def limit(self) -> int:
        """First address the device cannot drive (2^ADDR_WIDTH)."""
        return 1 << self.addr_width

    def bus_addr(self, addr: int) -> int:
        """Where a descriptor address lands on the bus (legacy: upper bits dropped; with
        SPLIT_ADDR_HI bits [63:32] are BUF_HI)."""
        if self.split:
            return (self.hi << 32 | addr & 0xFFFFFFFF) & (self.limit - 1)
        return addr & ((1 << self.desc_addr_bits) - 1) & (self.limit - 1)


class SparseMem:
    """Byte-addressed sparse host memory; the target of an AxiSlave."""

    def __init__(self) -> None:
        self.pages: dict[int, bytearray] = {}

    def peek(self, addr: int, n: int) -> bytes:
        out = bytearray()
        for a in range(addr, addr + n):
            page = self.pages.get(a >> 12)
            out.append(page[a & 0xFFF] if page else 0)
        return bytes(out)

    def poke(self, addr: int, data: bytes) -> None:
        for i, b in enumerate(data):
            a = addr + i
            self.pages.setdefault(a >> 12, bytearray(4096))[a & 0xFFF] = b

    async def read(self, address: int, length: int) -> bytes:
        return self.peek(address, length)

    async def write(self, address: int, data: bytes) -> None:
        self.poke(address, data)


@dataclass(frozen=True)
class Burst:
    kind: str    # "ar" or "aw"
    addr: int
    beats: int
    cycle: int

    def end(self, nbytes: int) -> int:
        """One past the last byte the burst addresses."""
        return (self.addr & ~(nbytes - 1)) + self.beats * nbytes


@dataclass
class BusWatcher:
    """Every AR/AW handshake, the stream handshakes, and contract violations found on the way."""

    bursts: list[Burst] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    granted: list[tuple[int, int]] = field(default_factory=list)  # [lo, hi) the device may touch
    tx_beats: int = 0
    tx_first: int | None = None
    tx_last: int | None = None

    def touching(self, lo: int, hi: int, nbytes: int) -> list[Burst]:
        return [b for b in self.bursts if b.addr < hi and b.end(nbytes) > lo]


class NicTb:
    def __init__(self, dut, ram: bool = False, ram_size: int = 1 << 22) -> None:
        self.dut = dut
        self.p = NicParams.from_env()
        self.nbytes = self.p.nbytes
        self.log = dut._log
        cocotb.start_soon(Clock(dut.clk, 10, unit="ns").start())
        self.axil = AxiLiteMaster(AxiLiteBus.from_prefix(dut, "s_axil"), dut.clk, dut.rst)
        if ram:
            self.mem = AxiRam(AxiBus.from_prefix(dut, "m_axi"), dut.clk, dut.rst, size=ram_size)
        else:
            self.sparse = SparseMem()
            self.mem = AxiSlave(AxiBus.from_prefix(dut, "m_axi"), dut.clk, dut.rst,
                                target=self.sparse)
        self.ram = ram
        self.rx_src = AxiStreamSource(AxiStreamBus.from_prefix(dut, "s_axis_rx"), dut.clk, dut.rst)
        self.tx_sink = AxiStreamSink(AxiStreamBus.from_prefix(dut, "m_axis_tx"), dut.clk, dut.rst)
        for name in ("s_axil", "m_axi", "s_axis_rx", "m_axis_tx"):
            logging.getLogger(f"cocotb.nic_engine.{name}").setLevel(logging.WARNING)
        self.watch = BusWatcher()
        self.cycle = 0
        cocotb.start_soon(self._monitor())

    # ---- memory ----
    def mem_write(self, addr: int, data: bytes) -> None:
        if self.ram:
            self.mem.write(addr, data)
        else:
            self.sparse.poke(addr, data)

    def mem_read(self, addr: int, n: int) -> bytes:
        return self.mem.read(addr, n) if self.ram else self.sparse.peek(addr, n)

    # ---- bus watcher ----
    async def _monitor(self) -> None:
        d, nb, w = self.dut, self.nbytes, self.watch
        while True:
            await RisingEdge(d.clk)
            await ReadOnly()
            self.cycle += 1
            if int(d.rst.value):
                continue
            for ch in ("ar", "aw"):
                if int(getattr(d, f"m_axi_{ch}valid").value) and int(getattr(d, f"m_axi_{ch}ready").value):
                    b = Burst(ch, int(getattr(d, f"m_axi_{ch}addr").value),
                              int(getattr(d, f"m_axi_{ch}len").value) + 1, self.cycle)
                    w.bursts.append(b)
                    self._check_burst(b, int(getattr(d, f"m_axi_{ch}size").value))
            if int(d.m_axis_tx_tvalid.value) and int(d.m_axis_tx_tready.value):
                w.tx_beats += 1
                if w.tx_first is None:
                    w.tx_first = self.cycle
                w.tx_last = self.cycle

    def _check_burst(self, b: Burst, size: int) -> None:
        nb, v = self.nbytes, self.watch.violations
        start, end = b.addr & ~(nb - 1), b.end(nb)
        if size != nb.bit_length() - 1:
            v.append(f"{b.kind} size {size} at {b.addr:#x}")
        if b.beats > self.p.max_burst:
            v.append(f"{b.kind} {b.beats} beats > MAX_BURST_LEN at {b.addr:#x}")
        if start >> 12 != (end - 1) >> 12:
            v.append(f"{b.kind} crosses 4 KiB: {b.addr:#x} x{b.beats}")
        if end > self.p.limit:
            v.append(f"{b.kind} wraps past 2^{self.p.addr_width}: {b.addr:#x} x{b.beats}")
        if self.watch.granted and not any(lo <= start and end <= hi
                                          for lo, hi in self.watch.granted):
            v.append(f"{b.kind} outside every granted region: {b.addr:#x} x{b.beats}")

    def grant(self, lo: int, length: int) -> None:
        """Allow bursts in [lo, lo + length) (rounded out to whole beats)."""
        nb = self.nbytes
        self.watch.granted.append((lo & ~(nb - 1), (lo + length + nb - 1) & ~(nb - 1)))

    def check_bursts(self) -> None:
        assert not self.watch.violations, self.watch.violations[:5]

    # ---- reset and registers ----
    async def reset(self) -> None:
        self.dut.rst.value = 1
        await ClockCycles(self.dut.clk, 4)
        self.dut.rst.value = 0
        await ClockCycles(self.dut.clk, 2)

    async def wr(self, off: int, val: int, expect_resp: int = 0) -> None:
        resp = await self.axil.write(off, int(val & 0xFFFFFFFF).to_bytes(4, "little"))
        assert int(resp.resp) == expect_resp, f"write {off:#x}: resp {resp.resp}"

    async def rd(self, off: int, expect_resp: int = 0) -> int:
        resp = await self.axil.read(off, 4)
        assert int(resp.resp) == expect_resp, f"read {off:#x}: resp {resp.resp}"
        return int.from_bytes(resp.data, "little")

    async def wr64(self, off: int, val: int) -> None:
        await self.wr(off, val & 0xFFFFFFFF)
        await self.wr(off + 4, val >> 32)

    async def rd64(self, off: int) -> int:
        return await self.rd(off) | (await self.rd(off + 4)) << 32

    async def setup_ring(self, tx: bool, base: int, size: int) -> None:
        """Program a ring (disabled, idle): base, size, head = tail = 0; grant its slots."""
        lo = R.TX_BASE_LO if tx else R.RX_BASE_LO
        await self.wr64(lo, base)
        await self.wr(R.TX_SIZE if tx else R.RX_SIZE, size)
        await self.wr(R.TX_HEAD if tx else R.RX_HEAD, 0)
        await self.wr(R.TX_TAIL if tx else R.RX_TAIL, 0)
        self.grant(base, size * R.DESC_SIZE)

    # ---- descriptors ----
    def write_desc(self, base: int, idx: int, addr: int, length: int, flags: int = 0) -> None:
        """Fill slot idx: ADDR, CTRL = LEN | flags, STATUS = 0."""
        self.mem_write(base + idx * R.DESC_SIZE,
                       struct.pack(R.DESC_STRUCT, addr, length | flags, 0))

    def desc_status(self, base: int, idx: int) -> int:
        raw = self.mem_read(base + idx * R.DESC_SIZE + R.DESC_STATUS, 4)
        return int.from_bytes(raw, "little")


def status_fields(st: int) -> dict[str, int]:
    """A descriptor STATUS word, decoded."""
    return {"done": st & R.DESC_STATUS_DONE, "err": st & R.DESC_STATUS_ERR,
            "eop": st & R.DESC_STATUS_EOP,
            "code": st >> R.DESC_STATUS_ERR_CODE_SHIFT & R.DESC_STATUS_ERR_CODE_MASK,
            "len": st >> R.DESC_STATUS_LEN_SHIFT & R.DESC_STATUS_LEN_MASK}


def ok_status(length: int, eop: bool) -> int:
    """STATUS the device writes for a descriptor that completed without error."""
    return (R.DESC_STATUS_DONE | (R.DESC_STATUS_EOP if eop else 0)
            | length << R.DESC_STATUS_LEN_SHIFT)


def err_status(code: int, eop: bool = False) -> int:
    """STATUS the device writes for a refused descriptor."""
    return (R.DESC_STATUS_DONE | R.DESC_STATUS_ERR | (R.DESC_STATUS_EOP if eop else 0)
            | code << R.DESC_STATUS_ERR_CODE_SHIFT)


def frame_bytes(frame) -> bytes:
    """Bytes of a received stream frame whose tkeep was set (checks that only the tail of the
    frame has tkeep low)."""
    keep = list(frame.tkeep) if frame.tkeep is not None else [1] * len(frame.tdata)
    n = sum(1 for k in keep if k)
    assert all(keep[:n]) and not any(keep[n:]), f"tkeep has holes: {keep}"
    return bytes(frame.tdata[:n])
