"""AddressGuard: checks every AR/AW burst of a DMA master against what its work may touch.

Pure Python (no simulator): it is fed ``Burst`` and ``Response`` events by ``observe`` (an
``AxiMonitor`` subscriber) or bursts by ``check``; times come from the events.

Work in flight is described by *grants*: windows of bus addresses an owner (a job, a ring, ...)
may read, write or both, added when the work is submitted (``grant``/``add_grants``) and removed
when it completes (``release``). Grants are the windows of the buffers the work was given, not
the lengths programmed into the device, so an overrun leaves its grant. Several owners may be in
flight at once.

Rules, in the order they are checked; each violation is one message naming its rule:

- ``limit``: the burst's last byte is above the device limit (``device.dma_mask`` unless given);
- ``wrap``: the burst runs past 2**W - 1, or it starts in the bottom 4 KiB page right after a
  burst of the same channel that reached 2**W - 1 for work still in flight, outside that work's
  grants (the wrapped continuation of a stream, even when every burst respects 4 KiB);
- ``4k``: the burst crosses a 4 KiB boundary;
- ``idle``: an AR/AW while no work is in flight;
- ``outside-job``: no grant of any in-flight work covers the burst;
- ``direction``: only grants whose access forbids the burst cover it, or the live mapping under
  it forbids the device's access (a TO_DEVICE buffer written, a FROM_DEVICE one read);
- ``unmapped``: the burst is granted but not inside a live mapping of the device;
- ``backward``: inside one grant window and channel the bursts only move forward (unless the
  grant says ``forward=False``, e.g. a ring), and descriptor fetches follow the ``ordered``
  list given with the work;
- ``after-error``: a burst issued more than one clock after an SLVERR/DECERR response (which
  stops every owner then in flight) or after ``note_stop`` for its owner (for a burst that
  several owners' grants cover: after every one of them stopped). One clock of grace: a
  registered engine may decide a burst at the very edge that delivers the error.

"Covers" tolerates full-width beats: a burst whose first/last beat shares bytes with a window's
first/last byte may address the rest of that beat (AXI cannot express a narrower beat at full
AxSIZE; writes mask those bytes with WSTRB and the scoreboard's guard bands catch a byte really
written there). The limit and wrap checks have no such tolerance.

A violation message names the rule, the burst, the grant it should have been in (the nearest
grant of the in-flight work that allows its direction), what it hit (another owner's grant, a
live mapping of the device no in-flight work was given, or nothing), the device limit and the
time. Violations are logged, kept in ``violations`` and passed to ``listeners`` with every burst
(``listener("burst", burst)``, ``listener("violation", violation)``).
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from typing import Callable, Hashable, Iterable, Sequence

from bench.monitor import Burst, Response

PAGE = 4096
ACCESSES = ("read", "write", "rw")
RULES = ("limit", "wrap", "4k", "idle", "outside-job", "direction", "unmapped", "backward",
         "after-error")


@dataclass(frozen=True)
class Grant:
    """Bus addresses ``first``..``last`` (inclusive) that ``owner`` may access as ``access``
    ("read": AR only, "write": AW only, "rw": both). ``what`` names the window in messages
    ("src[0]", "dst[1]", "desc[2]", "rx buf 5"). ``forward``: bursts inside this window move
    only forward per channel (False for windows revisited by design, like a ring)."""

    owner: Hashable
    first: int
    last: int
    access: str
    what: str
    forward: bool = True

    def __post_init__(self) -> None:
        if self.access not in ACCESSES:
            raise ValueError(f"Grant {self.what!r}: access {self.access!r} must be one of "
                             f"{', '.join(ACCESSES)}")
        if not (isinstance(self.first, int) and isinstance(self.last, int)
                and 0 <= self.first <= self.last):
            raise ValueError(f"Grant {self.what!r}: window [{self.first!r}, {self.last!r}] must "
                             f"be integers with 0 <= first <= last")

    def allows(self, channel: str) -> bool:
        return self.access == "rw" or self.access == ("read" if channel == "AR" else "write")

    def covers(self, burst: Burst) -> bool:
        return _covers(self.first, self.last, burst)

    def overlaps(self, first: int, last: int) -> bool:
        return self.first <= last and first <= self.last

    def describe(self) -> str:
        return (f"{self.what} of {self.owner!r} [0x{self.first:x}, 0x{self.last:x}] "
                f"{self.access}")


@dataclass(frozen=True)
class Violation:
    rule: str
    burst: Burst
    message: str
    expected: Grant | None = None  # the grant the burst should have been in
    hit: str = ""  # what the burst touched instead


def _covers(first: int, last: int, burst: Burst) -> bool:
    """[first, last] contains the burst, allowing the unused head of its first beat and the
    tail of its last beat (see the module docstring)."""
    if first <= burst.first and burst.last <= last:
        return True
    size = burst.size
    return (first - first % size <= burst.first and burst.last <= last - last % size + size - 1
            and burst.first <= last and first <= burst.last)


@dataclass
class _Work:
    grants: list[Grant] = field(default_factory=list)
    ordered: list[int] = field(default_factory=list)
    next_desc: int = 0
    streams: dict = field(default_factory=dict)  # (grant index, channel) -> last burst start
    stopped: tuple[float, str] | None = None  # (time_ns, why)


class AddressGuard:
    """Checks bursts against the grants of in-flight work; see the module docstring.

    ``device``: a ``models.Device`` (live mappings, ``dma_mask``) or None to check grants only.
    ``period_ns``: the clock period (the after-error grace). ``name`` prefixes log lines.
    """

    def __init__(self, device, addr_width: int, *, limit: int | None = None,
                 period_ns: float = 10.0, name: str = "", log: logging.Logger | None = None):
        if not isinstance(addr_width, int) or not 1 <= addr_width <= 64:
            raise ValueError(f"addr_width {addr_width!r} outside 1..64")
        self.device = device
        self.addr_width = addr_width
        self.bus_top = (1 << addr_width) - 1
        self._limit = limit
        self.period_ns = period_ns
        self.name = name
        self.log = log or logging.getLogger("cocotb.bench.guard")
        self.enabled = True
        # MASKDMA_GUARD_LOG=1 logs every burst (a debugging aid; verbose).
        self.log_bursts = os.environ.get("MASKDMA_GUARD_LOG", "0") not in ("", "0")
        self.listeners: list[Callable[[str, object], None]] = []
        self.violations: list[Violation] = []
        self.bursts_checked = 0
        self.bytes_checked = 0
        self.bursts = {"AR": 0, "AW": 0}
        self.errors_seen: list[Response] = []
        self._work: dict[Hashable, _Work] = {}
        self._top: dict[str, Hashable] = {}  # channel -> owner of a burst that reached 2**W-1

    # -- configuration -------------------------------------------------------------------------
    @property
    def limit(self) -> int:
        """The highest address the device may drive: the given limit, else its DMA mask."""
        if self._limit is not None:
            return self._limit
        mask = getattr(self.device, "dma_mask", None)
        return min(mask, self.bus_top) if isinstance(mask, int) else self.bus_top

    @limit.setter
    def limit(self, value: int | None) -> None:
        self._limit = value

    # -- work in flight ------------------------------------------------------------------------
    @property
    def in_flight(self) -> frozenset:
        return frozenset(self._work)

    def grants(self, owner: Hashable | None = None) -> list[Grant]:
        """The grants of ``owner`` (of every owner in flight when None)."""
        if owner is not None:
            return list(self._work[owner].grants) if owner in self._work else []
        return [g for w in self._work.values() for g in w.grants]

    def grant(self, owner: Hashable, grants: Iterable[Grant], *,
              ordered: Sequence[int] = ()) -> None:
        """Work ``owner`` is submitted: it is in flight with these windows. ``ordered``: the
        descriptor addresses the device must fetch, in this order."""
        if owner in self._work:
            raise ValueError(f"guard: work {owner!r} is already in flight (release it first, or "
                             f"add_grants for more windows)")
        self._work[owner] = _Work()
        self.add_grants(owner, grants)
        self._work[owner].ordered = list(ordered)

    def add_grants(self, owner: Hashable, grants: Iterable[Grant]) -> None:
        """More windows for work already in flight (a ring posting buffers)."""
        work = self._work.get(owner)
        if work is None:
            raise ValueError(f"guard: work {owner!r} is not in flight (grant it first)")
        for g in grants:
            if not isinstance(g, Grant):
                raise TypeError(f"guard: {g!r} is not a Grant")
            if g.owner != owner:
                raise ValueError(f"guard: {g.describe()} belongs to {g.owner!r}, not {owner!r}")
            work.grants.append(g)

    def release(self, owner: Hashable) -> None:
        """Work ``owner`` completed: its windows go away."""
        if self._work.pop(owner, None) is None:
            raise ValueError(f"guard: release of {owner!r}, which is not in flight "
                             f"(in flight: {sorted(map(repr, self._work))})")
        for ch in [c for c, o in self._top.items() if o == owner]:
            del self._top[ch]

    def release_all(self) -> None:
        """Reset: nothing is in flight any more."""
        self._work.clear()
        self._top.clear()

    def note_stop(self, owner: Hashable, time_ns: float, why: str) -> None:
        """The work was stopped (ABORT written at ``time_ns``): the after-error rule applies to
        it from then on."""
        work = self._work.get(owner)
        if work is not None and work.stopped is None:
            work.stopped = (time_ns, why)

    # -- events --------------------------------------------------------------------------------
    def observe(self, event) -> None:
        """Monitor subscriber: check a Burst, note an error Response."""
        if not self.enabled:
            return
        if isinstance(event, Burst):
            self.check(event)
        elif isinstance(event, Response) and event.is_error:
            self.errors_seen.append(event)
            stopped = [o for o, w in self._work.items() if w.stopped is None]
            for owner in stopped:
                self._work[owner].stopped = (event.time_ns,
                                             f"{event.resp_name} on {event.channel}")
            if stopped:
                self.log.info("%s%s on %s at %.0f ns: no new AR/AW may follow for %s",
                              self._prefix(), event.resp_name, event.channel, event.time_ns,
                              ", ".join(map(repr, stopped)))

    # -- the checks ----------------------------------------------------------------------------
    def check(self, burst: Burst) -> list[Violation]:
        """Check one burst now; returns the violations it caused (also recorded)."""
        found: list[Violation] = []
        self.bursts_checked += 1
        self.bursts[burst.channel] += 1
        self.bytes_checked += burst.nbytes
        ch = burst.channel
        limit = self.limit
        if burst.last > limit:
            found.append(self._violation("limit", burst, f"last byte 0x{burst.last:x} is above "
                                                         f"the device limit"))
        if burst.last > self.bus_top:
            found.append(self._violation("wrap", burst, f"range runs past 2^{self.addr_width}-1 "
                                                        f"and would wrap to 0"))
        covering = [g for g in self.grants() if g.covers(burst)]
        allowed = [g for g in covering if g.allows(ch)]
        top_owner = self._top.pop(ch, None)
        if (top_owner in self._work and burst.first < PAGE
                and not any(g.owner == top_owner for g in allowed)):
            found.append(self._violation(
                "wrap", burst, f"lands at the bottom of the bus right after the {ch} burst of "
                               f"{top_owner!r} that reached 2^{self.addr_width}-1 (the stream "
                               f"wrapped)", owner=top_owner))
        if burst.first // PAGE != burst.last // PAGE:
            found.append(self._violation("4k", burst, "burst crosses a 4 KiB boundary"))
        if not self._work:
            found.append(self._violation("idle", burst, "no work is in flight"))
        elif not allowed:
            if covering:
                g = covering[0]
                found.append(self._violation(
                    "direction", burst, f"granted only as {g.access} ({g.what} of {g.owner!r}), "
                                        f"which forbids a device "
                                        f"{'read' if ch == 'AR' else 'write'}"))
            else:
                found.append(self._violation("outside-job", burst,
                                             "no grant of the work in flight covers it"))
        else:
            found.extend(self._check_granted(burst, allowed))
        owners = {g.owner for g in allowed} or set(self._work)
        issued = burst.issued_ns if burst.issued_ns is not None else burst.time_ns
        stops = {o: self._work[o].stopped for o in owners}
        if owners and all(st is not None and issued > st[0] + self.period_ns
                          for st in stops.values()):
            owner, (t, why) = max(stops.items(), key=lambda kv: kv[1][0])
            found.append(self._violation(
                "after-error", burst, f"issued at {issued:.0f} ns, after {why} at {t:.0f} ns "
                                      f"stopped {owner!r} (no new AR/AW may follow)",
                owner=owner))
        if burst.last >= self.bus_top and allowed:
            self._top[ch] = allowed[0].owner
        if self.log_bursts:
            self.log.info("%sburst %s%s", self._prefix(), burst.describe(),
                          " VIOLATION" if found else "")
        for listener in self.listeners:
            listener("burst", burst)
        for v in found:
            for listener in self.listeners:
                listener("violation", v)
        return found

    def _check_granted(self, burst: Burst, allowed: list[Grant]) -> list[Violation]:
        found = []
        if self.device is not None:
            mapping = self._mapping_for(burst)
            if mapping is None:
                found.append(self._violation("unmapped", burst, "granted, but not inside a live "
                                                                "mapping of the device",
                                             expected=allowed[0]))
            elif not (mapping.allows_device_read() if burst.channel == "AR"
                      else mapping.allows_device_write()):
                found.append(self._violation(
                    "direction", burst, f"the live mapping under it ({mapping.describe()}) "
                                        f"forbids a device "
                                        f"{'read' if burst.channel == 'AR' else 'write'}",
                    expected=allowed[0]))
        v = self._check_forward(burst, allowed)
        if v is not None:
            found.append(v)
        return found

    def _check_forward(self, burst: Burst, allowed: list[Grant]) -> Violation | None:
        owner = allowed[0].owner
        work = self._work[owner]
        if burst.channel == "AR" and burst.first in work.ordered:
            pos = work.next_desc
            expect = work.ordered[pos] if pos < len(work.ordered) else None
            if burst.first != expect:
                return self._violation(
                    "backward", burst, f"descriptor fetch out of chain order (expected "
                                       f"{'no further fetch' if expect is None else hex(expect)}"
                                       f", fetch {pos} of {len(work.ordered)})",
                    expected=allowed[0])
            work.next_desc += 1
            return None
        streams = work.streams
        first_key = None
        for g in allowed:
            if not g.forward or g.owner != owner:
                continue
            key = (work.grants.index(g), burst.channel)
            first_key = first_key or key
            prev = streams.get(key)
            if prev is None or burst.first > prev:
                streams[key] = burst.first
                return None
        if first_key is None:
            return None
        g = work.grants[first_key[0]]
        return self._violation("backward", burst, f"moves backward inside {g.what} (previous "
                                                  f"{burst.channel} burst there started at "
                                                  f"0x{streams[first_key]:x})", expected=g)

    def _mapping_for(self, burst: Burst):
        dev = self.device
        m = dev.find_mapping(burst.first, burst.nbytes)
        if m is not None:
            return m
        size = burst.size
        beat0 = burst.first - burst.first % size
        for probe in range(beat0, beat0 + size):
            m = dev.find_mapping(probe, 1)
            if m is not None and _covers(m.dma_addr, m.end, burst):
                return m
        return None

    # -- messages ------------------------------------------------------------------------------
    def _nearest_grant(self, burst: Burst, owner=None) -> Grant | None:
        pool = [g for g in self.grants(owner) if g.allows(burst.channel)]
        if not pool and owner is not None:
            pool = [g for g in self.grants(owner)]
        if not pool:
            pool = [g for g in self.grants() if g.allows(burst.channel)]

        def distance(g: Grant) -> int:
            if g.overlaps(burst.first, burst.last):
                return 0
            return g.first - burst.last if g.first > burst.last else burst.first - g.last

        return min(pool, key=distance) if pool else None

    def _hit(self, burst: Burst, expected: Grant | None) -> str:
        parts = []
        for g in self.grants():
            if g.overlaps(burst.first, burst.last) and (expected is None
                                                        or g.owner != expected.owner):
                parts.append(f"grant {g.describe()} of other work")
        if self.device is not None:
            granted = self.grants()
            for m in self.device.mappings():
                lo, hi = max(m.dma_addr, burst.first), min(m.end, burst.last)
                if lo <= hi and not any(g.first <= lo and hi <= g.last for g in granted):
                    parts.append(f"live mapping {m.describe()} of device "
                                 f"{getattr(self.device, 'name', self.device)} that no work in "
                                 f"flight was given")
        return "; ".join(parts) if parts else "nothing (no other work's grant, no ungranted live mapping)"

    def _violation(self, rule: str, burst: Burst, what: str, *, owner=None,
                   expected: Grant | None = None) -> Violation:
        if expected is None:
            expected = self._nearest_grant(burst, owner)
        hit = self._hit(burst, expected)
        where = (expected.describe() if expected is not None
                 else "none (no work in flight)" if not self._work else "none")
        msg = (f"GUARD VIOLATION [{rule}] {self._prefix()}{burst.describe()}: {what}; "
               f"should be in: {where}; hit: {hit}; device limit 0x{self.limit:x} "
               f"(ADDR_WIDTH {self.addr_width}); sim time {burst.time_ns:.0f} ns")
        v = Violation(rule, burst, msg, expected, hit)
        self.violations.append(v)
        self.log.error("%s", msg)
        return v

    def _prefix(self) -> str:
        return f"{self.name}: " if self.name else ""

    # -- reporting -----------------------------------------------------------------------------
    def summary(self) -> dict:
        return {"bursts_checked": self.bursts_checked, "bytes_checked": self.bytes_checked,
                "bursts_ar": self.bursts["AR"], "bursts_aw": self.bursts["AW"],
                "violations": len(self.violations)}
