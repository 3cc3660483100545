"""AxiMonitor: the one handshake monitor of an AXI4 (or AXI4-Lite) port.

It publishes a ``Burst`` for every AR/AW handshake and a ``Response`` for R/B handshakes (only
SLVERR/DECERR ones by default, every one with ``responses="all"``) to its subscribers: the
address guard, the contract checks of tests/hdl and the benchmarks' counters. It is cheap: a
channel's watcher sleeps on the rising edge of VALID and looks at clock edges only while VALID
is high; in the default mode the R/B watchers wake only when RRESP/BRESP change and look at clock
edges only while an error response is on the bus. Values read right after a clock edge are the
ones that edge sampled. Times are simulation nanoseconds.

The dataclasses and ``HandshakeStats`` import no simulator: they are plain data and can be
built by unit tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from bench.ports import BusPorts

RESP_NAMES = {0: "OKAY", 1: "EXOKAY", 2: "SLVERR", 3: "DECERR"}


@dataclass(frozen=True)
class Burst:
    """One AR or AW handshake. ``first``..``last`` (inclusive) are the bytes the burst
    addresses: an INCR burst's first beat runs from ``addr`` to the end of its aligned beat, so
    ``last = aligned(addr) + length * size - 1``; it may exceed 2**W - 1."""

    channel: str  # "AR" | "AW"
    addr: int
    length: int  # beats (AxLEN + 1)
    size: int  # bytes per beat (2**AxSIZE)
    first: int
    last: int
    time_ns: float  # the handshake
    issued_ns: float | None = None  # first clock edge at which this transfer's VALID was high

    @classmethod
    def incr(cls, channel: str, addr: int, length: int, size: int, time_ns: float = 0.0,
             issued_ns: float | None = None) -> "Burst":
        """The burst an INCR AxADDR/AxLEN+1/2**AxSIZE handshake describes."""
        last = (addr - addr % size) + length * size - 1
        return cls(channel, addr, length, size, addr, last, time_ns, issued_ns)

    @property
    def nbytes(self) -> int:
        return self.last - self.first + 1

    def describe(self) -> str:
        return (f"{self.channel} burst addr=0x{self.addr:x} len={self.length - 1} "
                f"({self.length} beats) size={self.size}B range=[0x{self.first:x}, "
                f"0x{self.last:x}]")


@dataclass(frozen=True)
class Response:
    """One R or B handshake (``last``: RLAST; always True for B)."""

    channel: str  # "R" | "B"
    resp: int
    time_ns: float
    last: bool = True

    @property
    def is_error(self) -> bool:
        return self.resp >= 2

    @property
    def resp_name(self) -> str:
        return RESP_NAMES.get(self.resp, str(self.resp))


Subscriber = Callable[[object], None]


class EventSource:
    """Publishes bus events (``Burst``, ``Response``) to its subscribers, in subscription order.
    ``_tasks`` holds the cocotb tasks of a started source (``start()`` runs once)."""

    def __init__(self) -> None:
        self.subscribers: list[Subscriber] = []
        self._tasks: list = []

    def subscribe(self, callback: Subscriber) -> Subscriber:
        """Call ``callback(event)`` for every published Burst and Response; returns it."""
        self.subscribers.append(callback)
        return callback

    def publish(self, event) -> None:
        for callback in self.subscribers:
            callback(event)


class AxiMonitor(EventSource):
    """Watches the port ``ports`` describes on ``dut``; see the module docstring.

    ``responses``: "errors" publishes R/B handshakes carrying SLVERR/DECERR only (cheap),
    "all" every R beat and B handshake (for counters), "none" no R/B watcher at all.
    ``channels`` limits the address channels watched (an AXI-Lite register port: ("AW",) ...).
    """

    def __init__(self, dut, ports: BusPorts = BusPorts(), *, responses: str = "errors",
                 channels: tuple[str, ...] = ("AR", "AW")):
        if responses not in ("errors", "all", "none"):
            raise ValueError(f"responses={responses!r}: must be 'errors', 'all' or 'none'")
        bad = [c for c in channels if c not in ("AR", "AW")]
        if bad:
            raise ValueError(f"channels {bad}: only 'AR' and 'AW' carry addresses")
        super().__init__()
        self.dut = dut
        self.ports = ports
        self.responses = responses
        self.channels = tuple(channels)

    def start(self) -> "AxiMonitor":
        import cocotb

        if self._tasks:
            return self
        for ch in self.channels:
            self._tasks.append(cocotb.start_soon(self._watch_addr(ch)))
        resp_channels = [("R", "AR"), ("B", "AW")]
        for ch, addr_ch in resp_channels:
            if self.responses == "none" or addr_ch not in self.channels:
                continue
            watch = self._watch_resp_all if self.responses == "all" else self._watch_resp_errors
            self._tasks.append(cocotb.start_soon(watch(ch)))
        return self

    # -- watchers ------------------------------------------------------------------------------
    def _sig(self, name: str):
        return self.ports.signal(self.dut, name)

    async def _watch_addr(self, channel: str) -> None:
        from cocotb.triggers import RisingEdge
        from cocotb.utils import get_sim_time

        c = channel.lower()
        valid, ready, addr = self._sig(f"{c}valid"), self._sig(f"{c}ready"), self._sig(f"{c}addr")
        p = self.ports
        alen = p.signal(self.dut, f"{c}len") if p.has_signal(self.dut, f"{c}len") else None
        asize = p.signal(self.dut, f"{c}size") if p.has_signal(self.dut, f"{c}size") else None
        data = self._sig("rdata" if channel == "AR" else "wdata")
        full_size = len(data) // 8  # AXI-Lite: one beat of the full data width
        clk_edge = RisingEdge(self.ports.clock_signal(self.dut))
        valid_rise = RisingEdge(valid)
        since = None
        while True:
            if not _bit(valid):
                since = None
                await valid_rise
            await clk_edge
            if _bit(valid) and since is None:
                since = get_sim_time("ns")
            if _bit(valid) and _bit(ready):
                issued, since = since, None
                try:
                    a = int(addr.value)
                    n = int(alen.value) + 1 if alen is not None else 1
                    size = 1 << int(asize.value) if asize is not None else full_size
                except ValueError:  # X/Z during reset
                    continue
                self.publish(Burst.incr(channel, a, n, size, get_sim_time("ns"), issued))

    def _resp_signals(self, channel: str):
        """VALID, READY, xRESP and RLAST (None for B or a port without RLAST) of R or B."""
        c = channel.lower()
        last = self._sig("rlast") if channel == "R" and self.ports.has_signal(
            self.dut, "rlast") else None
        return self._sig(f"{c}valid"), self._sig(f"{c}ready"), self._sig(f"{c}resp"), last

    async def _watch_resp_errors(self, channel: str) -> None:
        from cocotb.triggers import RisingEdge, ValueChange
        from cocotb.utils import get_sim_time

        valid, ready, resp, last = self._resp_signals(channel)
        clk_edge = RisingEdge(self.ports.clock_signal(self.dut))
        while True:
            await ValueChange(resp)
            while (_val(resp) or 0) >= 2:
                await clk_edge
                r = _val(resp) or 0
                if r >= 2 and _bit(valid) and _bit(ready):
                    self.publish(Response(channel, r, get_sim_time("ns"), _bit(last, True)))

    async def _watch_resp_all(self, channel: str) -> None:
        from cocotb.triggers import RisingEdge
        from cocotb.utils import get_sim_time

        valid, ready, resp, last = self._resp_signals(channel)
        clk_edge = RisingEdge(self.ports.clock_signal(self.dut))
        valid_rise = RisingEdge(valid)
        while True:
            if not _bit(valid):
                await valid_rise
            await clk_edge
            if _bit(valid) and _bit(ready):
                self.publish(Response(channel, _val(resp) or 0, get_sim_time("ns"),
                                      _bit(last, True)))


class HandshakeStats:
    """A monitor subscriber counting handshakes: per channel ("AR", "AW", "R", "B") the count,
    the time of the first and of the last, and the beats the AR/AW bursts announced.
    ``arm()`` starts a new window."""

    CHANNELS = ("AR", "AW", "R", "B")

    def __init__(self) -> None:
        self.arm()

    def arm(self) -> None:
        self.count = dict.fromkeys(self.CHANNELS, 0)
        self.first: dict[str, float | None] = dict.fromkeys(self.CHANNELS)
        self.last: dict[str, float | None] = dict.fromkeys(self.CHANNELS)
        self.beats = {"AR": 0, "AW": 0}
        self.bytes = {"AR": 0, "AW": 0}

    def __call__(self, event) -> None:
        ch = event.channel
        self.count[ch] += 1
        if self.first[ch] is None:
            self.first[ch] = event.time_ns
        self.last[ch] = event.time_ns
        if isinstance(event, Burst):
            self.beats[ch] += event.length
            self.bytes[ch] += event.nbytes


def _val(sig) -> int | None:
    try:
        return int(sig.value)
    except ValueError:
        return None


def _bit(sig, absent: bool = False) -> bool:
    """The signal as a bool (X/Z: False; no signal, ``sig`` None: ``absent``)."""
    if sig is None:
        return absent
    try:
        return bool(int(sig.value))
    except ValueError:
        return False
