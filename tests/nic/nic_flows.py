"""Driver-side flows for the nic_engine bench: transmit a list of descriptors through the TX ring
and receive packets into posted RX buffers, checking every status word the device writes back
and every byte that crosses the stream ports. Rings wrap as often as the lists are long."""

from __future__ import annotations

from dataclasses import dataclass

from cocotb.triggers import ClockCycles, with_timeout
from cocotbext.axi import AxiStreamFrame

from bench.engines import nic_engine_regs as R
from bench.engines.nic_engine import err_status, frame_bytes, ok_status

from .nic_tb import NicTb

BUF_STRIDE = 0x800  # bytes between the buffers of consecutive ring slots


@dataclass(frozen=True)
class TxDesc:
    """One TX descriptor: its data (sent from the slot's own buffer unless `addr` is given),
    EOP/IRQ flags, and the error code the device must refuse it with (None: it must send it)."""

    data: bytes
    eop: bool = True
    irq: bool = False
    addr: int | None = None
    length: int | None = None  # CTRL.LEN if not len(data)
    refuse: int | None = None


@dataclass(frozen=True)
class RxBuf:
    """One posted RX buffer: its length, its address (the slot's own buffer unless given), and the
    error code the device must refuse it with (None: it must receive into it)."""

    length: int
    addr: int | None = None
    refuse: int | None = None


async def _poll_head(tb: NicTb, reg: int, last: int, size: int) -> int:
    """How many slots the ring's HEAD advanced since `last` (never a whole lap: the driver keeps
    at most size - 1 descriptors posted)."""
    return (await tb.rd(reg) - last) % size


async def _drive_ring(tb: NicTb, head_reg: int, tail_reg: int, size: int, count: int, first: int,
                      post, complete, what: str, timeout_cycles: int, poll: int) -> None:
    """Pass `count` entries through a ring of `size` slots idle with HEAD = TAIL = `first`,
    keeping at most size - 1 posted: `post(i, slot)` writes entry i's descriptor (TAIL then moves
    past the new ones), `complete(i, slot)` checks entry i once HEAD has passed it. Fails when
    the ring stalls for `timeout_cycles`; HEAD is read every `poll` cycles."""
    posted = done = 0
    head = first
    start = tb.cycle
    while done < count:
        adv = await _poll_head(tb, head_reg, head, size)
        for _ in range(adv):
            complete(done, (first + done) % size)
            done += 1
        head = (head + adv) % size
        n0 = posted
        while posted < count and posted - done < size - 1:
            post(posted, (first + posted) % size)
            posted += 1
        if posted != n0:
            await tb.wr(tail_reg, (first + posted) % size)
        assert tb.cycle - start < timeout_cycles, f"{what} stalled: {done}/{count} completed"
        await ClockCycles(tb.dut.clk, poll)


async def run_tx(tb: NicTb, base: int, size: int, descs: list[TxDesc], buf_base: int,
                 first: int = 0, timeout_cycles: int = 400_000, poll: int = 24) -> list[bytes]:
    """Post `descs` through the TX ring at `base` (programmed and enabled by the caller, idle
    with HEAD = TAIL = `first`), refilling as HEAD advances; check each STATUS write-back.
    Returns the packets the descriptors that must be sent form (concatenated up to EOP), for
    comparison with the sink."""
    tb.grant(True, buf_base, size * BUF_STRIDE)

    def complete(i: int, slot: int) -> None:
        d, st = descs[i], tb.desc_status(base, slot)
        want = (err_status(d.refuse, d.eop) if d.refuse is not None
                else ok_status(len(d.data), d.eop))
        assert st == want, f"TX descriptor {i} (slot {slot}): STATUS {st:#x}, want {want:#x}"

    def post(i: int, slot: int) -> None:
        d = descs[i]
        addr = d.addr if d.addr is not None else buf_base + slot * BUF_STRIDE
        if d.addr is None:
            tb.mem_write(addr, d.data)
        flags = (R.DESC_CTRL_EOP if d.eop else 0) | (R.DESC_CTRL_IRQ if d.irq else 0)
        tb.write_desc(base, slot, addr, len(d.data) if d.length is None else d.length, flags)

    await _drive_ring(tb, R.TX_HEAD, R.TX_TAIL, size, len(descs), first, post, complete, "TX",
                      timeout_cycles, poll)
    packets, cur = [], b""
    for d in descs:
        if d.refuse is None:
            cur += d.data
            if d.eop:
                packets.append(cur)
                cur = b""
    return packets


async def collect_tx(tb: NicTb, packets: list[bytes], timeout_us: int = 2000) -> list:
    """Receive len(packets) frames from the TX sink and compare every byte (and tkeep: low
    only at a frame's tail); returns the frames (uncompacted, with their times)."""
    frames = []
    for i, want in enumerate(packets):
        frame = await with_timeout(tb.tx_sink.recv(compact=False), timeout_us, "us")
        frames.append(frame)
        got = frame_bytes(frame)
        if got != want:
            first = next((k for k, (a, b) in enumerate(zip(got, want)) if a != b),
                         min(len(got), len(want)))
            raise AssertionError(f"TX packet {i}: {len(got)} bytes received, {len(want)} sent; "
                                 f"first difference at {first}")
    assert tb.tx_sink.empty(), "TX sink holds more packets than were sent"
    return frames


def rx_chunks(packets: list[bytes], buf_len: int) -> list[tuple[bytes, bool]]:
    """How the device splits packets into buffers of buf_len bytes: (bytes, ends the packet)."""
    out = []
    for p in packets:
        for off in range(0, len(p), buf_len):
            out.append((p[off:off + buf_len], off + buf_len >= len(p)))
    return out


async def run_rx(tb: NicTb, base: int, size: int, bufs: list[RxBuf], packets: list[bytes],
                 buf_base: int, first: int = 0, timeout_cycles: int = 400_000,
                 poll: int = 24) -> None:
    """Post `bufs` through the RX ring at `base` (programmed and enabled by the caller, idle
    with HEAD = TAIL = `first`) and send
    `packets` on the RX stream; check every STATUS and every byte landed in the buffers. The
    usable buffers must all have one length and be exactly as many as the packets need."""
    lens = {b.length for b in bufs if b.refuse is None}
    assert len(lens) == 1, "run_rx: usable buffers share one length"
    chunks = rx_chunks(packets, lens.pop())
    assert len(chunks) == sum(b.refuse is None for b in bufs), "run_rx: buffers != chunks"
    tb.grant(False, buf_base, size * BUF_STRIDE)
    for p in packets:
        tb.rx_src.send_nowait(AxiStreamFrame(p))
    placed: dict[int, int] = {}
    k = 0  # the next chunk a usable buffer receives

    def complete(i: int, slot: int) -> None:
        nonlocal k
        b, st = bufs[i], tb.desc_status(base, slot)
        if b.refuse is not None:
            want = err_status(b.refuse)
            assert st == want, f"RX buffer {i}: STATUS {st:#x}, want {want:#x}"
            return
        data, eop = chunks[k]
        want = ok_status(len(data), eop)
        assert st == want, f"RX buffer {i} (chunk {k}): STATUS {st:#x}, want {want:#x}"
        got = tb.mem_read(tb.p.bus_addr(placed[i]), b.length)
        assert got[:len(data)] == data, f"RX buffer {i} (chunk {k}): data differ"
        assert got[len(data):] == b"\xee" * (b.length - len(data)), \
            f"RX buffer {i} (chunk {k}): bytes written past the packet"
        k += 1

    def post(i: int, slot: int) -> None:
        b = bufs[i]
        addr = b.addr if b.addr is not None else buf_base + slot * BUF_STRIDE
        placed[i] = addr
        if b.refuse is None:
            tb.mem_write(tb.p.bus_addr(addr), b"\xee" * b.length)
        tb.write_desc(base, slot, addr, b.length)

    await _drive_ring(tb, R.RX_HEAD, R.RX_TAIL, size, len(bufs), first, post, complete, "RX",
                      timeout_cycles, poll)
    assert k == len(chunks)
