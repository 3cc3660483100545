"""Issue 3 smoke test: a 4 KiB copy programmed over AXI-Lite into an AxiRam."""
import random

import cocotb

from dma_tb import BYTES_DONE, DONE, DmaTb


@cocotb.test()
async def smoke_copy_4k(dut):
    tb = DmaTb(dut, ram=True, ram_size=2**16)
    await tb.reset()
    rng = random.Random(1)
    data = bytes(rng.randrange(256) for _ in range(4096))
    src, dst = 0x1000, 0x4000
    tb.mem_write(src, data)
    tb.mem_write(dst - 16, b"\xee" * (4096 + 32))
    await tb.start_copy(src, dst, len(data))
    status = await tb.wait_idle()
    assert status == DONE, f"STATUS {status:#x}"
    assert tb.mem_read(dst, 4096) == data
    assert tb.mem_read(dst - 16, 16) == b"\xee" * 16
    assert tb.mem_read(dst + 4096, 16) == b"\xee" * 16
    assert await tb.rd(BYTES_DONE) == 4096
    tb.check_bursts()
    assert int(dut.irq.value) == 1
