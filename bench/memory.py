"""The engine's AXI4 memory: cocotbext-axi ``AxiSlave`` over ``models.PhysicalMemory``.

Not ``AxiRam``: it wraps addresses modulo its size and would hide exactly the aliasing bugs the
bench hunts. Bus addresses are ADDR_WIDTH bits and are zero-extended into the 64-bit physical
space (no IOMMU: DMA address == physical address).

Error injection: ``MemoryTarget.inject(start, end, "SLVERR" | "DECERR", on="read"|"write"|"rw")``.
cocotbext-axi 0.1.28 turns *any* exception of the target into SLVERR (axi_slave.py, the
``except Exception`` around ``_read``/``_write``). DECERR is obtained without re-implementing
the slave: the target records that the failing access was a decode error and ``MemoryBus`` wraps
the R and B source channels' ``send`` so that the SLVERR the slave put in that response becomes
DECERR. Accesses outside ``PhysicalMemory`` answer DECERR (nothing decodes there).

Latency and back-pressure: ``read_latency``/``write_latency`` clock cycles spent inside the
target per access (one access per beat), and ``MemoryBus.set_backpressure(...)`` installs
cocotbext-axi pause generators on the AR/R/AW/W/B channels.
"""

from __future__ import annotations

import itertools
import logging
import random
from dataclasses import dataclass

from cocotb.triggers import ClockCycles
from cocotbext.axi import AxiBus, AxiSlave
from cocotbext.axi.constants import AxiResp


class BusErrorInjected(Exception):
    """Raised by the target for an injected error; ``kind`` is "SLVERR" or "DECERR"."""

    def __init__(self, kind: str, address: int, what: str):
        super().__init__(f"{kind} injected: {what} at 0x{address:x}")
        self.kind = kind
        self.address = address


@dataclass
class ErrorRange:
    start: int
    end: int  # inclusive
    kind: str  # "SLVERR" | "DECERR"
    on: str  # "read" | "write" | "rw"
    hits: int = 0


class MemoryTarget:
    """The ``target`` object of ``AxiSlave``: async read/write on a ``PhysicalMemory``."""

    def __init__(self, memory, clock=None, read_latency: int = 0, write_latency: int = 0,
                 log: logging.Logger | None = None):
        self.memory = memory
        self.clock = clock
        self.read_latency = read_latency
        self.write_latency = write_latency
        self.errors: list[ErrorRange] = []
        self.log = log or logging.getLogger("cocotb.bench.memory")
        self.bytes_read = 0
        self.bytes_written = 0
        # Kind of the error raised by the last failing access, consumed by MemoryBus.
        self.pending_read_kind: str | None = None
        self.pending_write_kind: str | None = None
        self.mem_size = _memory_size(memory)

    def inject(self, start: int, end: int, kind: str = "SLVERR", on: str = "rw") -> ErrorRange:
        """Make accesses touching [start, end] (inclusive) answer ``kind``."""
        if kind not in ("SLVERR", "DECERR"):
            raise ValueError(f"error kind {kind!r}: must be SLVERR or DECERR")
        if on not in ("read", "write", "rw"):
            raise ValueError(f"on={on!r}: must be read, write or rw")
        rng = ErrorRange(start, end, kind, on)
        self.errors.append(rng)
        self.log.info("error injection: [0x%x, 0x%x] answers %s on %s", start, end, kind, on)
        return rng

    def clear_errors(self) -> None:
        self.errors.clear()

    def _check(self, address: int, length: int, what: str) -> None:
        last = address + length - 1
        for rng in self.errors:
            if rng.on in (what, "rw") and address <= rng.end and last >= rng.start:
                rng.hits += 1
                raise BusErrorInjected(rng.kind, address, what)
        if self.mem_size is not None and last >= self.mem_size:
            raise BusErrorInjected("DECERR", address, f"{what} outside memory "
                                                      f"(size 0x{self.mem_size:x})")

    async def read(self, address: int, length: int) -> bytes:
        if self.read_latency and self.clock is not None:
            await ClockCycles(self.clock, self.read_latency)
        try:
            self._check(address, length, "read")
        except BusErrorInjected as exc:
            self.pending_read_kind = exc.kind
            raise
        self.bytes_read += length
        return bytes(self.memory.read(address, length))

    async def write(self, address: int, data: bytes) -> None:
        if self.write_latency and self.clock is not None:
            await ClockCycles(self.clock, self.write_latency)
        try:
            self._check(address, len(data), "write")
        except BusErrorInjected as exc:
            # DECERR wins over SLVERR within one burst.
            if self.pending_write_kind != "DECERR":
                self.pending_write_kind = exc.kind
            raise
        self.bytes_written += len(data)
        self.memory.write(address, bytes(data))


def _memory_size(memory) -> int | None:
    for attr in ("size",):
        val = getattr(memory, attr, None)
        if isinstance(val, int):
            return val
    try:
        return len(memory)
    except TypeError:
        return None


class MemoryBus:
    """``AxiSlave`` on the engine's ``m_axi`` port, serving a ``MemoryTarget``."""

    CHANNELS = ("ar", "r", "aw", "w", "b")

    def __init__(self, dut, clock, reset, memory, prefix: str = "m_axi", **target_kwargs):
        self.log = logging.getLogger("cocotb.bench.memory")
        self.target = MemoryTarget(memory, clock, log=self.log, **target_kwargs)
        self.slave = AxiSlave(AxiBus.from_prefix(dut, prefix), clock, reset, target=self.target)
        self.responses: dict[str, int] = {}  # "R:OKAY", "B:DECERR", ... as sent to the engine
        self._wrap_response(self.slave.read_if.r_channel, "rresp", "pending_read_kind")
        self._wrap_response(self.slave.write_if.b_channel, "bresp", "pending_write_kind")
        self.x_lanes_cleared = 0
        self._wrap_w_sampling(self.slave.write_if.w_channel)
        self.log.info("MemoryBus configuration: target=PhysicalMemory size=%s, read latency %d, "
                      "write latency %d cycles, DECERR via response rewrite",
                      hex(self.target.mem_size) if self.target.mem_size is not None else "?",
                      self.target.read_latency, self.target.write_latency)

    def _wrap_response(self, channel, field: str, pending: str) -> None:
        target = self.target
        orig_send = channel.send
        counts = self.responses
        ch = field[0].upper()

        async def send(obj):
            kind = getattr(target, pending)
            if int(getattr(obj, field)) == AxiResp.SLVERR and kind == "DECERR":
                setattr(obj, field, AxiResp.DECERR)
            resp = AxiResp(int(getattr(obj, field))).name
            counts[f"{ch}:{resp}"] = counts.get(f"{ch}:{resp}", 0) + 1
            if field == "bresp" or int(getattr(obj, field)) != AxiResp.OKAY:
                setattr(target, pending, None)
            await orig_send(obj)

        channel.send = send

    def _wrap_w_sampling(self, channel) -> None:
        """Tolerate X/Z in W byte lanes whose WSTRB bit is 0 (their value is don't-care in AXI,
        but cocotbext-axi's ``int(w.wdata)`` raises on them); X in a strobed lane stays an error
        with a clear message. Counted in ``x_lanes_cleared``."""
        orig_recv = channel.recv
        lanes = len(channel.bus.wstrb)
        bus = self

        async def recv():
            w = await orig_recv()
            data = str(w.wdata)
            if data.strip("01"):
                strb = int(w.wstrb)
                bits = list(data)  # MSB first
                for lane in range(lanes):
                    hi = len(bits) - 8 * lane
                    chunk = bits[hi - 8:hi]
                    if any(c not in "01" for c in chunk):
                        if strb >> lane & 1:
                            raise AssertionError(f"m_axi_wdata lane {lane} is strobed but holds "
                                                 f"X/Z: wdata={data} wstrb=0x{strb:x}")
                        bits[hi - 8:hi] = "0" * 8
                        bus.x_lanes_cleared += 1
                w.wdata = int("".join(bits), 2)
            return w

        channel.recv = recv

    def _channel(self, name: str):
        s = self.slave
        return {"ar": s.read_if.ar_channel, "r": s.read_if.r_channel,
                "aw": s.write_if.aw_channel, "w": s.write_if.w_channel,
                "b": s.write_if.b_channel}[name]

    def set_backpressure(self, probability: float = 0.3, seed: int = 0,
                         channels=CHANNELS) -> None:
        """Pause each named channel at random with ``probability`` per cycle (0 clears)."""
        for i, name in enumerate(channels):
            ch = self._channel(name)
            if probability <= 0:
                ch.clear_pause_generator()
                continue
            rng = random.Random(seed * 131 + i)
            ch.set_pause_generator(rng.random() < probability for _ in itertools.count())
        self.log.info("back-pressure: p=%.2f on %s (seed %d)", probability, ",".join(channels), seed)

    def set_latency(self, read: int = 0, write: int = 0) -> None:
        self.target.read_latency = read
        self.target.write_latency = write
        self.log.info("latency: read %d, write %d cycles per access", read, write)
