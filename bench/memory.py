"""AxiMemory: the bench's one AXI4 memory, serving a DMA master's port from a byte store.

The store is ``models.PhysicalMemory`` (sparse: a 2**64-byte one costs nothing until written) or
any object with ``read(addr, n) -> bytes``, ``write(addr, data)`` and ``size``. Bus addresses are
zero-extended into it (no IOMMU: DMA address == physical address); an access outside it answers
DECERR. The port is bound through ``BusPorts`` (separate read/write prefixes, renamed signals,
active-low reset).

Two responders, one class:

- ``lean=False`` (default): cocotbext-axi ``AxiSlave`` (not ``AxiRam``, which wraps addresses
  modulo its size and would hide exactly the aliasing bugs the bench hunts). Modes: error windows
  (``inject``, from ``bench.error_windows``: SLVERR or DECERR on reads, writes or both),
  per-access latency (``read_latency``/``write_latency`` clocks spent in the target per beat),
  seeded random back-pressure per channel (``set_backpressure``). cocotbext-axi 0.1.28 answers
  any exception of the target with SLVERR; DECERR is obtained by rewriting that response on its
  way out (the R and B sources' ``send``). X/Z in W byte lanes whose strobe is 0 are don't-care
  and cleared before cocotbext-axi reads them; X/Z in a strobed lane is an error.
- ``lean=True``: a zero-wait responder that wakes once per clock edge (for throughput figures):
  AR, AW and W always ready; a read burst's first R handshake comes exactly ``read_latency``
  cycles after its AR handshake (``read_latency`` <= 1: the next cycle), then one beat per cycle;
  the read latency is *pipelined* (later ARs are accepted meanwhile, like a memory controller);
  B follows WLAST by one cycle. No errors, no back-pressure in this mode.
"""

from __future__ import annotations

import itertools
import logging
import random
from collections import deque

from bench.error_windows import ErrorWindow, WindowedStore
from bench.ports import BusPorts

CHANNELS = ("ar", "r", "aw", "w", "b")


class BusErrorInjected(Exception):
    """Raised by the target for an injected error; ``kind`` is "SLVERR" or "DECERR"."""

    def __init__(self, kind: str, address: int, what: str):
        super().__init__(f"{kind} injected: {what} at 0x{address:x}")
        self.kind = kind
        self.address = address


class _Target:
    """The ``target`` of ``AxiSlave``: async read/write on the store, errors and latency."""

    def __init__(self, owner: "AxiMemory"):
        self.owner = owner
        self.pending_read_kind: str | None = None
        self.pending_write_kind: str | None = None

    def _check(self, address: int, length: int, what: str) -> None:
        kind = self.owner.fault(address, length, what)
        if kind is not None:
            raise BusErrorInjected(kind, address, what)

    async def read(self, address: int, length: int) -> bytes:
        o = self.owner
        if o.read_latency:
            await o._cycles(o.read_latency)
        try:
            self._check(address, length, "read")
        except BusErrorInjected as exc:
            self.pending_read_kind = exc.kind
            raise
        return o.read(address, length)

    async def write(self, address: int, data: bytes) -> None:
        o = self.owner
        if o.write_latency:
            await o._cycles(o.write_latency)
        try:
            self._check(address, len(data), "write")
        except BusErrorInjected as exc:
            if self.pending_write_kind != "DECERR":  # DECERR wins within one burst
                self.pending_write_kind = exc.kind
            raise
        o.write(address, data)


class AxiMemory(WindowedStore):
    """Serves the AXI4 master port ``ports`` of ``dut`` from ``memory``; see the module
    docstring. Starts serving at construction; ``stop()`` ends a lean responder."""

    def __init__(self, dut, memory, ports: BusPorts = BusPorts(), *, lean: bool = False,
                 read_latency: int = 0, write_latency: int = 0):
        super().__init__()
        self.dut = dut
        self.ports = ports
        self.lean = lean
        self.log = logging.getLogger("cocotb.bench.memory")
        self.memory = memory
        self.read_latency = read_latency
        self.write_latency = write_latency
        self.responses: dict[str, int] = {}  # "R:OKAY", "B:DECERR", ... as sent
        self.clock = ports.clock_signal(dut)
        self._task = None
        self.slave = None
        if lean:
            if write_latency:
                raise ValueError(f"write_latency={write_latency}: the lean responder is "
                                 f"zero-wait on writes")
            self._start_lean()
        else:
            self._target = _Target(self)
            from cocotbext.axi import AxiSlave

            self.slave = AxiSlave(ports.axi_bus(dut), self.clock, ports.reset_signal(dut),
                                  target=self._target,
                                  reset_active_level=not ports.reset_active_low)
            self._wrap_response(self.slave.read_if.r_channel, "rresp", "pending_read_kind")
            self._wrap_response(self.slave.write_if.b_channel, "bresp", "pending_write_kind")
            self._wrap_w_sampling(self.slave.write_if.w_channel)
        self.log.info("AxiMemory: %s responder, store size %s, read latency %d, write latency "
                      "%d cycles", "lean" if lean else "AxiSlave",
                      hex(self.size) if self.size is not None else "?", read_latency,
                      write_latency)

    # -- modes ---------------------------------------------------------------------------------
    def _need_slave(self, what: str) -> None:
        if self.lean:
            raise ValueError(f"{what}: not available with the lean responder (lean=True)")

    def inject(self, start: int, end: int, kind: str = "SLVERR", on: str = "rw") -> ErrorWindow:
        """Make accesses touching [start, end] (inclusive) answer ``kind`` (AxiSlave responder)."""
        self._need_slave("inject")
        return super().inject(start, end, kind, on)

    def set_latency(self, read: int = 0, write: int = 0) -> None:
        """Clock cycles the target spends per access (AxiSlave responder)."""
        self._need_slave("set_latency")
        self.read_latency, self.write_latency = read, write
        self.log.info("latency: read %d, write %d cycles per access", read, write)

    def set_backpressure(self, probability: float = 0.3, seed: int = 0,
                         channels=CHANNELS) -> None:
        """Pause each named channel ("ar", "r", "aw", "w", "b") at random with ``probability``
        per cycle, from a generator seeded by ``seed`` and the channel (0 clears)."""
        self._need_slave("set_backpressure")
        if not 0.0 <= probability < 1.0:
            raise ValueError(f"back-pressure probability {probability}: must be in [0, 1)")
        for name in channels:
            if name not in CHANNELS:
                raise ValueError(f"channel {name!r}: must be one of {', '.join(CHANNELS)}")
            ch = self._channel(name)
            if probability == 0:
                ch.clear_pause_generator()
                continue
            rng = random.Random(seed * 131 + CHANNELS.index(name))
            ch.set_pause_generator(rng.random() < probability for _ in itertools.count())
        self.log.info("back-pressure p=%.2f on %s (seed %d)", probability, ",".join(channels),
                      seed)

    def _channel(self, name: str):
        s = self.slave
        return {"ar": s.read_if.ar_channel, "r": s.read_if.r_channel,
                "aw": s.write_if.aw_channel, "w": s.write_if.w_channel,
                "b": s.write_if.b_channel}[name]

    async def _cycles(self, n: int) -> None:
        from cocotb.triggers import ClockCycles
        await ClockCycles(self.clock, n)

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None

    # -- AxiSlave adjustments ------------------------------------------------------------------
    def _wrap_response(self, channel, field: str, pending: str) -> None:
        from cocotbext.axi.constants import AxiResp

        target, counts, orig_send = self._target, self.responses, channel.send
        ch = field[0].upper()

        async def send(obj):
            if int(getattr(obj, field)) == AxiResp.SLVERR and getattr(target, pending) == "DECERR":
                setattr(obj, field, AxiResp.DECERR)
            resp = AxiResp(int(getattr(obj, field))).name
            counts[f"{ch}:{resp}"] = counts.get(f"{ch}:{resp}", 0) + 1
            if field == "bresp" or int(getattr(obj, field)) != AxiResp.OKAY:
                setattr(target, pending, None)
            await orig_send(obj)

        channel.send = send

    def _wrap_w_sampling(self, channel) -> None:
        orig_recv = channel.recv
        lanes = len(channel.bus.wstrb)
        wdata = self.ports.signal_name("wdata")

        async def recv():
            w = await orig_recv()
            data = str(w.wdata)
            if data.strip("01"):
                strb = int(w.wstrb)
                bits = list(data)  # MSB first
                for lane in range(lanes):
                    hi = len(bits) - 8 * lane
                    if any(c not in "01" for c in bits[hi - 8:hi]):
                        if strb >> lane & 1:
                            raise AssertionError(f"{wdata} lane {lane} is strobed but holds X/Z: "
                                                 f"wdata={data} wstrb=0x{strb:x}")
                        bits[hi - 8:hi] = "0" * 8
                w.wdata = int("".join(bits), 2)
            return w

        channel.recv = recv

    # -- the lean responder --------------------------------------------------------------------
    def _start_lean(self) -> None:
        import cocotb

        p, dut = self.ports, self.dut
        for name in ("arready", "awready", "wready"):
            p.signal(dut, name).value = 1
        for name in ("rvalid", "rlast", "rresp", "rid", "bvalid", "bresp", "bid", "rdata"):
            if p.has_signal(dut, name):
                p.signal(dut, name).value = 0
        self._task = cocotb.start_soon(self._run_lean())

    async def _run_lean(self) -> None:
        from cocotb.triggers import RisingEdge

        p, dut = self.ports, self.dut
        s = {n: p.signal(dut, n) for n in ("arvalid", "araddr", "arlen", "rvalid", "rready",
                                           "rdata", "rlast", "awvalid", "awaddr", "awlen",
                                           "wvalid", "wdata", "wstrb", "wlast", "bvalid",
                                           "bready")}
        arvalid, araddr, arlen = s["arvalid"], s["araddr"], s["arlen"]
        rvalid, rready, rdata, rlast = s["rvalid"], s["rready"], s["rdata"], s["rlast"]
        awvalid, awaddr, awlen = s["awvalid"], s["awaddr"], s["awlen"]
        wvalid, wdata, wstrb = s["wvalid"], s["wdata"], s["wstrb"]
        bvalid, bready = s["bvalid"], s["bready"]
        nb = len(rdata) // 8
        full = (1 << nb) - 1
        lat = max(1, self.read_latency) - 1
        rq: deque = deque()  # [present from cycle, next beat address, beats left]
        aq: deque = deque()  # [next beat address, beats left] of write bursts awaiting data
        wpend: deque = deque()  # W beats seen before their AW: (data, strobes)
        b_owed = 0
        r_on = r_last = b_on = False
        edge = RisingEdge(self.clock)
        cyc = 0
        while True:
            await edge
            cyc += 1
            # what this edge sampled (our ready/valid are known, theirs are read)
            if r_on and _b(rready):
                cur = rq[0]
                cur[1] += nb
                cur[2] -= 1
                if cur[2] == 0:
                    rq.popleft()
            if _b(arvalid):
                a = int(araddr.value)
                rq.append([cyc + lat, a - a % nb, int(arlen.value) + 1])
            if b_on and _b(bready):
                b_owed -= 1
            if _b(awvalid):
                a = int(awaddr.value)
                aq.append([a - a % nb, int(awlen.value) + 1])
            if _b(wvalid):
                wpend.append((_int(wdata), _int(wstrb)))
            while wpend and aq:
                data, strb = wpend.popleft()
                cur = aq[0]
                if strb == full:
                    self._memory.write(cur[0], data.to_bytes(nb, "little"))
                elif strb:
                    old = bytearray(self._memory.read(cur[0], nb))
                    new = data.to_bytes(nb, "little")
                    for i in range(nb):
                        if strb >> i & 1:
                            old[i] = new[i]
                    self._memory.write(cur[0], bytes(old))
                cur[0] += nb
                cur[1] -= 1
                if cur[1] == 0:
                    aq.popleft()
                    b_owed += 1
            # drive the next cycle
            if rq and rq[0][0] <= cyc:
                cur = rq[0]
                rdata.value = int.from_bytes(self._memory.read(cur[1], nb), "little")
                last = cur[2] == 1
                if last != r_last:
                    rlast.value = int(last)
                    r_last = last
                if not r_on:
                    rvalid.value = 1
                    r_on = True
            elif r_on:
                rvalid.value = 0
                r_on = False
            if b_owed and not b_on:
                bvalid.value = 1
                b_on = True
            elif not b_owed and b_on:
                bvalid.value = 0
                b_on = False


def _b(sig) -> int:
    try:
        return int(sig.value)
    except ValueError:
        return 0


def _int(sig) -> int:
    try:
        return int(sig.value)
    except ValueError:  # X/Z in lanes whose strobe is 0
        return int("".join(c if c in "01" else "0" for c in str(sig.value)), 2)
