"""AddressGuard: checks every AR and AW handshake of the engine's AXI4 master port.

It samples the channel signals themselves (not the memory model), once per handshake: while a
channel's valid is low the watcher sleeps on ``RisingEdge(valid)``; it only looks at clock edges
while valid is high. Per burst it checks, in this order:

1. range: the burst covers ``[addr, aligned(addr) + (len+1) * 2**size - 1]`` (AXI INCR: the first
   beat runs from ``addr`` to the end of its aligned beat); the last byte must be at or below the
   device limit (``dev.dma_mask`` unless given) -- "limit";
2. no wrap: the range must not run past 2**ADDR_WIDTH - 1 -- "wrap";
3. no 4 KiB crossing -- "4k";
4. mapping: ``dev.find_mapping`` must return a live mapping containing the range, with
   ``allows_device_read()`` for AR and ``allows_device_write()`` for AW -- "unmapped" /
   "direction". Full-width beats may cover a few bytes before the start or past the end of a
   buffer that starts or ends mid-beat; those bytes are accepted when they share the first/last
   beat with the mapping's first/last byte (AXI cannot express a narrower beat at full AxSIZE;
   writes mask them with WSTRB, and the scoreboard's guard bands catch any byte really written
   there); the limit check has no such tolerance;
5. forward only: within a job (``begin_job``..``end_job``) the bursts of one stream -- (channel,
   mapping) for data, the chain order for descriptor fetches announced by the driver -- only
   move forward -- "backward";
6. stop after an error: once the engine has received an SLVERR/DECERR (R or B handshake) in a
   job, no new AR/AW may follow (DESIGN.md: "issues no new AR/AW, drains what is outstanding")
   -- "after-error". A transfer counts as new if its VALID was first seen high more than one
   clock after the error handshake (one cycle of grace: a registered engine may have decided
   it at the very edge that delivered the error; VALID cannot be withdrawn once raised). R/B are watched through changes of RRESP/BRESP only (cheap).

A violation is logged at once as ONE message naming the burst, the limit, the nearest mapping and
the simulation time, counted, and kept in ``violations``; listeners (the pyuvm monitor) get every
burst and every violation. Tests assert ``bursts_checked > 0`` and ``violations == []`` (the
bench does both in its check phase), except the teeth test which expects violations.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass

from cocotb.triggers import RisingEdge, ValueChange
from cocotb.utils import get_sim_time

PAGE = 4096


@dataclass(frozen=True)
class Burst:
    channel: str  # "AR" | "AW"
    addr: int
    length: int  # AxLEN + 1 beats
    size: int  # bytes per beat (2**AxSIZE)
    first: int  # first byte addressed
    last: int  # last byte addressed (inclusive, unbounded: may exceed 2**W - 1)
    time_ns: float  # handshake
    issued_ns: float | None = None  # first edge with VALID high for this transfer

    @property
    def nbytes(self) -> int:
        return self.last - self.first + 1

    def describe(self) -> str:
        return (f"{self.channel} burst addr=0x{self.addr:x} len={self.length - 1} "
                f"({self.length} beats) size={self.size}B range=[0x{self.first:x}, 0x{self.last:x}]")


@dataclass(frozen=True)
class Violation:
    rule: str
    burst: Burst
    message: str


@dataclass
class _Stream:
    last_first: int = -1


class AddressGuard:
    """Watches ``<prefix>_ar*`` and ``<prefix>_aw*`` of ``dut``; see the module docstring."""

    def __init__(self, dut, clock, device, addr_width: int, limit: int | None = None,
                 prefix: str = "m_axi", fail_fast: bool = False, status_signal=None,
                 period_ns: float = 10.0):
        self.dut = dut
        self.clock = clock
        self.device = device
        self.addr_width = addr_width
        self.bus_top = (1 << addr_width) - 1
        self._limit = limit
        self.prefix = prefix
        self.period_ns = period_ns
        self.fail_fast = fail_fast
        self.status_signal = status_signal
        self.log = logging.getLogger("cocotb.bench.guard")
        self.bursts_checked = 0
        self.bytes_checked = 0
        self.bursts = {"AR": 0, "AW": 0}
        self.violations: list[Violation] = []
        self.listeners: list = []  # callables(kind, obj): kind "burst" or "violation"
        self.enabled = True
        # MASKDMA_GUARD_LOG=1: log every burst (debugging aid; off by default, it is verbose).
        self.log_bursts = os.environ.get("MASKDMA_GUARD_LOG", "0") not in ("", "0")
        self._job_active = False
        self._error_seen = None  # (channel, resp, time) of the first error response in the job
        self._streams: dict = {}
        self._desc_chain: list[int] = []
        self._desc_pos = 0
        self._tasks = []
        self.log.info("AddressGuard configuration: ADDR_WIDTH %d, limit %s, prefix %s, device %s",
                      addr_width, hex(self.limit), prefix, getattr(device, "name", device))

    # -- configuration -------------------------------------------------------------------------
    @property
    def limit(self) -> int:
        if self._limit is not None:
            return self._limit
        mask = getattr(self.device, "dma_mask", None)
        return min(mask, self.bus_top) if isinstance(mask, int) else self.bus_top

    @limit.setter
    def limit(self, value: int | None) -> None:
        self._limit = value

    def start(self):
        import cocotb

        for ch in ("ar", "aw"):
            self._tasks.append(cocotb.start_soon(self._watch(ch)))
        for ch in ("r", "b"):
            self._tasks.append(cocotb.start_soon(self._watch_resp(ch)))
        return self

    def stop(self) -> None:
        for t in self._tasks:
            t.cancel()
        self._tasks.clear()

    # -- job bracketing (called by the driver) -------------------------------------------------
    def begin_job(self, descriptors: list[int] | None = None) -> None:
        self._job_active = True
        self._error_seen = None
        self._streams = {}
        self._desc_chain = list(descriptors or [])
        self._desc_pos = 0

    def end_job(self) -> None:
        self._job_active = False
        self._error_seen = None
        self._streams = {}
        self._desc_chain = []

    def note_stop(self, what: str) -> None:
        """The driver stopped the job (ABORT written): from now on the same rule as after an
        error response applies (no new AR/AW in this job)."""
        if self._job_active and self._error_seen is None:
            self._error_seen = (what, 0, get_sim_time("ns"))

    # -- the watcher ---------------------------------------------------------------------------
    async def _watch(self, ch: str) -> None:
        p = f"{self.prefix}_{ch}"
        valid = getattr(self.dut, f"{p}valid")
        ready = getattr(self.dut, f"{p}ready")
        addr = getattr(self.dut, f"{p}addr")
        alen = getattr(self.dut, f"{p}len")
        asize = getattr(self.dut, f"{p}size")
        clk_edge = RisingEdge(self.clock)
        valid_rise = RisingEdge(valid)
        channel = ch.upper()
        since = None  # first edge at which the current transfer's VALID was sampled high
        while True:
            if not _bit(valid):
                since = None
                await valid_rise
            await clk_edge
            # Values read right after the edge are the ones the edge sampled.
            if _bit(valid) and since is None:
                since = get_sim_time("ns")
            if _bit(valid) and _bit(ready):
                issued, since = since, None
                try:
                    burst = Burst(channel, int(addr.value), 0, 0, 0, 0, 0.0)
                    n = int(alen.value) + 1
                    size = 1 << int(asize.value)
                except ValueError:  # X/Z during reset
                    continue
                first = burst.addr
                last = (first & ~(size - 1)) + n * size - 1
                burst = Burst(channel, first, n, size, first, last, get_sim_time("ns"), issued)
                if self.enabled:
                    self.check(burst)

    async def _watch_resp(self, ch: str) -> None:
        """Note the first SLVERR/DECERR handshake of a job on R or B. Cheap: it wakes on
        changes of RRESP/BRESP only and looks at clock edges while the response is an error."""
        p = f"{self.prefix}_{ch}"
        valid = getattr(self.dut, f"{p}valid")
        ready = getattr(self.dut, f"{p}ready")
        resp = getattr(self.dut, f"{p}resp")
        clk_edge = RisingEdge(self.clock)
        while True:
            await ValueChange(resp)
            while _val(resp) not in (0, None):
                await clk_edge
                if _bit(valid) and _bit(ready) and _val(resp) not in (0, None):
                    if self._job_active and self._error_seen is None:
                        self._error_seen = (ch.upper(), _val(resp), get_sim_time("ns"))
                        self.log.info("error response %s on %s at %.0f ns: no new AR/AW may "
                                      "follow in this job", {2: "SLVERR", 3: "DECERR"}.get(
                                          _val(resp), _val(resp)), ch.upper(),
                                      self._error_seen[2])

    # -- the checks ----------------------------------------------------------------------------
    def check(self, burst: Burst) -> list[Violation]:
        """Check one burst; returns the violations it caused (also recorded)."""
        found: list[Violation] = []
        self.bursts_checked += 1
        self.bursts[burst.channel] += 1
        self.bytes_checked += burst.nbytes
        limit = self.limit
        if burst.last > limit:
            found.append(self._violation("limit", burst, f"last byte 0x{burst.last:x} is above "
                                                         f"the device limit"))
        if burst.last > self.bus_top:
            found.append(self._violation("wrap", burst, f"range runs past 2^{self.addr_width}-1 "
                                                        f"and would wrap to 0"))
        if burst.first // PAGE != burst.last // PAGE:
            found.append(self._violation("4k", burst, "burst crosses a 4 KiB boundary"))
        mapping = self._mapping_for(burst)
        if mapping is None:
            found.append(self._violation("unmapped", burst, "range is not inside a live mapping "
                                                            "of this device"))
        else:
            ok = (mapping.allows_device_read() if burst.channel == "AR"
                  else mapping.allows_device_write())
            if not ok:
                found.append(self._violation(
                    "direction", burst, f"mapping direction {mapping.direction.name} "
                                        f"({mapping.kind.name}) forbids a device "
                                        f"{'read' if burst.channel == 'AR' else 'write'}"))
            if self._job_active:
                v = self._check_forward(burst, mapping)
                if v is not None:
                    found.append(v)
        if (self._job_active and self._error_seen is not None and burst.issued_ns is not None
                and burst.issued_ns > self._error_seen[2] + self.period_ns):
            ch, resp, t = self._error_seen
            found.append(self._violation(
                "after-error", burst, f"new burst issued after the {ch} error response at "
                                      f"{t:.0f} ns (the engine must stop issuing AR/AW)"))
        if self.log_bursts:
            self.log.info("burst %s%s", burst.describe(), " VIOLATION" if found else "")
        for listener in self.listeners:
            listener("burst", burst)
        for v in found:
            for listener in self.listeners:
                listener("violation", v)
        if found and self.status_signal is not None:
            try:
                self.status_signal.value = 1
            except Exception:  # pragma: no cover - optional signal
                pass
        if found and self.fail_fast:
            raise AssertionError(found[0].message)
        return found

    def _mapping_for(self, burst: Burst):
        dev = self.device
        m = dev.find_mapping(burst.first, burst.nbytes)
        if m is not None:
            return m
        # Full-width beats: tolerate the unused head of the first beat and tail of the last
        # beat (see module docstring): accept a mapping that, rounded out to whole beats,
        # contains the burst.
        size = burst.size
        beat0 = burst.first - burst.first % size
        for probe in range(beat0, beat0 + size):
            m = dev.find_mapping(probe, 1)
            if m is None:
                continue
            lo = m.dma_addr - m.dma_addr % size
            hi = m.end - m.end % size + size - 1
            if lo <= burst.first and burst.last <= hi:
                return m
        return None

    def _check_forward(self, burst: Burst, mapping) -> Violation | None:
        if burst.channel == "AR" and self._desc_chain and burst.first in self._desc_chain:
            expect = (self._desc_chain[self._desc_pos] if self._desc_pos < len(self._desc_chain)
                      else None)
            if burst.first != expect:
                return self._violation("backward", burst,
                                       f"descriptor fetch out of chain order (expected "
                                       f"{'nothing' if expect is None else hex(expect)})")
            self._desc_pos += 1
            return None
        key = (burst.channel, mapping.dma_addr, mapping.size)
        st = self._streams.setdefault(key, _Stream())
        if burst.first <= st.last_first:
            return self._violation("backward", burst,
                                   f"moves backward within its stream (previous burst started "
                                   f"at 0x{st.last_first:x})")
        st.last_first = burst.first
        return None

    def _violation(self, rule: str, burst: Burst, what: str) -> Violation:
        near = None
        try:
            near = self.device.nearest_mapping(burst.first)
        except Exception as exc:  # pragma: no cover - registry failure is itself reported
            near = f"<nearest_mapping failed: {exc}>"
        if near is None:
            near_s = "none (no live mappings)"
        elif isinstance(near, str):
            near_s = near
        else:
            near_s = (f"[0x{near.dma_addr:x}, 0x{near.end:x}] {near.kind.name} "
                      f"{near.direction.name} cpu=0x{near.cpu_addr:x}")
        msg = (f"GUARD VIOLATION [{rule}] {burst.describe()}: {what}; device limit "
               f"0x{self.limit:x} (ADDR_WIDTH {self.addr_width}); nearest mapping {near_s}; "
               f"sim time {burst.time_ns:.0f} ns")
        v = Violation(rule, burst, msg)
        self.violations.append(v)
        self.log.error("%s", msg)
        return v

    # -- reporting -----------------------------------------------------------------------------
    def summary(self) -> dict:
        return {"bursts_checked": self.bursts_checked, "bytes_checked": self.bytes_checked,
                "bursts_ar": self.bursts["AR"], "bursts_aw": self.bursts["AW"],
                "violations": len(self.violations)}


def _val(sig):
    try:
        return int(sig.value)
    except ValueError:
        return None


def _bit(sig) -> bool:
    try:
        return bool(int(sig.value))
    except ValueError:
        return False
