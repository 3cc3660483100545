"""A lean AXI4 memory responder for throughput measurement, and a handshake counter.

``LeanAxiMem``: zero-wait slave for the engine's ``m_axi`` port over a ``bytearray``. Every
ready is held at 1, R and B are driven from one coroutine that wakes once per clock edge; a read
burst whose AR handshake happened at edge k presents its first beat so that the R handshake can
happen at edge ``k + read_latency`` (``read_latency=1`` is zero-wait: data in the cycle after
the address), then one beat per cycle with no gaps. Read latency is pipelined: every burst is
delayed by the same number of cycles, later ARs are accepted meanwhile (a delay queue, as in a
real memory controller), so latency costs throughput only if the master has too few bursts
outstanding to cover it. Writes: any number of AW may be accepted ahead of W; W beats are
written with their strobes; the B response is presented the cycle after WLAST.

``HandshakeCounter``: independent of any memory model, it samples VALID and READY of AR, R, AW,
W, B and of the AXI-Lite AW/R channels at every rising edge and records counts and the cycles of
the first/last handshake since ``arm()``.
"""

from __future__ import annotations

from collections import deque

from cocotb.triggers import RisingEdge


def _b(sig) -> int:
    try:
        return int(sig.value)
    except ValueError:
        return 0


def _int(sig) -> int:
    v = sig.value
    try:
        return int(v)
    except ValueError:  # X/Z on lanes whose strobe is 0
        return int("".join(c if c in "01" else "0" for c in str(v)), 2)


class LeanAxiMem:
    def __init__(self, dut, clock, size: int, read_latency: int = 1, prefix: str = "m_axi",
                 period_ns: float = 10.0):
        self.dut, self.clock, self.period = dut, clock, period_ns
        self.mem = bytearray(size)
        self.read_latency = max(1, int(read_latency))
        self.nb = len(getattr(dut, f"{prefix}_rdata")) // 8
        g = lambda n: getattr(dut, f"{prefix}_{n}")  # noqa: E731
        self.s = {n: g(n) for n in ("arvalid", "arready", "araddr", "arlen", "rvalid", "rready",
                                    "rdata", "rlast", "rresp", "rid", "awvalid", "awready",
                                    "awaddr", "awlen", "wvalid", "wready", "wdata", "wstrb",
                                    "wlast", "bvalid", "bready", "bresp", "bid")}
        self.task = None
        self.cycle = 0
        self.arm()

    def arm(self):
        """Restart the handshake statistics (counts, first/last handshake cycles)."""
        self.count = {c: 0 for c in ("ar", "r", "aw", "w", "b")}
        self.first = dict.fromkeys(self.count)
        self.last = dict.fromkeys(self.count)

    def _hs(self, ch: str, cyc: int) -> None:
        self.count[ch] += 1
        if self.first[ch] is None:
            self.first[ch] = cyc
        self.last[ch] = cyc

    def start(self):
        import cocotb
        s = self.s
        s["arready"].value = 1
        s["awready"].value = 1
        s["wready"].value = 1
        for n in ("rvalid", "rlast", "rresp", "rid", "bvalid", "bresp", "bid", "rdata"):
            s[n].value = 0
        self.task = cocotb.start_soon(self._run())
        return self

    def stop(self):
        if self.task is not None:
            self.task.cancel()
            self.task = None

    async def _run(self):
        s = self.s
        arvalid, araddr, arlen = s["arvalid"], s["araddr"], s["arlen"]
        rvalid, rready, rdata, rlast = s["rvalid"], s["rready"], s["rdata"], s["rlast"]
        awvalid, awaddr, awlen = s["awvalid"], s["awaddr"], s["awlen"]
        wvalid, wdata, wstrb, wlast = s["wvalid"], s["wdata"], s["wstrb"], s["wlast"]
        bvalid, bready = s["bvalid"], s["bready"]
        mem, nb = self.mem, self.nb
        full = (1 << nb) - 1
        lat = self.read_latency - 1
        rq: deque = deque()   # [present_from_cycle, addr, beats_left]
        aq: deque = deque()   # [addr, beats_left] write bursts whose data is still due
        wpend: deque = deque()  # W beats seen before their AW: (data, strb, last)
        nb_pending = 0        # B responses owed
        r_on = False          # we present a beat on R this cycle
        r_last = False
        b_on = False
        edge = RisingEdge(self.clock)
        hs = self._hs
        count = self.count
        from cocotb.utils import get_sim_time
        await edge
        cyc = round(get_sim_time("ns") / self.period) - 1
        while True:
            cyc += 1
            self.cycle = cyc
            if count is not self.count:
                count = self.count
            # --- sample what this edge saw (handshakes: our ready/valid known, theirs read) --
            if r_on and _b(rready):
                count["r"] += 1
                self.last["r"] = cyc
                if self.first["r"] is None:
                    self.first["r"] = cyc
                cur = rq[0]
                cur[1] += nb
                cur[2] -= 1
                if cur[2] == 0:
                    rq.popleft()
            if _b(arvalid):
                hs("ar", cyc)
                a = int(araddr.value)
                rq.append([cyc + lat, a - a % nb, int(arlen.value) + 1])
            if b_on and _b(bready):
                hs("b", cyc)
                nb_pending -= 1
            if _b(awvalid):
                hs("aw", cyc)
                a = int(awaddr.value)
                aq.append([a - a % nb, int(awlen.value) + 1])
            if _b(wvalid):
                count["w"] += 1
                wpend.append((_int(wdata), _int(wstrb), _b(wlast)))
            while wpend and aq:
                data, strb, last = wpend.popleft()
                cur = aq[0]
                a = cur[0]
                if strb == full:
                    mem[a:a + nb] = data.to_bytes(nb, "little")
                elif strb:
                    bs = data.to_bytes(nb, "little")
                    for i in range(nb):
                        if strb >> i & 1:
                            mem[a + i] = bs[i]
                cur[0] += nb
                cur[1] -= 1
                if cur[1] == 0:
                    aq.popleft()
                    nb_pending += 1
            # --- drive the next cycle ------------------------------------------------------
            if rq and rq[0][0] <= cyc:
                cur = rq[0]
                a = cur[1]
                rdata.value = int.from_bytes(mem[a:a + nb], "little")
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
            if nb_pending and not b_on:
                bvalid.value = 1
                b_on = True
            elif not nb_pending and b_on:
                bvalid.value = 0
                b_on = False
            await edge


class LiteWatch:
    """Cycle of the first AXI-Lite AW handshake and of the last R handshake since ``arm()``;
    wakes only on VALID edges (cheap), cycle = simulation time / clock period."""

    def __init__(self, dut, clock, period_ns: float, prefix: str = "s_axil"):
        self.dut, self.clock, self.period = dut, clock, period_ns
        self.p = prefix
        self.tasks = []
        self.arm()

    def arm(self):
        self.first_aw = None
        self.last_r = None

    def start(self):
        import cocotb
        self.tasks = [cocotb.start_soon(self._watch("aw")), cocotb.start_soon(self._watch("r"))]
        return self

    def stop(self):
        for t in self.tasks:
            t.cancel()

    async def _watch(self, ch: str):
        from cocotb.utils import get_sim_time
        valid = getattr(self.dut, f"{self.p}_{ch}valid")
        ready = getattr(self.dut, f"{self.p}_{ch}ready")
        edge = RisingEdge(self.clock)
        while True:
            if not _b(valid):
                await RisingEdge(valid)
            await edge
            if _b(valid) and _b(ready):
                c = round(get_sim_time("ns") / self.period)
                if ch == "aw":
                    if self.first_aw is None:
                        self.first_aw = c
                else:
                    self.last_r = c


class HandshakeCounter:
    """Per-edge handshake counts on AR, R, AW, W, B, independent of the memory model (used with
    cocotbext-axi's AxiRam). Same interface as LeanAxiMem's statistics."""

    CH = ("ar", "r", "aw", "w", "b")

    def __init__(self, dut, clock, prefix: str = "m_axi", period_ns: float = 10.0):
        self.dut, self.clock, self.period = dut, clock, period_ns
        self.sig = [(c, getattr(dut, f"{prefix}_{c}valid"), getattr(dut, f"{prefix}_{c}ready"))
                    for c in self.CH]
        self.task = None
        self.arm()

    def arm(self):
        self.count = {c: 0 for c in self.CH}
        self.first = dict.fromkeys(self.CH)
        self.last = dict.fromkeys(self.CH)

    def start(self):
        import cocotb
        self.task = cocotb.start_soon(self._run())
        return self

    def stop(self):
        if self.task is not None:
            self.task.cancel()

    async def _run(self):
        from cocotb.utils import get_sim_time
        edge = RisingEdge(self.clock)
        await edge
        cyc = round(get_sim_time("ns") / self.period) - 1
        while True:
            cyc += 1
            for ch, v, r in self.sig:
                if _b(v) and _b(r):
                    self.count[ch] += 1
                    if self.first[ch] is None:
                        self.first[ch] = cyc
                    self.last[ch] = cyc
            await edge
