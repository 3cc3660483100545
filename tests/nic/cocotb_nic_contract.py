"""Contract tests of nic_engine (docs/nic-engine.md): registers, TX and RX through wrapping rings
with every byte and status word checked, strict refusal (error status, error interrupt, no burst
touching the buffer), ring index errors (HEAD at or beyond SIZE; TAIL moved back behind fetched
descriptors, with the ring kept locked until their write-backs are done), legacy truncation,
interrupt coalescing, reset in the middle of traffic,
bus errors (SLVERR on a TX data read, an RX data write and a descriptor fetch, from the
memory's error windows), and the TX packet-throughput figure (printed, not asserted). Every test
that moves data ends with ``check_bursts`` (the burst rules of nic_tb.BurstChecks)."""

from __future__ import annotations

import dataclasses
import random

import cocotb
from cocotb.triggers import ClockCycles, Edge, ReadOnly, RisingEdge, with_timeout
from cocotbext.axi import AxiStreamFrame
from cocotbext.axi.constants import AxiResp

from bench.engines import nic_engine_regs as R
from bench.engines.nic_engine import err_status, frame_bytes, ok_status

from .nic_flows import RxBuf, TxDesc, collect_tx, run_rx, run_tx
from .nic_tb import NicTb, frame_beats, frame_cycles

TX_RING, RX_RING = 0x10000, 0x20000
TX_BUFS, RX_BUFS = 0x100000, 0x200000
ENABLE = R.CTRL_TX_EN | R.CTRL_RX_EN


def rand_bytes(rng: random.Random, n: int) -> bytes:
    return rng.randbytes(n)


async def start(tb: NicTb, tx_size: int = 16, rx_size: int = 16, ctrl: int = ENABLE) -> None:
    await tb.reset()
    await tb.setup_ring(True, TX_RING, tx_size)
    await tb.setup_ring(False, RX_RING, rx_size)
    await tb.wr(R.CTRL, ctrl)


async def wait_idle(tb: NicTb, timeout: int = 20000) -> int:
    """Wait until neither ring is busy; return STATUS."""
    for _ in range(timeout // 16):
        st = await tb.rd(R.STATUS)
        if not st & (R.STATUS_TX_BUSY | R.STATUS_RX_BUSY):
            return st
        await ClockCycles(tb.dut.clk, 16)
    raise AssertionError(f"engine still busy: STATUS {st:#x}")


# ---------------------------------------------------------------------------------------------
@cocotb.test()
async def registers(dut):
    """ID/CAPS/DESC_CAPS values; RW readback; RO writes ignored with OKAY; unmapped offsets
    SLVERR; ring registers locked while the ring is enabled."""
    tb = NicTb(dut)
    await tb.reset()
    p = tb.p
    assert await tb.rd(R.ID) == R.ID_VALUE
    caps = await tb.rd(R.CAPS)
    want = (p.addr_width << R.CAPS_ADDR_WIDTH_SHIFT
            | (p.nbytes.bit_length() - 1) << R.CAPS_DATA_BYTES_LOG2_SHIFT
            | p.max_burst << R.CAPS_MAX_BURST_LEN_SHIFT | (R.CAPS_LEGACY if p.legacy else 0))
    assert caps == want, f"CAPS {caps:#x}, want {want:#x}"
    assert await tb.rd(R.DESC_CAPS) == p.desc_addr_bits | (R.DESC_CAPS_SPLIT_ADDR_HI
                                                           if p.split else 0)
    assert await tb.rd(R.CTRL) == 0 and await tb.rd(R.STATUS) == 0
    assert await tb.rd(R.IRQ_COALESCE) == 1
    for off, val in ((R.TX_BASE_LO, 0x12345670), (R.TX_BASE_HI, 0x9ABCDEF0),
                     (R.RX_BASE_LO, 0x0FEDCBA0), (R.RX_BASE_HI, 0x87654321),
                     (R.TX_SIZE, 0x1234), (R.RX_SIZE, 0x4321), (R.TX_TAIL, 0x11),
                     (R.RX_TAIL, 0x22), (R.TX_HEAD, 0x33), (R.RX_HEAD, 0x44),
                     (R.IRQ_COALESCE, 0xDEADBEEF)):
        await tb.wr(off, val)
        assert await tb.rd(off) == val, f"readback {off:#x}"
    await tb.wr(R.TX_SIZE, 0xFFFF5678)
    assert await tb.rd(R.TX_SIZE) == 0x5678, "SIZE keeps bits [15:0] only"
    for off in (R.ID, R.CAPS, R.DESC_CAPS, R.ERR_ADDR_LO, R.ERR_ADDR_HI):
        before = await tb.rd(off)
        await tb.wr(off, ~before)
        assert await tb.rd(off) == before, f"RO register {off:#x} changed"
    unmapped = (0x38, 0x3C, 0x80, 0xFC) + (() if p.split else (R.TX_BUF_HI, R.RX_BUF_HI))
    for off in unmapped:
        await tb.rd(off, expect_resp=AxiResp.SLVERR)
        await tb.wr(off, 0, expect_resp=AxiResp.SLVERR)
    # locked while enabled: BASE, SIZE, HEAD writes ignored; TAIL stays writable
    await tb.setup_ring(True, TX_RING, 8)
    await tb.wr(R.TX_HEAD, 3)
    await tb.wr(R.TX_TAIL, 3)
    await tb.wr(R.CTRL, R.CTRL_TX_EN)
    await tb.wr(R.TX_HEAD, 5)
    await tb.wr(R.TX_SIZE, 4)
    await tb.wr(R.TX_BASE_LO, 0x40)
    assert await tb.rd(R.TX_HEAD) == 3 and await tb.rd(R.TX_SIZE) == 8
    assert await tb.rd(R.TX_BASE_LO) == TX_RING
    await tb.wr(R.CTRL, 0)
    await tb.wr(R.TX_HEAD, 5)
    assert await tb.rd(R.TX_HEAD) == 5
    assert not tb.checks.bursts, "registers alone issued bursts"


@cocotb.test()
async def tx_packets(dut):
    """60 packets of 1..1518 bytes (two of them split over two descriptors) through a 16-slot
    TX ring: every byte on the stream, every STATUS write-back, HEAD, the burst rules."""
    tb = NicTb(dut)
    await start(tb)
    rng = random.Random(1)
    descs = []
    for i in range(60):
        n = rng.choice([1, 2, tb.nbytes - 1, tb.nbytes, 60, 64, 1500, 1518]) if i < 16 else \
            rng.randrange(1, 1519)
        if i in (20, 41):
            head = tb.nbytes * rng.randrange(1, 40)
            descs.append(TxDesc(rand_bytes(rng, head), eop=False))
        descs.append(TxDesc(rand_bytes(rng, n)))
    packets = await run_tx(tb, TX_RING, 16, descs, TX_BUFS)
    await collect_tx(tb, packets)
    st = await wait_idle(tb)
    assert not st & R.STATUS_ERR, f"STATUS {st:#x}"
    assert await tb.rd(R.TX_HEAD) == len(descs) % 16
    tb.check_bursts()


@cocotb.test()
async def rx_packets(dut):
    """50 packets of 1..3000 bytes into 1024-byte buffers through an 8-slot RX ring (a packet
    longer than a buffer continues in the next one, EOP in the last): every byte in the buffers,
    nothing past a packet's end, every STATUS, HEAD, the burst rules."""
    tb = NicTb(dut)
    await start(tb, rx_size=8)
    rng = random.Random(2)
    packets = [rand_bytes(rng, rng.choice([1, tb.nbytes, 64, 1024, 1025, 3000])
                          if i < 12 else rng.randrange(1, 3001)) for i in range(50)]
    nbufs = sum((len(p) + 1023) // 1024 for p in packets)
    await run_rx(tb, RX_RING, 8, [RxBuf(1024)] * nbufs, packets, RX_BUFS)
    st = await wait_idle(tb)
    assert not st & R.STATUS_ERR, f"STATUS {st:#x}"
    tb.check_bursts()


@cocotb.test()
async def tx_rx_concurrent(dut):
    """TX and RX at once, with random stalls on the TX sink and gaps on the RX source."""
    tb = NicTb(dut)
    await start(tb)
    rng = random.Random(3)
    tb.tx_sink.set_pause_generator(iter(lambda: rng.random() < 0.3, None))
    tb.rx_src.set_pause_generator(iter(lambda: rng.random() < 0.2, None))
    descs = [TxDesc(rand_bytes(rng, rng.randrange(1, 1519))) for _ in range(25)]
    packets = [rand_bytes(rng, rng.randrange(1, 2049)) for _ in range(25)]
    nbufs = sum((len(p) + 2047) // 2048 for p in packets)
    tx = cocotb.start_soon(run_tx(tb, TX_RING, 16, descs, TX_BUFS))
    await run_rx(tb, RX_RING, 16, [RxBuf(2048)] * nbufs, packets, RX_BUFS)
    sent = await tx
    await collect_tx(tb, sent)
    tb.check_bursts()


def bad_tx(tb: NicTb) -> list[tuple[int, int, int]]:
    """(address as written, length, expected code) of descriptors strict mode must refuse."""
    p, out = tb.p, []
    if p.desc_addr_bits >= p.addr_width:
        out.append((p.limit - 0x800, 0x1000, R.ERR_ADDR_RANGE))      # crosses the limit
    if p.desc_addr_bits > p.addr_width:
        out.append((p.limit + 0x2000, 0x200, R.ERR_ADDR_RANGE))       # fits the field, above
    if p.desc_addr_bits < 64:
        out.append(((1 << p.desc_addr_bits) + 0x3000, 0x200, R.ERR_DESC_BITS))
    return out


def assert_untouched(tb: NicTb, addr: int, length: int) -> None:
    """No burst touched the bus alias of [addr, addr + length) nor the in-range part of it."""
    p = tb.p
    for lo in {min(addr, p.limit), p.bus_addr(addr)}:
        hi = min(lo + length, p.limit)
        if lo < hi:
            hits = tb.checks.touching(lo, hi)
            assert not hits, f"bursts touched refused buffer {addr:#x} at {lo:#x}: {hits[:3]}"


async def wait_reg(tb: NicTb, off: int, want: int, timeout: int = 20000) -> None:
    for _ in range(timeout // 16):
        if await tb.rd(off) == want:
            return
        await ClockCycles(tb.dut.clk, 16)
    raise AssertionError(f"register {off:#x} never reached {want} (now {await tb.rd(off)})")


async def expect_bus_error(tb: NicTb, what: str) -> None:
    """STATUS.ERR with ERR_CODE BUS, both rings disabled, the error interrupt raised."""
    st = await tb.rd(R.STATUS)
    code = st >> R.STATUS_ERR_CODE_SHIFT & R.STATUS_ERR_CODE_MASK
    assert st & R.STATUS_ERR and code == R.ERR_BUS, f"{what}: STATUS {st:#x}, want ERR code BUS"
    assert await tb.rd(R.CTRL) & ENABLE == 0, f"{what}: a ring is still enabled after a bus error"
    assert int(tb.dut.irq.value), f"{what}: no error interrupt"


@cocotb.test()
async def bus_errors(dut):
    """SLVERR on (1) a TX descriptor's data read: that descriptor is written back DONE|ERR with
    code BUS (LEN 0), the one before it DONE without error; (2) an RX buffer's data write and
    (3) a TX descriptor fetch: STATUS.ERR with code BUS, both rings disabled; a fetch that failed
    consumes no slot (HEAD stays) and no data burst follows it."""
    tb = NicTb(dut)
    rng = random.Random(7)
    ctrl = ENABLE | R.CTRL_IRQ_EN
    # (1) TX data read
    await start(tb, ctrl=ctrl)
    good, bad = rand_bytes(rng, 300), rand_bytes(rng, 200)
    window = tb.mem.inject(TX_BUFS + 0x800, TX_BUFS + 0xFFF, "SLVERR", on="read")
    tb.grant(True, TX_BUFS, 0x1000)
    tb.mem_write(TX_BUFS, good)
    tb.mem_write(TX_BUFS + 0x800, bad)
    tb.write_desc(TX_RING, 0, TX_BUFS, len(good), R.DESC_CTRL_EOP)
    tb.write_desc(TX_RING, 1, TX_BUFS + 0x800, len(bad), R.DESC_CTRL_EOP)
    await tb.wr(R.TX_TAIL, 2)
    await wait_reg(tb, R.TX_HEAD, 2)
    assert window.hits > 0, "the error window was never read"
    st0, st1 = tb.desc_status(TX_RING, 0), tb.desc_status(TX_RING, 1)
    assert st0 == ok_status(len(good), True), f"descriptor 0: STATUS {st0:#x}"
    assert st1 == err_status(R.ERR_BUS, True), (f"descriptor 1 (data read answered SLVERR): "
                                                f"STATUS {st1:#x}, want {err_status(R.ERR_BUS, True):#x}")
    await expect_bus_error(tb, "TX data read")
    frame = await with_timeout(tb.tx_sink.recv(compact=False), 100, "us")
    assert frame_bytes(frame) == good, "TX packet 0 differs"
    # (2) RX data write
    await start(tb, ctrl=ctrl)
    tb.mem.clear_errors()
    window = tb.mem.inject(RX_BUFS, RX_BUFS + 0x7FF, "SLVERR", on="write")
    tb.grant(False, RX_BUFS, 0x800)
    tb.write_desc(RX_RING, 0, RX_BUFS, 512)
    await tb.wr(R.RX_TAIL, 1)
    tb.rx_src.send_nowait(AxiStreamFrame(rand_bytes(rng, 100)))
    await wait_reg(tb, R.RX_HEAD, 1)
    await ClockCycles(tb.dut.clk, 20)
    assert window.hits > 0, "the RX buffer was never written"
    await expect_bus_error(tb, "RX data write")
    # (3) TX descriptor fetch
    await start(tb, ctrl=ctrl)
    tb.mem.clear_errors()
    window = tb.mem.inject(TX_RING, TX_RING + R.DESC_SIZE - 1, "SLVERR", on="read")
    tb.write_desc(TX_RING, 0, TX_BUFS, 64, R.DESC_CTRL_EOP)
    n0 = len(tb.checks.bursts)
    await tb.wr(R.TX_TAIL, 1)
    await ClockCycles(tb.dut.clk, 200)
    assert window.hits > 0, "the descriptor was never fetched"
    await expect_bus_error(tb, "TX descriptor fetch")
    assert await tb.rd(R.TX_HEAD) == 0, "a fetch answered SLVERR consumed its slot"
    after = [b for b in tb.checks.bursts[n0:] if b.channel == "AR" and b.addr >= TX_BUFS]
    assert not after, f"data burst after a failed descriptor fetch: {after}"
    tb.check_bursts()


@cocotb.test()
async def strict_refusal(dut):
    """Strict mode: TX descriptors and RX buffers above the limit or not fitting DESC_ADDR_BITS
    are refused with an error STATUS and the error interrupt; no burst touches them (the bus
    checks also hold every burst inside the rings and the posted buffers); the good
    descriptors around them complete; ERR_ADDR/ERR_CODE name the last one refused."""
    tb = NicTb(dut)
    await start(tb, ctrl=ENABLE | R.CTRL_IRQ_EN)
    rng = random.Random(4)
    bad = bad_tx(tb)
    descs: list[TxDesc] = [TxDesc(rand_bytes(rng, 700))]
    for addr, n, code in bad:
        descs.append(TxDesc(b"", addr=addr, length=n, refuse=code))
        descs.append(TxDesc(rand_bytes(rng, rng.randrange(1, 1519))))
    # format errors refused in either mode: LEN 0, unaligned address, non-EOP odd length
    descs.append(TxDesc(b"", addr=TX_BUFS, length=0, refuse=R.ERR_LEN))
    descs.append(TxDesc(b"", addr=TX_BUFS + 1, length=64, refuse=R.ERR_ALIGN))
    descs.append(TxDesc(b"", addr=TX_BUFS, length=tb.nbytes + 1, eop=False, refuse=R.ERR_LEN))
    descs.append(TxDesc(rand_bytes(rng, 100)))
    packets = await run_tx(tb, TX_RING, 16, descs, TX_BUFS)
    await collect_tx(tb, packets)
    for addr, n, _ in bad:
        assert_untouched(tb, addr, n)
    st = await tb.rd(R.STATUS)
    assert st & R.STATUS_ERR and st >> R.STATUS_ERR_CODE_SHIFT & 0xF == R.ERR_LEN, f"{st:#x}"
    assert int(dut.irq.value) == 1, "error interrupt not raised"
    await tb.wr(R.STATUS, R.STATUS_ERR | R.STATUS_TX_IRQ)
    await ClockCycles(dut.clk, 3)
    assert int(dut.irq.value) == 0 and await tb.rd(R.STATUS) == 0

    # RX: the refused buffer sits between good ones; the packets land in the good ones only
    bufs = [RxBuf(1024)]
    for addr, n, code in bad:
        bufs += [RxBuf(n - n % tb.nbytes, addr=addr, refuse=code), RxBuf(1024)]
    packets = [rand_bytes(rng, rng.randrange(1, 1025)) for _ in range(len(bufs) - len(bad))]
    await run_rx(tb, RX_RING, 16, bufs, packets, RX_BUFS)
    for addr, n, _ in bad:
        assert_untouched(tb, addr, n)
    last_addr, _, last_code = bad[-1]
    st = await tb.rd(R.STATUS)
    assert st & R.STATUS_ERR and st >> R.STATUS_ERR_CODE_SHIFT & 0xF == last_code, f"{st:#x}"
    assert await tb.rd64(R.ERR_ADDR_LO) == last_addr
    assert int(dut.irq.value) == 1
    tb.check_bursts()


@cocotb.test()
async def strict_ring_refusal(dut):
    """Strict mode: a TX ring reaching above the limit is refused before any fetch: ERR_CODE
    RING, ERR_ADDR = base, TX_EN cleared, no burst at all."""
    tb = NicTb(dut)
    await tb.reset()
    base = tb.p.limit - 0x100
    await tb.wr64(R.TX_BASE_LO, base)
    await tb.wr(R.TX_SIZE, 32)             # 32 slots x 16 bytes: 0x100 bytes past the limit
    await tb.wr(R.CTRL, R.CTRL_TX_EN | R.CTRL_IRQ_EN)
    await tb.wr(R.TX_TAIL, 1)
    await ClockCycles(dut.clk, 20)
    st = await tb.rd(R.STATUS)
    assert st & R.STATUS_ERR and st >> R.STATUS_ERR_CODE_SHIFT & 0xF == R.ERR_RING, f"{st:#x}"
    assert await tb.rd64(R.ERR_ADDR_LO) == base
    assert await tb.rd(R.CTRL) == R.CTRL_IRQ_EN
    assert int(dut.irq.value) == 1
    assert not tb.checks.bursts, f"bursts issued: {tb.checks.bursts[:3]}"


def err_code(st: int) -> int:
    """STATUS.ERR_CODE of a STATUS value."""
    return st >> R.STATUS_ERR_CODE_SHIFT & R.STATUS_ERR_CODE_MASK


@cocotb.test()
async def head_beyond_size(dut):
    """A HEAD written at or beyond SIZE (while the ring is disabled and idle: the register takes
    it) makes the ring bad at the next fetch, in either mode, TX and RX: ERR_CODE RING, ERR_ADDR =
    BASE, the ring's EN cleared, the error interrupt, and no burst at all. The ring sits at the
    top of memory, so slot BASE + 16 x HEAD lies past the limit and its truncated address would
    wrap to the bottom. With HEAD back below SIZE the same ring sends a packet."""
    tb = NicTb(dut)
    size = 8
    base = tb.p.limit - size * R.DESC_SIZE
    for tx in (True, False):
        head_reg, tail_reg = (R.TX_HEAD, R.TX_TAIL) if tx else (R.RX_HEAD, R.RX_TAIL)
        enable = R.CTRL_TX_EN if tx else R.CTRL_RX_EN
        for head in (size, size + 4, 0xFFFF):
            what = f"{'TX' if tx else 'RX'} HEAD {head} with SIZE {size}"
            await tb.reset()
            await tb.setup_ring(tx, base, size)
            await tb.wr(head_reg, head)
            assert await tb.rd(head_reg) == head, f"{what}: HEAD readback"
            await tb.wr(tail_reg, 2)
            await tb.wr(R.CTRL, enable | R.CTRL_IRQ_EN)
            await ClockCycles(dut.clk, 20)
            st = await tb.rd(R.STATUS)
            assert st & R.STATUS_ERR and err_code(st) == R.ERR_RING, \
                f"{what}: STATUS {st:#x}, want ERR with code RING"
            assert not st & (R.STATUS_TX_BUSY | R.STATUS_RX_BUSY), f"{what}: STATUS {st:#x}"
            assert await tb.rd64(R.ERR_ADDR_LO) == base, f"{what}: ERR_ADDR"
            assert await tb.rd(R.CTRL) == R.CTRL_IRQ_EN, f"{what}: ring still enabled"
            assert int(dut.irq.value), f"{what}: no error interrupt"
            assert not tb.checks.bursts, f"{what}: bursts issued: {tb.checks.bursts[:3]}"
    # the TX ring at the top of memory works with HEAD below SIZE
    await tb.reset()
    await tb.setup_ring(True, base, size)
    await tb.wr(R.TX_HEAD, 5)
    await tb.wr(R.TX_TAIL, 5)
    await tb.wr(R.CTRL, R.CTRL_TX_EN)
    data = rand_bytes(random.Random(13), 300)
    await collect_tx(tb, await run_tx(tb, base, size, [TxDesc(data)], TX_BUFS, first=5))
    st = await tb.rd(R.STATUS)
    assert not st & R.STATUS_ERR, f"STATUS {st:#x}"
    tb.check_bursts()


@cocotb.test()
async def tail_moved_back(dut):
    """TAIL moved back to HEAD behind three fetched TX descriptors whose STATUS write-backs are
    pending (the TX sink stalls): the next fetch finds the ring bad (ERR_CODE RING, TX_EN
    cleared, the stale slot behind them never fetched as work); with TX_EN clear the ring still
    reads BUSY and ignores writes to BASE, SIZE and HEAD until the three have completed; every
    STATUS write-back lands in the ring that was checked. Afterwards the ring is idle and its
    registers take writes again."""
    tb = NicTb(dut)
    size, other = 4, 0x30000   # `other`: where the driver tries to move the ring (never granted)
    await start(tb, tx_size=size, ctrl=0)
    rng = random.Random(12)
    tb.tx_sink.pause = True
    tb.grant(True, TX_BUFS, size * 0x800)
    data = [rand_bytes(rng, 200) for _ in range(3)]
    for i, d in enumerate(data):
        tb.mem_write(TX_BUFS + i * 0x800, d)
        tb.write_desc(TX_RING, i, TX_BUFS + i * 0x800, len(d), R.DESC_CTRL_EOP)
    tb.write_desc(TX_RING, 3, TX_BUFS + 3 * 0x800, 64, R.DESC_CTRL_EOP)  # never posted
    await tb.wr(R.CTRL, R.CTRL_TX_EN | R.CTRL_IRQ_EN)
    await tb.wr(R.TX_TAIL, 3)
    await ClockCycles(dut.clk, 100)
    assert await tb.rd(R.TX_HEAD) == 0, "a descriptor completed with the TX sink stalled"
    assert await tb.rd(R.STATUS) & R.STATUS_TX_BUSY, "three descriptors fetched, TX_BUSY clear"
    await tb.wr(R.TX_TAIL, 0)
    await ClockCycles(dut.clk, 20)
    await tb.wr(R.CTRL, 0)
    st = await tb.rd(R.STATUS)
    assert st & R.STATUS_TX_BUSY, f"STATUS {st:#x}: TX_BUSY clear with three write-backs pending"
    assert st & R.STATUS_ERR and err_code(st) == R.ERR_RING, \
        f"STATUS {st:#x}: want ERR with code RING for TAIL moved back behind fetched descriptors"
    await tb.wr64(R.TX_BASE_LO, other)
    await tb.wr(R.TX_SIZE, 64)
    await tb.wr(R.TX_HEAD, 2)
    assert await tb.rd64(R.TX_BASE_LO) == TX_RING, "TX_BASE written with write-backs pending"
    assert await tb.rd(R.TX_SIZE) == size, "TX_SIZE written with write-backs pending"
    assert await tb.rd(R.TX_HEAD) == 0, "TX_HEAD written with write-backs pending"
    tb.tx_sink.pause = False
    await collect_tx(tb, data)
    await wait_reg(tb, R.TX_HEAD, 3)
    st = await wait_idle(tb)
    for i, d in enumerate(data):
        got = tb.desc_status(TX_RING, i)
        assert got == ok_status(len(d), True), f"descriptor {i}: STATUS {got:#x}"
    assert tb.desc_status(TX_RING, 3) == 0, "slot 3 (never posted) was written back"
    ring_end = TX_RING + size * R.DESC_SIZE
    aw = [b for b in tb.checks.bursts if b.channel == "AW"]
    assert len(aw) == 3, f"{len(aw)} write-backs, want 3: {aw}"
    outside = [b for b in aw if b.first < TX_RING or b.last >= ring_end]
    assert not outside, f"write-backs outside the checked ring: {outside}"
    await tb.wr64(R.TX_BASE_LO, other)
    assert await tb.rd64(R.TX_BASE_LO) == other, "TX_BASE locked with the ring idle"
    tb.check_bursts()


@cocotb.test()
async def legacy_truncation(dut):
    """Legacy mode: a descriptor address above the limit (or above DESC_ADDR_BITS) loses its
    upper bits like real hardware: TX reads and RX writes land at the truncated address, with a
    clean STATUS and no error."""
    tb = NicTb(dut)
    await start(tb)
    p, rng = tb.p, random.Random(5)
    alias_tx, alias_rx = 0x300000, 0x340000
    high = [p.limit, 1 << p.desc_addr_bits if p.desc_addr_bits < 64 else p.limit]
    descs, rx_bufs = [], []
    for i, up in enumerate(high):
        data = rand_bytes(rng, 900)
        tb.mem_write(alias_tx + i * 0x1000, data)
        tb.grant(True, alias_tx + i * 0x1000, len(data))
        descs.append(TxDesc(data, addr=up + alias_tx + i * 0x1000))
        rx_bufs.append(RxBuf(1024, addr=up + alias_rx + i * 0x1000))
        tb.grant(False, alias_rx + i * 0x1000, 1024)
    packets = await run_tx(tb, TX_RING, 16, descs, TX_BUFS)
    await collect_tx(tb, packets)
    await run_rx(tb, RX_RING, 16, rx_bufs, [rand_bytes(rng, 1000) for _ in high], RX_BUFS)
    st = await tb.rd(R.STATUS)
    assert not st & R.STATUS_ERR, f"STATUS {st:#x}"
    tb.check_bursts()


async def record_irqs(tb: NicTb, sig, head_sig, clear_bit: int, out: list[tuple[int, int]]):
    """On every rise of a STATUS interrupt bit: record (cycle, HEAD) and W1C it."""
    while True:
        await RisingEdge(sig)
        await ReadOnly()
        out.append((tb.cycle, int(head_sig.value)))
        await RisingEdge(tb.dut.clk)
        await tb.wr(R.STATUS, clear_bit)


@cocotb.test()
async def irq_coalescing(dut):
    """COUNT 4: TX_IRQ after every 4th completion and when the ring runs empty; a descriptor's
    IRQ flag forces one; TIMER: pending RX completions interrupt TIMER cycles after the last
    one; irq follows STATUS and IRQ_EN."""
    tb = NicTb(dut)
    await start(tb, ctrl=ENABLE | R.CTRL_IRQ_EN)
    rng = random.Random(6)
    await tb.wr(R.IRQ_COALESCE, 4)
    tx_irqs: list[tuple[int, int]] = []
    rec = cocotb.start_soon(record_irqs(tb, dut.tx_irq_reg, dut.tx_head_reg, R.STATUS_TX_IRQ,
                                        tx_irqs))
    descs = [TxDesc(rand_bytes(rng, 512)) for _ in range(10)]
    await collect_tx(tb, await run_tx(tb, TX_RING, 16, descs, TX_BUFS, poll=2000))
    await ClockCycles(dut.clk, 20)
    assert [h for _, h in tx_irqs] == [4, 8, 10], f"TX interrupts at HEAD {tx_irqs}"

    tx_irqs.clear()
    await tb.wr(R.IRQ_COALESCE, 100)
    descs = [TxDesc(rand_bytes(rng, 512), irq=(i == 2)) for i in range(10)]
    await collect_tx(tb, await run_tx(tb, TX_RING, 16, descs, TX_BUFS, first=10, poll=2000))
    await ClockCycles(dut.clk, 20)
    assert [h for _, h in tx_irqs] == [(10 + 3) % 16, (10 + 10) % 16], f"{tx_irqs}"
    rec.cancel()

    # RX timer: COUNT 100, TIMER 64; 2 packets into 2 of 6 posted buffers
    timer = 64
    await tb.wr(R.IRQ_COALESCE, 100 | timer << R.IRQ_COALESCE_TIMER_SHIFT)
    rx_irqs: list[tuple[int, int]] = []
    completions: list[int] = []

    async def head_moves():
        while True:
            await Edge(dut.rx_head_reg)
            completions.append(tb.cycle)
    mover = cocotb.start_soon(head_moves())
    rrec = cocotb.start_soon(record_irqs(tb, dut.rx_irq_reg, dut.rx_head_reg, R.STATUS_RX_IRQ,
                                         rx_irqs))
    tb.grant(False, RX_BUFS, 6 * 0x800)
    for slot in range(6):
        tb.write_desc(RX_RING, slot, RX_BUFS + slot * 0x800, 512)
    await tb.wr(R.RX_TAIL, 6)
    for p in (rand_bytes(rng, 64), rand_bytes(rng, 64)):
        await tb.rx_src.send(p)
    await ClockCycles(dut.clk, 400)
    assert len(completions) == 2, f"RX completions {completions}"
    assert len(rx_irqs) == 1 and rx_irqs[0][1] == 2, f"RX interrupts {rx_irqs}"
    delay = rx_irqs[0][0] - completions[-1]
    assert timer - 1 <= delay <= timer + 2, f"timer interrupt {delay} cycles after completion"
    mover.cancel()
    rrec.cancel()
    # irq follows IRQ_EN
    await tb.wr(R.CTRL, ENABLE)
    await ClockCycles(dut.clk, 3)
    assert int(dut.irq.value) == 0
    tb.check_bursts()


@cocotb.test()
async def reset_mid_traffic(dut):
    """rst in the middle of TX and RX traffic returns every register to its reset value and
    leaves an engine that then moves a fresh batch perfectly."""
    tb = NicTb(dut)
    await start(tb)
    rng = random.Random(7)
    descs = [TxDesc(rand_bytes(rng, 1500)) for _ in range(30)]
    packets = [rand_bytes(rng, 1500) for _ in range(30)]
    tx = cocotb.start_soon(run_tx(tb, TX_RING, 16, descs, TX_BUFS))
    rx = cocotb.start_soon(run_rx(tb, RX_RING, 16, [RxBuf(1536)] * 30, packets, RX_BUFS))
    await ClockCycles(dut.clk, 1500)
    assert tb.tx_started() and any(b.channel == "AW" for b in tb.checks.bursts)
    tx.cancel()
    rx.cancel()
    tb.rx_src.clear()
    await tb.reset()
    tb.tx_sink.clear()
    for off, want in ((R.CTRL, 0), (R.STATUS, 0), (R.TX_HEAD, 0), (R.TX_TAIL, 0), (R.TX_SIZE, 0),
                      (R.RX_HEAD, 0), (R.RX_TAIL, 0), (R.TX_BASE_LO, 0), (R.IRQ_COALESCE, 1),
                      (R.ERR_ADDR_LO, 0)):
        assert await tb.rd(off) == want, f"register {off:#x} after reset"
    await tb.setup_ring(True, TX_RING, 16)
    await tb.setup_ring(False, RX_RING, 16)
    await tb.wr(R.CTRL, ENABLE)
    descs = [TxDesc(rand_bytes(rng, rng.randrange(1, 1519))) for _ in range(20)]
    packets = [rand_bytes(rng, rng.randrange(1, 1537)) for _ in range(20)]
    tx = cocotb.start_soon(run_tx(tb, TX_RING, 16, descs, TX_BUFS))
    await run_rx(tb, RX_RING, 16, [RxBuf(1536)] * 20, packets, RX_BUFS)
    await collect_tx(tb, await tx)
    tb.check_bursts()


@cocotb.test()
async def throughput_tx(dut):
    """Back-to-back 1,500-byte TX packets, zero-wait memory (AxiMemory's lean responder), sink
    always ready: beats per cycle on the stream port from the first beat to the last (printed,
    not asserted)."""
    tb = NicTb(dut, lean=True)
    await start(tb, tx_size=64)
    rng = random.Random(8)
    n = 32
    descs = [TxDesc(rand_bytes(rng, 1500)) for _ in range(n)]
    packets = await run_tx(tb, TX_RING, 64, descs, TX_BUFS, poll=400)
    frames = await collect_tx(tb, packets)
    beats = sum(frame_beats(f, tb.nbytes) for f in frames)
    cycles = frame_cycles(frames[0], frames[-1])
    rate = beats / cycles
    dut._log.warning("NIC TX THROUGHPUT: %d packets x 1500 B, DATA_WIDTH %d: %d beats in %d "
                     "cycles = %.4f beats/cycle", n, tb.p.data_width, beats, cycles, rate)
    with open("nic_throughput.txt", "w") as f:
        f.write(f"packets={n} bytes=1500 data_width={tb.p.data_width} beats={beats} "
                f"cycles={cycles} beats_per_cycle={rate:.4f}\n")
    assert beats == n * ((1500 + tb.nbytes - 1) // tb.nbytes)
    tb.check_bursts()


@cocotb.test()
async def split_addr_hi(dut):
    """SPLIT_ADDR_HI (tg3-like): BUF_HI read back and locked while the ring is enabled; TX and RX
    with every buffer in the 4 GiB window BUF_HI = 1 (descriptors hold the low 32 bits, no
    burst below the window); a TX buffer crossing 4 GiB: strict refuses it with CROSS_4G (no
    burst touches it or its wrapped alias), legacy reads its tail from the bottom of the window
    (the 32-bit address adder wraps)."""
    tb = NicTb(dut)
    assert tb.p.split, "split_addr_hi needs a SPLIT_ADDR_HI=1 build"
    await start(tb, ctrl=0)
    hi = 1
    tb.p = dataclasses.replace(tb.p, hi=hi)
    for off in (R.TX_BUF_HI, R.RX_BUF_HI):
        await tb.wr(off, 0xA5A5A5A5)
        assert await tb.rd(off) == 0xA5A5A5A5, f"BUF_HI {off:#x} readback"
        await tb.wr(off, hi)
    await tb.wr(R.CTRL, ENABLE)
    await tb.wr(R.TX_BUF_HI, 7)
    assert await tb.rd(R.TX_BUF_HI) == hi, "TX_BUF_HI written while TX_EN"
    win = hi << 32
    rng = random.Random(11)
    descs = []
    for i in range(6):
        data = rand_bytes(rng, rng.randrange(60, 1500))
        tb.mem_write(win + TX_BUFS + i * 0x800, data)
        descs.append(TxDesc(data, addr=TX_BUFS + i * 0x800))
    packets = await run_tx(tb, TX_RING, 16, descs, win + TX_BUFS)
    await collect_tx(tb, packets)
    packets = [rand_bytes(rng, rng.randrange(1, 1025)) for _ in range(5)]
    await run_rx(tb, RX_RING, 16, [RxBuf(1024, addr=RX_BUFS + i * 0x800) for i in range(5)],
                 packets, win + RX_BUFS)
    low = [b for b in tb.checks.bursts if b.addr >= TX_BUFS and b.addr < win]
    assert not low, f"buffer bursts below the 4 GiB window: {low[:3]}"
    tb.check_bursts()
    # a 512-byte TX buffer at 4 GiB - 256 inside the window: its low 32 bits wrap
    cross, n = 0xFFFFFF00, 512
    data = rand_bytes(rng, n)
    tb.mem_write(win + cross, data[:256])
    tb.mem_write(win, data[256:])   # what a wrapping device reads after 4 GiB - 1
    tb.mem_write(win + (1 << 32), data[256:])
    if tb.p.legacy:
        tb.grant(True, win + cross, 256)
        tb.grant(True, win, 256)
        got = await run_tx(tb, TX_RING, 16, [TxDesc(data, addr=cross)], win + TX_BUFS, first=6)
        await collect_tx(tb, got)
        assert tb.checks.touching(win, win + 256), "no read at the bottom of the window"
        assert not tb.checks.touching(win + (1 << 32), win + (1 << 32) + 256)
        assert not await tb.rd(R.STATUS) & R.STATUS_ERR
    else:
        n0 = len(tb.checks.bursts)
        await run_tx(tb, TX_RING, 16, [TxDesc(b"", addr=cross, length=n, refuse=R.ERR_CROSS_4G)],
                     win + TX_BUFS, first=6)
        st = await tb.rd(R.STATUS)
        assert st & R.STATUS_ERR and st >> R.STATUS_ERR_CODE_SHIFT & 0xF == R.ERR_CROSS_4G, \
            f"STATUS {st:#x}"
        assert await tb.rd64(R.ERR_ADDR_LO) == cross
        for lo in (win + cross, win, win + (1 << 32)):
            hits = tb.checks.touching(lo, lo + 256, since=n0)
            assert not hits, f"bursts touched the refused buffer at {lo:#x}: {hits[:3]}"
    tb.check_bursts()
