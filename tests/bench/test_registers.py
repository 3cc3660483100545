"""bench.registers without a simulator: a fake AXI-Lite master that records every access and
answers from a table, driven with asyncio."""

from __future__ import annotations

import asyncio
import random
from types import SimpleNamespace

import pytest
from cocotbext.axi.constants import AxiResp

from bench.registers import AxiLiteRegisters, RegisterResponseError

UNMAPPED = 0x80


class FakeMaster:
    """32-bit registers in a dict; ``UNMAPPED`` answers SLVERR; 8 address bits."""

    def __init__(self) -> None:
        self.regs: dict[int, int] = {}
        self.log: list[tuple[str, int, int | None]] = []
        self.write_if = SimpleNamespace(address_width=8)

    async def read(self, off: int, n: int):
        assert n == 4
        self.log.append(("read", off, None))
        if off == UNMAPPED:
            return SimpleNamespace(resp=AxiResp.SLVERR, data=bytes(4))
        return SimpleNamespace(resp=AxiResp.OKAY,
                               data=self.regs.get(off, 0).to_bytes(4, "little"))

    async def write(self, off: int, data: bytes):
        value = int.from_bytes(data, "little")
        self.log.append(("write", off, value))
        if off == UNMAPPED:
            return SimpleNamespace(resp=AxiResp.SLVERR)
        self.regs[off] = value
        return SimpleNamespace(resp=AxiResp.OKAY)


def run(coro):
    return asyncio.run(coro)


def test_32_and_64_bit_round_trip() -> None:
    m = FakeMaster()
    r = AxiLiteRegisters(m)
    run(r.write32(0x10, 0xDEADBEEF))
    assert run(r.read32(0x10)) == 0xDEADBEEF
    run(r.write64(0x20, 0x0123456789ABCDEF))
    assert m.regs[0x20] == 0x89ABCDEF and m.regs[0x24] == 0x01234567
    m.log.clear()
    assert run(r.read64(0x20)) == 0x0123456789ABCDEF
    assert [off for _, off, _ in m.log] == [0x20, 0x24], "read64 reads LO first"


def test_write64_without_rng_writes_lo_first() -> None:
    m = FakeMaster()
    r = AxiLiteRegisters(m)
    for _ in range(8):
        m.log.clear()
        run(r.write64(0x08, 1 << 40 | 7))
        assert [off for _, off, _ in m.log] == [0x08, 0x0C]


def test_write64_with_rng_takes_both_orders_reproducibly() -> None:
    def orders(seed: int) -> list[tuple[int, ...]]:
        m = FakeMaster()
        r = AxiLiteRegisters(m, rng=random.Random(seed))
        seen = []
        for i in range(32):
            m.log.clear()
            run(r.write64(0x08, i << 32 | i))
            seen.append(tuple(off for _, off, _ in m.log))
            assert m.regs[0x08] == i and m.regs[0x0C] == i
        return seen

    got = orders(2008)
    assert set(got) == {(0x08, 0x0C), (0x0C, 0x08)}
    assert got == orders(2008), "same seed, same half orders"


def test_expected_slverr_passes_and_okay_fails_on_unmapped() -> None:
    r = AxiLiteRegisters(FakeMaster(), name="eng")
    assert run(r.read32(UNMAPPED, AxiResp.SLVERR)) == 0
    run(r.write32(UNMAPPED, 1, expect=2))
    with pytest.raises(RegisterResponseError,
                       match=r"eng: AXI-Lite read of register 0x80 answered SLVERR, "
                             r"expected OKAY"):
        run(r.read32(UNMAPPED))
    with pytest.raises(RegisterResponseError,
                       match=r"eng: AXI-Lite write of register 0x80 answered SLVERR, "
                             r"expected OKAY"):
        run(r.write32(UNMAPPED, 1))
    with pytest.raises(RegisterResponseError,
                       match=r"read of register 0x04 answered OKAY, expected SLVERR"):
        run(r.read32(0x04, AxiResp.SLVERR))
    assert isinstance(RegisterResponseError("x"), AssertionError)


@pytest.mark.parametrize("off, why", [(-4, "-4"), (0x02, "2"), (0xFE, "254"), (0x100, "256")])
def test_bad_offset_is_refused_before_any_access(off: int, why: str) -> None:
    m = FakeMaster()
    r = AxiLiteRegisters(m, name="eng")
    with pytest.raises(ValueError, match=rf"eng: register offset {why} is not a 4-byte aligned "
                                         rf"offset in 0\.\.0xfc \(the AXI-Lite port has 8"):
        run(r.read32(off))
    with pytest.raises(ValueError, match=rf"register offset {why} "):
        run(r.write32(off, 0))
    assert m.log == []


def test_write64_checks_both_halves_fit_before_writing() -> None:
    m = FakeMaster()
    r = AxiLiteRegisters(m)
    with pytest.raises(ValueError, match=r"register offset 256 "):
        run(r.write64(0xFC, 0))
    assert m.log == []


@pytest.mark.parametrize("value", [-1, 1 << 32])
def test_write32_value_outside_32_bits_is_refused(value: int) -> None:
    m = FakeMaster()
    with pytest.raises(ValueError, match=rf"register value {value} outside the 32-bit range "
                                         r"0\.\.0xffffffff"):
        run(AxiLiteRegisters(m).write32(0, value))
    assert m.log == []


@pytest.mark.parametrize("value", [-1, 1 << 64])
def test_write64_value_outside_64_bits_is_refused(value: int) -> None:
    m = FakeMaster()
    with pytest.raises(ValueError, match=rf"register value {value} outside the 64-bit range "
                                         r"0\.\.0xffffffffffffffff"):
        run(AxiLiteRegisters(m, rng=random.Random(1)).write64(0, value))
    assert m.log == []


def test_unknown_expected_response_is_refused() -> None:
    m = FakeMaster()
    with pytest.raises(ValueError, match=r"expected response 5 is no AXI response \(one of "
                                         r"OKAY = 0, EXOKAY = 1, SLVERR = 2, DECERR = 3\)"):
        run(AxiLiteRegisters(m).read32(0, 5))
    assert m.log == []
