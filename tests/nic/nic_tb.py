"""cocotb bench for nic_engine: clock and reset, register access over AXI-Lite
(``bench.registers``), host memory behind the AXI4 master (the bench's ``AxiMemory`` over a
sparse ``models.PhysicalMemory`` of 2**ADDR_WIDTH bytes; its lean zero-wait responder for
throughput), the RX stream source and TX stream sink, and the bench's ``AxiMonitor`` feeding
``BurstChecks``, which checks every AR/AW burst against the engine's contract.

Offsets, bits, the descriptor layout and the STATUS words come from the generated
bench/engines/nic_engine_regs.py (regmap/nic_engine.rdl) and bench/engines/nic_engine.py."""

from __future__ import annotations

import json
import os
import struct
from dataclasses import dataclass

import cocotb
from cocotb.clock import Clock
from cocotb.utils import get_sim_time, get_time_from_sim_steps
from cocotbext.axi import AxiStreamBus, AxiStreamSink, AxiStreamSource

import models
from bench.engines import nic_engine_regs as R
from bench.guard import AddressGuard, Grant
from bench.memory import AxiMemory
from bench.monitor import AxiMonitor, Burst
from bench.ports import BusPorts
from bench.registers import AxiLiteRegisters, RegisterShorthands
from bench.tb import quiet_bus_models

PERIOD_NS = 10
PORTS = BusPorts(clock="clk", reset="rst", read_prefix="m_axi", write_prefix="m_axi")


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


class BurstChecks:
    """``AxiMonitor`` subscriber: keeps every AR/AW burst (``bursts``, in handshake order) and
    the contract violations found (``violations``, messages):

    - AxSIZE is the full data width and a burst has at most MAX_BURST_LEN beats;
    - the ``AddressGuard`` rules ``limit``, ``wrap``, ``4k``, ``idle``, ``outside-job`` and
      ``direction`` against the windows granted since the last reset: each ring ("rw", revisited
      by design) and the buffers posted on it (TX buffers read, RX buffers written), owned by
      work "TX" or "RX". Error responses are not fed to the guard: after a bus error the NIC
      writes the failed descriptor's STATUS back by contract (its ``after-error`` rule does not
      apply)."""

    OWNERS = {True: "TX", False: "RX"}

    def __init__(self, p: NicParams) -> None:
        self.p = p
        self.bursts: list[Burst] = []
        self.violations: list[str] = []
        self.guard = AddressGuard(None, p.addr_width, period_ns=PERIOD_NS, name="nic")

    def __call__(self, event) -> None:
        if not isinstance(event, Burst):
            return
        self.bursts.append(event)
        nb, v = self.p.nbytes, self.violations
        if event.size != nb:
            v.append(f"{event.describe()}: size {event.size} B, the data width is {nb} B")
        if event.length > self.p.max_burst:
            v.append(f"{event.describe()}: {event.length} beats > MAX_BURST_LEN "
                     f"{self.p.max_burst}")
        v.extend(x.message for x in self.guard.check(event))

    def grant(self, tx: bool, lo: int, length: int, access: str, what: str,
              forward: bool = False) -> None:
        """Allow the TX (``tx``) or RX work bursts of ``access`` in [lo, lo + length)."""
        owner = self.OWNERS[tx]
        g = Grant(owner, lo, lo + length - 1, access, what, forward=forward)
        if owner not in self.guard.in_flight:
            self.guard.grant(owner, [g])
        elif g not in self.guard.grants(owner):
            self.guard.add_grants(owner, [g])

    def reset(self) -> None:
        """The engine was reset: every grant goes."""
        self.guard.release_all()

    def touching(self, lo: int, hi: int, since: int = 0) -> list[Burst]:
        """Bursts from the ``since``-th on that address a byte of [lo, hi)."""
        return [b for b in self.bursts[since:] if b.first < hi and b.last >= lo]

    def check(self) -> None:
        assert not self.violations, "\n".join(self.violations[:5])


class NicTb(RegisterShorthands):
    """``lean``: serve the master port with AxiMemory's zero-wait responder (no error windows,
    no back-pressure) instead of its AxiSlave one."""

    def __init__(self, dut, lean: bool = False) -> None:
        self.dut = dut
        self.p = NicParams.from_env()
        self.nbytes = self.p.nbytes
        self.log = dut._log
        cocotb.start_soon(Clock(dut.clk, PERIOD_NS, unit="ns").start())
        self.registers = AxiLiteRegisters.from_prefix(dut, "s_axil", dut.clk, dut.rst)
        self.mem = AxiMemory(dut, models.PhysicalMemory(self.p.limit), PORTS, lean=lean)
        self.rx_src = AxiStreamSource(AxiStreamBus.from_prefix(dut, "s_axis_rx"), dut.clk, dut.rst)
        self.tx_sink = AxiStreamSink(AxiStreamBus.from_prefix(dut, "m_axis_tx"), dut.clk, dut.rst)
        quiet_bus_models(dut)
        self.checks = BurstChecks(self.p)
        self.monitor = AxiMonitor(dut, PORTS, responses="none")
        self.monitor.subscribe(self.checks)
        self.monitor.start()

    @property
    def cycle(self) -> int:
        """Clock cycles since time 0."""
        return int(get_sim_time("ns")) // PERIOD_NS

    # ---- memory (backdoor: no bus cycle, no error window) ----
    def mem_write(self, addr: int, data: bytes) -> None:
        self.mem.write(addr, data)

    def mem_read(self, addr: int, n: int) -> bytes:
        return self.mem.read(addr, n)

    # ---- burst checks ----
    def grant(self, tx: bool, lo: int, length: int) -> None:
        """Allow the device to read (``tx``) or write (RX) buffers in [lo, lo + length)."""
        self.checks.grant(tx, lo, length, "read" if tx else "write",
                          f"{self.checks.OWNERS[tx]} buffers")

    def check_bursts(self) -> None:
        self.checks.check()

    def tx_started(self) -> bool:
        """The TX stream carried at least one beat (a frame in progress or in the sink)."""
        return bool(self.tx_sink.active) or not self.tx_sink.empty()

    # ---- reset and registers ----
    async def reset(self) -> None:
        """Reset the engine; the grants go once the reset is over."""
        await PORTS.assert_reset(self.dut, 4)
        self.checks.reset()

    async def setup_ring(self, tx: bool, base: int, size: int) -> None:
        """Program a ring (disabled, idle): base, size, head = tail = 0; grant its slots (read
        and written: descriptor fetches and STATUS write-backs)."""
        lo = R.TX_BASE_LO if tx else R.RX_BASE_LO
        await self.wr64(lo, base)
        await self.wr(R.TX_SIZE if tx else R.RX_SIZE, size)
        await self.wr(R.TX_HEAD if tx else R.RX_HEAD, 0)
        await self.wr(R.TX_TAIL if tx else R.RX_TAIL, 0)
        self.checks.grant(tx, base, size * R.DESC_SIZE, "rw", f"{self.checks.OWNERS[tx]} ring")

    # ---- descriptors ----
    def write_desc(self, base: int, idx: int, addr: int, length: int, flags: int = 0) -> None:
        """Fill slot idx: ADDR, CTRL = LEN | flags, STATUS = 0."""
        self.mem_write(base + idx * R.DESC_SIZE,
                       struct.pack(R.DESC_STRUCT, addr, length | flags, 0))

    def desc_status(self, base: int, idx: int) -> int:
        raw = self.mem_read(base + idx * R.DESC_SIZE + R.DESC_STATUS, 4)
        return int.from_bytes(raw, "little")


def frame_beats(frame, nbytes: int) -> int:
    """Stream beats of a frame received without compaction."""
    return len(frame.tdata) // nbytes


def frame_cycles(first, last) -> int:
    """Clock cycles from the first beat of frame ``first`` to the last beat of frame ``last``."""
    ns = get_time_from_sim_steps(last.sim_time_end - first.sim_time_start, "ns")
    return round(ns / PERIOD_NS) + 1
