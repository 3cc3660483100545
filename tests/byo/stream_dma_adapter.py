"""StreamDmaAdapter: binds hdl/stream_dma.v to the maskdma bench (the worked example of
docs/bring-your-own-engine.md). Only the bench's public API is used.

The engine has no registers: a copy goes in on the descriptor stream (s_axis_desc_*), its end
comes out on the status stream (m_axis_stat_*: tag and error code, no byte counter), abort_req
stops it. Clock aclk, active-low reset aresetn, reads on m_axi_rd_*, writes on m_axi_wr_*.
Aligned copies only, no chains.
"""

from __future__ import annotations

from cocotb.triggers import FallingEdge, First, RisingEdge, Timer

from bench.adapter import BenchContext, Capabilities, EngineAdapter, Work, WorkResult, WorkTimeout
from bench.ports import BusPorts

ERROR_NAMES = {0: "NONE", 1: "LEN_ZERO", 2: "ADDR_RANGE", 3: "UNALIGNED", 4: "BUS", 5: "ABORTED"}


class StreamDmaAdapter(EngineAdapter):
    name = "stream_dma"
    ports = BusPorts(clock="aclk", reset="aresetn", reset_active_low=True,
                     read_prefix="m_axi_rd", write_prefix="m_axi_wr")

    def connect(self, ctx: BenchContext) -> None:
        dut = ctx.dut
        dut.s_axis_desc_valid.value = 0
        dut.m_axis_stat_ready.value = 0
        dut.abort_req.value = 0

    async def probe(self, ctx: BenchContext) -> Capabilities:
        dut = ctx.dut
        data_width = len(dut.m_axi_rd_rdata)
        return Capabilities(
            name=self.name, addr_width=len(dut.m_axi_rd_araddr), data_width=data_width,
            max_burst_len=int(dut.MAX_BURST_LEN.value), unaligned=False, chains=False,
            byte_counter=False, legacy=False, max_length=2**32 - data_width // 8,
            error_names=ERROR_NAMES, abort=True)

    async def start(self, ctx: BenchContext, work: Work) -> None:
        dut, copy = ctx.dut, work.copies[0]
        await FallingEdge(ctx.clock)  # drive between edges: we may be called in an edge's timestep
        dut.s_axis_desc_src_addr.value = copy.src
        dut.s_axis_desc_dst_addr.value = copy.dst
        dut.s_axis_desc_len.value = copy.length
        dut.s_axis_desc_tag.value = work.id % 2 ** len(dut.s_axis_desc_tag)
        dut.s_axis_desc_valid.value = 1
        await RisingEdge(ctx.clock)
        while not dut.s_axis_desc_ready.value:  # values read at an edge are the sampled ones
            await RisingEdge(ctx.clock)
        dut.s_axis_desc_valid.value = 0
        work.state["t0"] = ctx.now_ns()

    async def wait(self, ctx: BenchContext, work: Work, timeout_cycles: int) -> WorkResult:
        dut = ctx.dut
        if not dut.m_axis_stat_valid.value:
            timer = Timer(int(timeout_cycles * ctx.period_ns), "ns")
            if await First(RisingEdge(dut.m_axis_stat_valid), timer) is timer:
                raise WorkTimeout(f"{self.name}: no status within {timeout_cycles} cycles")
        await FallingEdge(ctx.clock)
        dut.m_axis_stat_ready.value = 1
        await RisingEdge(ctx.clock)  # the handshake: sample the status at this edge
        code, tag = int(dut.m_axis_stat_error.value), int(dut.m_axis_stat_tag.value)
        dut.m_axis_stat_ready.value = 0
        expected_tag = work.id % 2 ** len(dut.s_axis_desc_tag)
        if tag != expected_tag:
            raise AssertionError(f"{self.name}: status tag {tag}, expected {expected_tag}")
        cycles = ctx.cycles_since(work.state["t0"])
        if code == 0:
            return WorkResult(True, None, cycles=cycles)
        return WorkResult(False, None, code, ERROR_NAMES.get(code, f"ERROR_{code}"), cycles=cycles)

    async def abort(self, ctx: BenchContext, work: Work) -> None:
        await FallingEdge(ctx.clock)
        ctx.dut.abort_req.value = 1
        await RisingEdge(ctx.clock)
        ctx.dut.abort_req.value = 0

    async def assert_idle(self, ctx: BenchContext) -> None:
        dut = ctx.dut
        if not dut.s_axis_desc_ready.value or dut.m_axis_stat_valid.value:
            raise AssertionError(f"{self.name} not idle after reset")
