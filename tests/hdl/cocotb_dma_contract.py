"""Contract suite for dma_engine (docs/dma-engine-registers.md): a 4 KiB smoke copy, registers,
unaligned copies, burst rules, strict range checks, SG chains, bus errors, ABORT, reset, legacy
wrap, throughput. Every test's bursts are checked by dma_tb's monitor (burst rules and the
programmed windows)."""
import itertools
import random

import cocotb
from cocotb.triggers import ClockCycles, RisingEdge

from bench.engines.dma_engine_regs import (BYTES_DONE, CAPS, CAPS_ADDR_WIDTH_SHIFT,
                                           CAPS_DATA_BYTES_LOG2_SHIFT, CAPS_LEGACY_SHIFT,
                                           CAPS_MAX_BURST_LEN_SHIFT, CTRL, CTRL_ABORT,
                                           CTRL_IRQ_EN, CTRL_SG, CTRL_START, DESC_FLAG_IRQ,
                                           DESC_FLAG_LAST, DESC_HI, DESC_LO, DESC_NEXT,
                                           DESC_SIZE, DST_HI, DST_LO, ERR_ABORTED,
                                           ERR_ADDR_LO, ERR_ADDR_RANGE, ERR_BUS, ERR_DESC,
                                           ERR_LEN_ZERO, ID, ID_VALUE, LEN, REGISTERS, SRC_HI,
                                           SRC_LO, STATUS, STATUS_BUSY, STATUS_DESC_IRQ,
                                           STATUS_DONE, STATUS_ERR)
from tests.hdl.dma_tb import DmaTb, err_status


async def copy_and_check(tb, src, dst, length, rng, guard=16):
    """Copy `length` bytes src -> dst and check the bytes and the guard bytes around dst."""
    data = bytes(rng.randrange(256) for _ in range(length))
    tb.mem_write(src, data)
    tb.mem_write(dst - guard, b"\xa5" * (length + 2 * guard))
    await tb.start_copy(src, dst, length)
    status = await tb.wait_idle()
    assert status == STATUS_DONE, f"copy {src:#x}->{dst:#x} len {length}: STATUS {status:#x}"
    got = tb.mem_read(dst, length)
    assert got == data, f"copy {src:#x}->{dst:#x} len {length}: data mismatch"
    assert tb.mem_read(dst - guard, guard) == b"\xa5" * guard, f"guard below {dst:#x} len {length}"
    assert tb.mem_read(dst + length, guard) == b"\xa5" * guard, f"guard above {dst:#x} len {length}"
    assert await tb.rd(BYTES_DONE) == length


@cocotb.test()
async def smoke_copy_4k(dut):
    """One 4 KiB copy programmed over AXI-Lite: data, guard bytes, BYTES_DONE, irq."""
    tb = DmaTb(dut)
    await tb.reset()
    await copy_and_check(tb, 0x1000, 0x4000, 4096, random.Random(1))
    tb.check_bursts()
    assert int(dut.irq.value) == 1


# ---------------------------------------------------------------------------------------------
@cocotb.test()
async def registers(dut):
    """ID/CAPS values, RW readback in either half order, RO writes ignored with OKAY, unmapped
    offsets answer SLVERR."""
    tb = DmaTb(dut)
    await tb.reset()
    assert await tb.rd(ID) == ID_VALUE
    caps = await tb.rd(CAPS)
    exp = (tb.aw << CAPS_ADDR_WIDTH_SHIFT | (tb.nbytes.bit_length() - 1) << CAPS_DATA_BYTES_LOG2_SHIFT
           | tb.max_burst << CAPS_MAX_BURST_LEN_SHIFT | tb.legacy << CAPS_LEGACY_SHIFT)
    assert caps == exp, f"CAPS {caps:#x} != {exp:#x}"
    for off in (SRC_HI, SRC_LO, DST_LO, DST_HI, DESC_HI, DESC_LO):  # either half order
        await tb.wr(off, 0x12345678 ^ off)
    await tb.wr(LEN, 0xCAFE)
    for off in (SRC_HI, SRC_LO, DST_LO, DST_HI, DESC_HI, DESC_LO):
        assert await tb.rd(off) == 0x12345678 ^ off
    assert await tb.rd(LEN) == 0xCAFE
    for off in (ID, CAPS, BYTES_DONE, ERR_ADDR_LO, ERR_ADDR_LO + 4):
        before = await tb.rd(off)
        await tb.wr(off, 0xFFFFFFFF, expect_resp=0)
        assert await tb.rd(off) == before, f"RO register {off:#x} changed"
    for off in (0x38, 0x3C, 0x40, 0x80, 0xFC):
        await tb.rd(off, expect_resp=2)
        await tb.wr(off, 1, expect_resp=2)
    await tb.wr(CTRL, CTRL_IRQ_EN | CTRL_SG)
    assert await tb.rd(CTRL) == CTRL_IRQ_EN | CTRL_SG
    assert await tb.rd(STATUS) == 0
    assert not tb.ars and not tb.aws


@cocotb.test()
async def unaligned_copies(dut):
    """Byte-exact copies of many lengths at every (src, dst) offset pair, guard bytes intact,
    every burst within the 4 KiB and length rules."""
    tb = DmaTb(dut)
    await tb.reset()
    rng = random.Random(3)
    nb = tb.nbytes
    cases = []
    for so in range(nb):
        for do in range(nb):
            cases.append((so, do, rng.randrange(1, 301)))
    for ln in range(1, 301):
        cases.append((rng.randrange(nb), rng.randrange(nb), ln))
    if tb.max_burst > 1:
        for k in (4096 + 1, 8191 - 37):  # longer ones crossing pages at odd offsets
            cases.append((rng.randrange(nb), rng.randrange(nb), k))
    base_src, base_dst = 0x10000, 0x40000
    for i, (so, do, ln) in enumerate(cases):
        src = base_src + (i % 7) * 0x1000 + 0xF00 + so - (0x40 if i % 2 else 0)  # near a page end
        dst = base_dst + (i % 5) * 0x1000 + 0xFC0 + do
        await copy_and_check(tb, src, dst, ln, rng)
    tb.check_bursts()
    dut._log.info("%d copies, %d AR, %d AW", len(cases), len(tb.ars), len(tb.aws))


@cocotb.test()
async def len_zero_and_range_errors(dut):
    """LEN 0 -> LEN_ZERO; strict mode: src/dst above the limit, ranges crossing 2^W-1 or wrapping
    64 bits -> ADDR_RANGE with ERR_ADDR as written, src checked before dst, no AR/AW at all; a
    buffer ending exactly at 2^W-1 is copied. Legacy mode: never ADDR_RANGE."""
    tb = DmaTb(dut)
    await tb.reset()
    rng = random.Random(5)
    top = (1 << tb.aw) - 1
    await tb.start_copy(0x1000, 0x2000, 0)
    assert await tb.wait_idle() == err_status(ERR_LEN_ZERO)
    assert not tb.ars and not tb.aws
    if tb.legacy:
        return
    bad_cases = [  # (src, dst, len, expected ERR_ADDR)
        (top + 1, 0x2000, 16, top + 1),                     # src starts above the limit
        (top - 7, 0x2000, 9, top - 7),                      # src crosses 2^W-1 by one byte
        (0x1000, top + 1, 16, top + 1),                     # dst above
        (0x1000, top - 14, 16, top - 14),                   # dst crosses
        (top + 1, top + 0x100, 16, top + 1),                # both bad: src reported
        ((1 << 64) - 16, 0x2000, 32, (1 << 64) - 16),       # wraps 64 bits
        (0x1000, (1 << 64) - 1, 2, (1 << 64) - 1),          # dst wraps 64 bits
        (1 << 63 | 0x1000, 0x2000, 4, 1 << 63 | 0x1000),    # top bit set
        (0x1000, 0x2000, 0xFFFFFFFF, None),                 # 4 GiB - 1: fits only if W > 32
    ]
    for src, dst, ln, _ in bad_cases:
        if src >> 64 or dst >> 64:
            continue  # not writable into 64-bit registers (ADDR_WIDTH 64)
        src_bad, dst_bad = src + ln > 1 << tb.aw, dst + ln > 1 << tb.aw
        if not (src_bad or dst_bad):
            continue  # in range at this width
        eaddr = src if src_bad else dst
        await tb.start_copy(src, dst, ln)
        status = await tb.wait_idle()
        assert status == err_status(ERR_ADDR_RANGE), f"{src:#x}->{dst:#x} len {ln}: STATUS {status:#x}"
        assert await tb.rd64(ERR_ADDR_LO) == eaddr
        assert not tb.ars and not tb.aws, "AR/AW issued for an out-of-range job"
        assert await tb.rd(BYTES_DONE) == 0
    # buffers ending exactly at the limit are fine
    await copy_and_check(tb, top - 99, 0x3000, 100, rng, guard=0)
    await copy_and_check(tb, 0x3000 + 0x800, top - 63, 64, rng, guard=0)
    tb.check_bursts()


@cocotb.test()
async def status_irq_busy_start_w1c(dut):
    """BUSY on the first read after START; START while BUSY ignored; irq within 2 cycles of
    DONE/ERR; W1C of DONE/ERR(+ERR_CODE)/DESC_IRQ; START clears status and BYTES_DONE."""
    tb = DmaTb(dut)
    await tb.reset()
    rng = random.Random(7)
    data = bytes(rng.randrange(256) for _ in range(2048))
    tb.mem_write(0x10000, data)
    await tb.start_copy(0x10000, 0x20000, 2048)
    assert await tb.rd(STATUS) & STATUS_BUSY, "BUSY not set on the first read after CTRL_START"
    # CTRL_START while busy with other registers (and without CTRL_IRQ_EN): ignored as a whole
    await tb.wr64(DST_LO, 0x30000)
    await tb.wr(LEN, 16)
    await tb.wr(CTRL, CTRL_START)
    assert await tb.rd(CTRL) == CTRL_IRQ_EN
    # irq follows STATUS_DONE within 2 cycles
    while int(dut.busy_reg.value):
        await RisingEdge(dut.clk)
    for _ in range(2):
        if int(dut.irq.value):
            break
        await RisingEdge(dut.clk)
    assert int(dut.irq.value) == 1, "irq not raised within 2 cycles of STATUS_DONE"
    assert await tb.rd(STATUS) == STATUS_DONE
    assert await tb.rd(BYTES_DONE) == 2048
    assert tb.mem_read(0x20000, 2048) == data
    assert tb.mem_read(0x30000, 16) == bytes(16), "START while STATUS_BUSY was not ignored"
    await tb.wr(STATUS, STATUS_DONE)
    assert await tb.rd(STATUS) == 0
    await ClockCycles(dut.clk, 2)
    assert int(dut.irq.value) == 0
    # STATUS_ERR then W1C of STATUS_ERR clears ERR_CODE; irq follows
    await tb.wr(LEN, 0)
    await tb.wr(CTRL, CTRL_IRQ_EN | CTRL_START)
    assert await tb.wait_idle() == err_status(ERR_LEN_ZERO)
    assert int(dut.irq.value) == 1
    await tb.wr(STATUS, STATUS_DONE | STATUS_DESC_IRQ)  # other bits: no effect on STATUS_ERR
    assert await tb.rd(STATUS) == err_status(ERR_LEN_ZERO)
    await tb.wr(STATUS, STATUS_ERR)
    assert await tb.rd(STATUS) == 0
    # irq masked without CTRL_IRQ_EN
    await tb.wr(CTRL, CTRL_START)
    assert await tb.wait_idle() == err_status(ERR_LEN_ZERO)
    await ClockCycles(dut.clk, 3)
    assert int(dut.irq.value) == 0
    # CTRL_START clears STATUS_ERR/ERR_CODE and BYTES_DONE; STATUS_BUSY is seen even for a 1-byte copy
    await tb.start_copy(0x10000, 0x20000, 1)
    assert await tb.rd(STATUS) == STATUS_BUSY
    assert await tb.wait_idle() == STATUS_DONE
    assert await tb.rd(BYTES_DONE) == 1


def chain(tb, base, entries):
    """Write descriptors at base + DESC_SIZE*i; entries: (src, dst, len, flags)."""
    for i, (src, dst, ln, flags) in enumerate(entries):
        tb.write_desc(base + DESC_SIZE * i, src, dst, ln, flags, base + DESC_SIZE * (i + 1))


@cocotb.test()
async def sg_chains(dut):
    """SG: a chain completes with DESC_IRQ from its flag, LAST ends it, BYTES_DONE sums; DESC for
    misaligned DESC/next and reserved flags; LEN_ZERO inside a descriptor; strict: a descriptor or
    a descriptor's buffer above the limit -> ADDR_RANGE after the earlier ones completed, nothing
    of the bad one moved."""
    tb = DmaTb(dut)
    await tb.reset()
    rng = random.Random(11)
    top = (1 << tb.aw) - 1
    bufs = [(0x10000 + 3, 0x30000 + 1, 700), (0x12000, 0x32000 + 5, 33), (0x14000 + 9, 0x34000, 4096)]
    datas = []
    for src, _, ln in bufs:
        d = bytes(rng.randrange(256) for _ in range(ln))
        tb.mem_write(src, d)
        datas.append(d)
    chain(tb, 0x8000, [(s, d, n, f) for (s, d, n), f in zip(bufs, (0, DESC_FLAG_IRQ, DESC_FLAG_LAST))])
    await tb.start_chain(0x8000)
    assert await tb.wait_idle() == STATUS_DONE | STATUS_DESC_IRQ
    assert await tb.rd(BYTES_DONE) == sum(n for _, _, n in bufs)
    for (_, dst, ln), d in zip(bufs, datas):
        assert tb.mem_read(dst, ln) == d

    async def run_chain(entries, expect_status, expect_done_bufs, err_addr=None, patch=None):
        for _, dst, ln, _ in entries:
            tb.mem_write(dst, b"\x00" * min(ln, tb.top + 1 - dst))  # the store ends at 2^W
        chain(tb, 0x9000, entries)
        if patch:
            patch()
        n_ar, n_aw = len(tb.ars), len(tb.aws)
        await tb.start_chain(0x9000)
        status = await tb.wait_idle()
        assert status == expect_status, f"STATUS {status:#x} != {expect_status:#x}"
        if err_addr is not None:
            assert await tb.rd64(ERR_ADDR_LO) == err_addr
        for k, (src, dst, ln, _) in enumerate(entries):
            if k < expect_done_bufs:
                assert tb.mem_read(dst, ln) == tb.mem_read(src, ln), f"descriptor {k} not copied"
            else:
                n = min(ln, tb.top + 1 - dst)
                assert tb.mem_read(dst, n) == b"\x00" * n, f"descriptor {k} moved data"
        return len(tb.ars) - n_ar, len(tb.aws) - n_aw

    e = [(0x10000, 0x30000, 100, 0), (0x12000, 0x32000, 200, 0), (0x14000, 0x34000, 300, DESC_FLAG_LAST)]
    # misaligned next pointer in descriptor 1
    await run_chain(e, err_status(ERR_DESC), 2,
                    patch=lambda: tb.mem_write(0x9000 + DESC_SIZE + DESC_NEXT, (0xA008).to_bytes(8, "little")))
    # reserved flag bits in descriptor 1
    await run_chain([e[0], (0x12000, 0x32000, 200, 0x100), e[2]], err_status(ERR_DESC), 1,
                    err_addr=0x9020)
    # zero length in descriptor 2
    await run_chain([e[0], e[1], (0x14000, 0x34000, 0, DESC_FLAG_LAST)], err_status(ERR_LEN_ZERO), 2)
    # misaligned first descriptor
    await tb.start_chain(0x9004)
    assert await tb.wait_idle() == err_status(ERR_DESC)
    if not tb.legacy:
        # descriptor 2 lies above the limit (impossible at ADDR_WIDTH 64: aligned, cannot wrap)
        bad_desc = top + 1

        def bad_next():
            tb.mem_write(0x9000 + DESC_SIZE + DESC_NEXT, bad_desc.to_bytes(8, "little"))
        if tb.aw < 64:
            await run_chain(e, err_status(ERR_ADDR_RANGE), 2, err_addr=bad_desc, patch=bad_next)
        # descriptor 1's destination crosses the limit: its data never moves, no AW for it
        n_ar, n_aw = await run_chain([e[0], (0x12000, top - 50, 200, 0), e[2]],
                                     err_status(ERR_ADDR_RANGE), 1, err_addr=top - 50)
        assert n_aw == len([a for a in tb.aws[-n_aw:] if a[1] < 0x31000]), "AW for the bad buffer"
        # first descriptor above the limit: nothing on the bus at all
        if tb.aw < 64:
            n_ar = len(tb.ars)
            await tb.start_chain(top + 1)
            assert await tb.wait_idle() == err_status(ERR_ADDR_RANGE)
            assert len(tb.ars) == n_ar
    tb.check_bursts()


@cocotb.test()
async def max_chain(dut):
    """More than MAX_CHAIN descriptors: MAX_CHAIN run, the next is refused with DESC; a chain
    looping on itself ends with DESC too."""
    tb = DmaTb(dut)
    await tb.reset()
    mc = tb.p["MAX_CHAIN"]
    n = mc + 2
    entries = [(0x10000 + 0x100 * i, 0x30000 + 0x100 * i, 64, 0) for i in range(n)]
    entries[-1] = entries[-1][:3] + (DESC_FLAG_LAST,)
    for src, _, ln, _ in entries:
        tb.mem_write(src, bytes(random.Random(src).randrange(256) for _ in range(ln)))
    chain(tb, 0x8000, entries)
    await tb.start_chain(0x8000)
    assert await tb.wait_idle() == err_status(ERR_DESC)
    assert await tb.rd(BYTES_DONE) == 64 * mc
    for k, (src, dst, ln, _) in enumerate(entries):
        exp = tb.mem_read(src, ln) if k < mc else bytes(ln)
        assert tb.mem_read(dst, ln) == exp, f"descriptor {k}"
    tb.write_desc(0x9000, 0x10000, 0x50000, 32, DESC_FLAG_IRQ, 0x9000)  # loops on itself
    await tb.start_chain(0x9000)
    assert await tb.wait_idle() == err_status(ERR_DESC) | STATUS_DESC_IRQ
    assert await tb.rd(BYTES_DONE) == 32 * mc


@cocotb.test()
async def bus_errors(dut):
    """SLVERR on a read or a write -> BUS, ERR_ADDR = address of the first failing burst, the
    engine drains and returns to idle (no hang), BYTES_DONE counts only OKAY bytes; the next job
    runs normally."""
    tb = DmaTb(dut)
    await tb.reset()
    rng = random.Random(13)
    ln = 6144
    data = bytes(rng.randrange(256) for _ in range(ln))
    tb.mem_write(0x100000, data)
    # read error in the middle of the source
    tb.mem.inject(0x100000 + 5000, 0x100000 + 5000)
    n_ar = len(tb.ars)
    await tb.start_copy(0x100000, 0x200000, ln)
    assert await tb.wait_idle() == err_status(ERR_BUS)
    bad = [a for c, a, l in tb.ars[n_ar:] if a <= 0x100000 + 5000 < a + (l + 1) * tb.nbytes]
    assert await tb.rd64(ERR_ADDR_LO) == bad[0]
    done = await tb.rd(BYTES_DONE)
    assert done <= 5000, f"BYTES_DONE {done} counts bytes of the failed read beat"
    assert tb.mem_read(0x200000, done) == data[:done]
    assert int(dut.m_axi_arvalid.value) == 0 and int(dut.m_axi_awvalid.value) == 0
    # write error
    tb.mem.clear_errors()
    tb.mem.inject(0x300000 + 4000, 0x300000 + 4000)
    n_aw = len(tb.aws)
    await tb.start_copy(0x100000, 0x300000 + 3, ln)
    assert await tb.wait_idle() == err_status(ERR_BUS)
    bad = [a for c, a, l in tb.aws[n_aw:] if a <= 0x300000 + 4000 < a + (l + 1) * tb.nbytes]
    assert await tb.rd64(ERR_ADDR_LO) == bad[0]
    done = await tb.rd(BYTES_DONE)
    assert done <= ln - 1
    # descriptor fetch error
    tb.mem.clear_errors()
    tb.mem.inject(0x7000, 0x701F)
    await tb.start_chain(0x7000)
    assert await tb.wait_idle() == err_status(ERR_BUS)
    assert await tb.rd64(ERR_ADDR_LO) == 0x7000
    # the engine is usable again
    tb.mem.clear_errors()
    await copy_and_check(tb, 0x100000 + 1, 0x400000 + 2, 1000, rng)
    tb.check_bursts()


@cocotb.test()
async def abort_and_reset(dut):
    """ABORT stops at a burst boundary, drains, ABORTED, data written so far is a correct prefix
    inside the destination; reset mid-job returns to idle and the engine works afterwards."""
    tb = DmaTb(dut)
    await tb.reset()
    rng = random.Random(17)
    ln = max(1024, 16 * tb.max_burst) * tb.nbytes  # long enough to abort in the middle
    data = bytes(rng.randrange(256) for _ in range(ln))
    tb.mem_write(0x100000, data)
    tb.mem_write(0x200000 - 64, b"\x5a" * (ln + 128))
    await tb.start_copy(0x100000, 0x200000, ln)
    await ClockCycles(dut.clk, 300)
    await tb.wr(CTRL, CTRL_IRQ_EN | CTRL_ABORT)
    n_ar, n_aw = len(tb.ars), len(tb.aws)
    assert await tb.wait_idle() == err_status(ERR_ABORTED)
    assert len(tb.ars) <= n_ar + 1 and len(tb.aws) <= n_aw + 1, "AR/AW issued after CTRL_ABORT"
    done = await tb.rd(BYTES_DONE)
    assert 0 < done < ln
    assert tb.mem_read(0x200000, done) == data[:done]
    assert tb.mem_read(0x200000 - 64, 64) == b"\x5a" * 64
    assert tb.mem_read(0x200000 + ln, 64) == b"\x5a" * 64
    written = max(a + (n + 1) * tb.nbytes for _, a, n in tb.aws)
    assert written <= 0x200000 + ln
    # CTRL_ABORT when idle: nothing
    await tb.wr(CTRL, CTRL_ABORT)
    assert await tb.rd(STATUS) == err_status(ERR_ABORTED)
    # reset in the middle of a job
    await tb.start_copy(0x100000, 0x300000, ln)
    await ClockCycles(dut.clk, 200)
    await tb.reset()
    assert await tb.rd(STATUS) == 0
    assert await tb.rd(CTRL) == 0
    for s in ("arvalid", "awvalid", "wvalid"):
        assert int(getattr(dut, f"m_axi_{s}").value) == 0
    await copy_and_check(tb, 0x100000 + 5, 0x500000 + 3, 1000, rng)
    # CTRL_ABORT during a descriptor chain
    entries = [(0x100000, 0x600000 + 0x10000 * i, 256 * tb.nbytes, 0) for i in range(4)]
    entries[-1] = entries[-1][:3] + (DESC_FLAG_LAST,)
    chain(tb, 0x8000, entries)
    await tb.start_chain(0x8000)
    await ClockCycles(dut.clk, 400)
    await tb.wr(CTRL, CTRL_ABORT)
    assert await tb.wait_idle() == err_status(ERR_ABORTED)
    tb.check_bursts()


@cocotb.test()
async def legacy_wrap(dut):
    """Legacy mode: upper address bits dropped, a copy crossing 2^W-1 continues at 0, descriptor
    pointers truncated too, never ADDR_RANGE."""
    tb = DmaTb(dut)
    tb.guard.enabled = False  # wrapping at 2^W is this mode's contract; burst rules still hold
    await tb.reset()
    assert tb.legacy
    rng = random.Random(19)
    span = 1 << tb.aw
    top = span - 1
    # source crossing the top: continues at 0
    hi = bytes(rng.randrange(256) for _ in range(100))
    lo = bytes(rng.randrange(256) for _ in range(200))
    tb.mem_write(top - 99, hi)
    tb.mem_write(0, lo)
    await tb.start_copy(top - 99, 0x200, 300)
    assert await tb.wait_idle() == STATUS_DONE
    assert tb.mem_read(0x200, 300) == hi + lo
    # destination crossing the top, written with upper garbage bits
    await tb.start_copy(0x200 | 0xABC << 52, (0x77 << 40) | (top - 10), 300)
    assert await tb.wait_idle() == STATUS_DONE
    assert tb.mem_read(top - 10, 11) == (hi + lo)[:11]
    assert tb.mem_read(0, 289) == (hi + lo)[11:]
    # descriptor pointer with upper bits: fetched at the truncated address
    tb.write_desc(0x400, 0x200, 0x600, 300, DESC_FLAG_LAST, 0)
    await tb.start_chain(0xF00 << 52 | span * 3 | 0x400)
    assert await tb.wait_idle() == STATUS_DONE
    assert tb.mem_read(0x600, 300) == hi + lo
    for c, a, l in tb.ars + tb.aws:
        assert a < span
    tb.check_bursts()


async def measure_throughput(dut, lat):
    """64 KiB copy from AxiMemory's lean responder (``lat``: pipelined read latency, 1 = zero
    wait); beats per cycle per direction from the first AR to the last B."""
    ln = 65536
    tb = DmaTb(dut, lean_read_latency=lat, responses="all")
    await tb.reset()
    data = bytes(random.Random(23).randrange(256) for _ in range(1024)) * (ln // 1024)
    tb.mem_write(0x10000, data)
    await tb.start_copy(0x10000, 0x80000, ln)
    assert await tb.wait_idle() == STATUS_DONE
    assert tb.mem_read(0x80000, ln) == data
    cycles = tb.bs[-1] - tb.ars[0][0] + 1
    beats = ln // tb.nbytes
    rate = beats / cycles
    dut._log.info("THROUGHPUT read_latency=%d: %d beats/direction in %d cycles = %.4f beats/cycle",
                  lat, beats, cycles, rate)
    with open(f"throughput_lat{lat}.txt", "w") as f:
        f.write(f"read_latency={lat} beats={beats} cycles={cycles} beats_per_cycle={rate:.4f}\n")
    tb.check_bursts()


@cocotb.test()
async def throughput_zero_wait(dut):
    """Zero-wait memory; printed, not asserted (the benchmarks report speed)."""
    await measure_throughput(dut, 1)


@cocotb.test()
async def throughput_read_latency16(dut):
    """16-cycle pipelined read latency; printed, not asserted."""
    await measure_throughput(dut, 16)


@cocotb.test()
async def random_backpressure(dut):
    """Random single copies and short chains (up to 250 beats, any offsets) while every AXI
    channel of the memory and of the register port stalls at random: data, guard bytes,
    BYTES_DONE and burst rules must hold."""
    tb = DmaTb(dut)
    rng = random.Random(29)

    def pauses(seed):
        r = random.Random(seed)
        return itertools.cycle([r.random() < 0.3 for _ in range(997)])

    tb.mem.set_backpressure(0.3, seed=29)
    for k, ch in enumerate((tb.axil.write_if.aw_channel, tb.axil.write_if.w_channel,
                            tb.axil.read_if.ar_channel)):
        ch.set_pause_generator(pauses(10 + k))
    await tb.reset()
    for i in range(28):
        if i % 4 == 3:
            entries, total = [], 0
            for j in range(rng.randrange(1, 4)):
                ln = rng.randrange(1, 100 * tb.nbytes)
                src = 0x100000 + j * 0x4000 + rng.randrange(0x2000)
                dst = 0x200000 + j * 0x4000 + rng.randrange(0x2000)
                tb.mem_write(src, bytes(rng.randrange(256) for _ in range(ln)))
                entries.append((src, dst, ln, 0))
                total += ln
            entries[-1] = entries[-1][:3] + (DESC_FLAG_LAST,)
            chain(tb, 0x8000 + 0x100 * i, entries)
            await tb.start_chain(0x8000 + 0x100 * i)
            assert await tb.wait_idle() == STATUS_DONE
            assert await tb.rd(BYTES_DONE) == total
            for src, dst, ln, _ in entries:
                assert tb.mem_read(dst, ln) == tb.mem_read(src, ln)
        else:
            ln = rng.randrange(1, 250 * tb.nbytes)
            await copy_and_check(tb, 0x300000 + rng.randrange(0x3000), 0x400000 + rng.randrange(0x3000),
                                 ln, rng)
    tb.check_bursts()
