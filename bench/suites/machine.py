"""pyuvm tests of one machine with four DMA devices (``hdl/tb/machine_tb.v``, ``bench.machine``).

- ``machine_traffic``: random traffic on every device at once (copies on the 24-, 32- and 64-bit
  copy engines, TX and RX packets on the 30-bit NIC), then one packet through three devices: the
  NIC receives it into a buffer, the 24-bit engine copies it to another buffer, the NIC sends it
  (one memory behind every port). 0 guard violations, every byte checked, quiescent at the end.
- ``pool_contention``: ``maskzone=force`` (every device allocates from the one 64 MiB pool). At
  boot the ISA device reserves its buffers (a mempool); then the 32- and 64-bit devices allocate
  heavily (mempools and coherent buffers, 48 MiB) while every copy engine runs traffic; then the
  NIC comes up ("ifup": its RX buffer pool of 32 x 2 KiB, its rings) and moves packets. The 24-
  and 30-bit devices still get their buffers; the pool pages per device at the peak are recorded
  (``pool`` in the result).
- ``pre2008_starves_nic``: the same scenario on a machine with the pre-2008 zone policy (a mask
  below 4 GiB falls back to the 16 MiB zone): the NIC gets ENOMEM (b44 "ENOMEM after uptime");
  the result names the starved device.
- ``nic_strict_refusal``: the NIC is handed a TX buffer above its limit (no grant): it must
  refuse it (STATUS ERR ADDR_RANGE) without a burst. Fails on a build without the range check.

Each test writes ``machine_<test>.json`` (per device: width, jobs, packets, bytes, bursts
checked, violations, bounced, every buffer's placement) into MASKDMA_RESULT_DIR.
"""

from __future__ import annotations

import cocotb
import pyuvm
from cocotb.triggers import ClockCycles
from pyuvm import uvm_test

import models

from bench.adapter import Copy, Window
from bench.machine import MachineBench, copy_job, random_packet, receive_packets, send_packets

KiB, MiB = 1 << 10, 1 << 20
PLACES = ("low", "low", "high", "coherent")


class MachineTest(uvm_test):
    """Builds the machine (``layout``, ``zone_policy``), starts every device, runs ``body``,
    checks violations and scoreboards, retires the machine, writes the result record."""

    layout = "traffic"
    zone_policy = "mask"

    def build_phase(self):
        self.bench = MachineBench(cocotb.top, test_name=type(self).__name__)
        self.bench.build(self.layout, self.zone_policy)
        self.extra: dict = {}

    async def run_phase(self):
        self.raise_objection()
        try:
            await self.bench.start()
            await self.body()
            await self.bench.retire()
            self.extra["quiescent"] = True
        finally:
            self.bench.write_results(self.bench.results(self.extra))
            self.drop_objection()

    async def body(self):
        raise NotImplementedError

    def check_phase(self):
        for name, slot in self.bench.slots.items():
            v = slot.guard.violations
            assert not v, f"{name}: {len(v)} guard violation(s); first: {v[0].message}"
            errs = slot.errors
            assert not errs, f"{name}: {len(errs)} scoreboard error(s); first: {errs[0]}"

    def report_phase(self):
        for name, rec in self.bench.results(self.extra)["devices"].items():
            self.logger.info("%s w%d: %d jobs, %d bytes, %d bursts checked, %d violations, %d "
                             "bounced", name, rec["width"], rec["jobs"], rec["bytes_moved"],
                             rec["bursts_checked"], rec["violations"], rec["bounced"])


async def _gather(*coros):
    tasks = [cocotb.start_soon(c) for c in coros]
    for t in tasks:
        await t


async def copy_traffic(slot, jobs: int, max_size: int = 1536, places=PLACES):
    for j in range(jobs):
        size = slot.rng.randint(1, max_size)
        await copy_job(slot, (slot.rng.choice(places), slot.rng.choice(places)), size,
                       f"{slot.name}-job{j}")


async def nic_tx_traffic(slot, works: int, place_choices=("low", "low", "high")):
    for j in range(works):
        pkts = [random_packet(slot.rng) for _ in range(slot.rng.randint(1, 3))]
        await send_packets(slot, pkts, slot.rng.choice(place_choices), f"tx{j}")


async def nic_rx_traffic(slot, works: int, place_choices=("low", "low", "high")):
    for j in range(works):
        pkts = [random_packet(slot.rng) for _ in range(slot.rng.randint(1, 3))]
        await receive_packets(slot, pkts, slot.rng.choice(place_choices), f"rx{j}")


async def relay(bench: MachineBench, size: int = 700) -> bytes:
    """NIC RX into A, d24 copies A to B, NIC TX from B: one memory behind every port."""
    nic, isa = bench["nic"], bench["d24"]
    pkt = random_packet(nic.rng, size, size)
    m = bench.machine
    lim = min(nic.mask, isa.mask)
    a = m.get_pages_mask(models.GFP_KERNEL, 4096, lim)
    b = m.get_pages_mask(models.GFP_KERNEL, 4096, lim)
    assert a is not None and b is not None, "relay: no page below 16 MiB"
    try:
        m.memory.write(a, bytes(len(pkt)))  # the CPU never writes the packet: the NIC does
        rx = nic.driver.map_single(a, -(-len(pkt) // 8) * 8, models.DMA_FROM_DEVICE)
        work = nic.work.make_stream("rx", [Copy(0, rx.handle, rx.size)], packets=[pkt],
                                    name="relay-rx-A",
                                    writes=[Window.of(rx.handle, rx.size, "rx buf A")])
        await nic.work.run(work)
        nic.driver.unmap(rx)
        nic.work.retired(work)
        assert bytes(m.memory.read(a, len(pkt))) == pkt, "relay: NIC did not land the packet at A"
        src = isa.driver.map_single(a, len(pkt), models.DMA_TO_DEVICE)
        dst = isa.driver.map_single(b, len(pkt), models.DMA_FROM_DEVICE)
        cw = isa.work.make([Copy(src.handle, dst.handle, len(pkt))], name="relay-copy",
                           reads=[Window.of(src.handle, src.size, "src A")],
                           writes=[Window.of(dst.handle, dst.size, "dst B")])
        await isa.work.run(cw)
        isa.driver.unmap(src)
        isa.driver.unmap(dst)
        isa.work.retired(cw)
        tx = nic.driver.map_single(b, len(pkt), models.DMA_TO_DEVICE)
        tw = nic.work.make_stream("tx", [Copy(tx.handle, 0, len(pkt))], name="relay-tx-B",
                                  reads=[Window.of(tx.handle, tx.size, "tx buf B")])
        res = await nic.work.run(tw)
        nic.driver.unmap(tx)
        nic.work.retired(tw)
        assert res.packets == [pkt], "relay: the frame sent from B is not the packet received"
    finally:
        m.free_pages_mask(a, 4096)
        m.free_pages_mask(b, 4096)
    return pkt


@pyuvm.test()
class machine_traffic(MachineTest):
    async def body(self):
        b = self.bench
        await _gather(copy_traffic(b["d24"], 16), copy_traffic(b["d32"], 16),
                      copy_traffic(b["d64"], 16), nic_tx_traffic(b["nic"], 8),
                      nic_rx_traffic(b["nic"], 8))
        pkt = await relay(b)
        self.extra["relay_bytes"] = len(pkt)


# -- pool contention ---------------------------------------------------------------------------
HEAVY_PER_DEVICE = 24 * MiB   # what the 32- and 64-bit devices each take during "uptime"
HEAVY_CHUNK = 256 * KiB
ISA_RESERVE = (16, 16 * KiB)  # the ISA device's boot-time mempool: 16 elements of 16 KiB
NIC_RX_POOL = (32, 2 * KiB)   # the NIC's RX buffers, allocated at ifup


async def heavy_allocator(slot, held: list, total: int = HEAVY_PER_DEVICE) -> None:
    """A wide device takes ``total`` bytes: a mempool of 64 KiB elements (2 MiB) and coherent
    buffers of 256 KiB, a few cycles apart (the rest of the machine keeps running)."""
    mp = slot.mempool(32, 64 * KiB, "rx skb pool")
    got = 32 * 64 * KiB if mp is not None else 0
    while got < total:
        buf = slot.coherent(HEAVY_CHUNK, "coherent buffer")
        if buf is None:
            break
        held.append((slot, buf))
        got += HEAVY_CHUNK
        await ClockCycles(slot.ctx.clock, 20)


async def isa_traffic(slot, mp, jobs: int) -> int:
    """Copies on the ISA device between elements of its mempool (allocator first, then the
    reserve); returns how many jobs got their buffers."""
    ok = 0
    for j in range(jobs):
        a, b = mp.alloc(models.GFP_ATOMIC), mp.alloc(models.GFP_ATOMIC)
        if a is None or b is None:
            slot.enomem.append(f"{slot.name}: mempool empty at job {j}")
            for x in (a, b):
                if x is not None:
                    mp.free(x)
            continue
        n = slot.rng.randint(64, 4 * KiB)
        data = slot.rng.randbytes(n)
        slot.machine.memory.write(a, data)
        src = slot.driver.map_single(a, n, models.DMA_TO_DEVICE)
        dst = slot.driver.map_single(b, n, models.DMA_FROM_DEVICE)
        w = slot.work.make([Copy(src.handle, dst.handle, n)], name=f"isa{j}",
                           reads=[Window.of(src.handle, n, "src")],
                           writes=[Window.of(dst.handle, n, "dst")])
        await slot.work.run(w)
        slot.driver.unmap(src)
        slot.driver.unmap(dst)
        slot.work.retired(w)
        if bytes(slot.machine.memory.read(b, n)) != data:
            slot.enomem.append(f"{slot.name}: job {j} copied wrong data")
        mp.free(a)
        mp.free(b)
        ok += 1
    return ok


async def contention(test: MachineTest) -> dict:
    b = test.bench
    isa, nic, d32, d64 = b["d24"], b["nic"], b["d32"], b["d64"]
    isa_mp = isa.mempool(*ISA_RESERVE, "ISA DMA buffers")
    assert isa_mp is not None, f"boot: the ISA device got no reserve: {isa.enomem}"
    held: list = []
    wide = ("low", "coherent")
    await _gather(heavy_allocator(d32, held), heavy_allocator(d64, held),
                  copy_traffic(d32, 3, 1024, wide), copy_traffic(d64, 3, 1024, wide))
    isa_ok_task = cocotb.start_soon(isa_traffic(isa, isa_mp, 4))
    starved = []
    nic_packets = 0
    # ifup: the NIC's RX buffer pool (like the b44's posted RX ring), then its rings and traffic
    nic_mp = nic.mempool(*NIC_RX_POOL, "RX buffers at ifup")
    if nic_mp is None:
        starved.append(nic.name)
    else:
        try:
            await _gather(nic_rx_traffic(nic, 2, ("low",)), nic_tx_traffic(nic, 2, ("low",)))
            nic_packets = nic.packets.packets_checked
        except MemoryError as exc:
            starved.append(nic.name)
            nic.enomem.append(f"{nic.name}: {exc}")
    isa_ok = await isa_ok_task
    peak = b.pool_usage()
    for slot, buf in held:
        slot.driver.unmap(buf)
    test.extra.update({"pool": peak, "starved": starved, "isa_jobs_ok": isa_ok,
                       "nic_packets": nic_packets,
                       "enomem": {n: s.enomem for n, s in b.slots.items()},
                       "zone_fallback": b.machine.stats.get("zone_fallback", 0)})
    return test.extra


@pyuvm.test()
class pool_contention(MachineTest):
    layout = "contention"

    async def body(self):
        r = await contention(self)
        assert r["starved"] == [], f"mask allocator: starved {r['starved']}: {r['enomem']}"
        assert r["isa_jobs_ok"] == 4, f"the ISA device lost jobs: {r['enomem']['d24']}"
        assert r["pool"]["nic"]["pool_pages"] > 0 and r["nic_packets"] > 0
        assert r["pool"]["d32"]["pool_pages"] >= 20 * MiB >> 12


@pyuvm.test()
class pre2008_starves_nic(MachineTest):
    layout = "contention"
    zone_policy = "pre2008"

    async def body(self):
        r = await contention(self)
        assert r["starved"] == ["nic"], (f"pre-2008 zone policy: expected the 30-bit NIC to "
                                         f"starve, starved {r['starved']}")
        assert "ENOMEM" in r["enomem"]["nic"][0] and "0x3fffffff" in r["enomem"]["nic"][0]
        assert r["isa_jobs_ok"] == 4, f"the ISA device lost jobs: {r['enomem']['d24']}"
        self.logger.info("pre-2008 policy: %s", r["enomem"]["nic"][0])


@pyuvm.test()
class nic_strict_refusal(MachineTest):
    """A TX descriptor whose buffer ends above 2^30 - 1 must be refused, untouched."""

    async def body(self):
        nic = self.bench["nic"]
        await send_packets(nic, [random_packet(nic.rng, 64, 64)], "low", "warm-up")
        bad = (1 << 30) - 32  # 64 bytes from here cross the limit
        work = nic.work.make_stream("tx", [Copy(bad, 0, 64)], name="above-limit",
                                    expect_error="ADDR_RANGE")
        res = await nic.work.run(work)
        nic.work.retired(work)
        assert not res.ok and res.error_name == "ADDR_RANGE", (
            f"NIC accepted a buffer [0x{bad:x}, 0x{bad + 63:x}] above its limit 0x3fffffff: "
            f"{res.describe()}")
