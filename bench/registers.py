"""AxiLiteRegisters: 32- and 64-bit register access over a cocotbext-axi ``AxiLiteMaster``.

The one register layer of the bench: the engine adapters (``bench.engines``), the contract
benches under ``tests/`` and a user's adapter use it for an engine's AXI4-Lite register port.

- ``read32(off)`` / ``write32(off, value)``: one 32-bit access at a 4-byte aligned ``off``.
- ``read64(off)`` / ``write64(off, value)``: a 64-bit register as two 32-bit halves, LO at
  ``off`` and HI at ``off + 4``. Reads take LO first; writes take LO first, or, when the layer
  was given an ``rng``, both halves in a seeded random order (for engines whose contract allows
  either order).
- Every access checks the response: ``expect`` (default OKAY) is what the register port must
  answer, e.g. ``AxiResp.SLVERR`` when probing an unmapped offset. Any other answer raises
  ``RegisterResponseError`` naming the access, the offset and both responses.
- Bad arguments are refused before any bus cycle (``ValueError`` naming the value and the
  limit): an offset that is negative, not 4-byte aligned or beyond the port's address range; a
  value outside 0..2^32 - 1 (``write32``) or 0..2^64 - 1 (``write64``); an ``expect`` that is
  no AXI response.
"""

from __future__ import annotations

import random

from cocotbext.axi import AxiLiteBus, AxiLiteMaster
from cocotbext.axi.constants import AxiResp

MASK32 = (1 << 32) - 1
MASK64 = (1 << 64) - 1


class RegisterResponseError(AssertionError):
    """A register access answered another response than the one expected."""


class AxiLiteRegisters:
    """Register access through ``master``; ``name`` prefixes every error message (the engine's
    name), ``rng`` makes ``write64`` write its halves in a seeded random order."""

    def __init__(self, master: AxiLiteMaster, *, name: str = "",
                 rng: random.Random | None = None) -> None:
        self.master = master
        self.name = name
        self.rng = rng

    @classmethod
    def from_prefix(cls, dut, prefix: str, clock, reset=None, *,
                    reset_active_level: bool = True, name: str = "",
                    rng: random.Random | None = None) -> "AxiLiteRegisters":
        """An ``AxiLiteMaster`` on the ``<prefix>_*`` signals of ``dut`` and the layer over it."""
        master = AxiLiteMaster(AxiLiteBus.from_prefix(dut, prefix), clock, reset,
                               reset_active_level=reset_active_level)
        return cls(master, name=name, rng=rng)

    # -- 32-bit accesses -----------------------------------------------------------------------
    async def read32(self, off: int, expect: AxiResp | int = AxiResp.OKAY) -> int:
        """The 32-bit register at ``off``; the port must answer ``expect``."""
        want = self._expected(expect)
        self._check_offset(off)
        resp = await self.master.read(off, 4)
        self._check_response("read", off, resp.resp, want)
        return int.from_bytes(resp.data, "little")

    async def write32(self, off: int, value: int, expect: AxiResp | int = AxiResp.OKAY) -> None:
        """Write ``value`` (0..2^32 - 1) to the register at ``off``; the port must answer
        ``expect``."""
        want = self._expected(expect)
        self._check_offset(off)
        self._check_value(value, 32)
        resp = await self.master.write(off, value.to_bytes(4, "little"))
        self._check_response("write", off, resp.resp, want)

    # -- 64-bit registers (two halves) ---------------------------------------------------------
    async def read64(self, off: int, expect: AxiResp | int = AxiResp.OKAY) -> int:
        """The 64-bit register whose LO half is at ``off`` (LO read first)."""
        lo = await self.read32(off, expect)
        return lo | await self.read32(off + 4, expect) << 32

    async def write64(self, off: int, value: int, expect: AxiResp | int = AxiResp.OKAY) -> None:
        """Write ``value`` (0..2^64 - 1) to the 64-bit register whose LO half is at ``off``:
        LO then HI, or in a seeded random order when the layer has an ``rng``."""
        self._expected(expect)
        self._check_offset(off + 4)
        self._check_value(value, 64)
        halves = [(off, value & MASK32), (off + 4, value >> 32)]
        if self.rng is not None and self.rng.random() < 0.5:
            halves.reverse()
        for o, v in halves:
            await self.write32(o, v, expect)

    # -- checks --------------------------------------------------------------------------------
    def _prefix(self) -> str:
        return f"{self.name}: " if self.name else ""

    def _check_offset(self, off: int) -> None:
        limit = 1 << self.master.write_if.address_width
        if not isinstance(off, int) or off < 0 or off % 4 or off + 4 > limit:
            raise ValueError(f"{self._prefix()}register offset {off!r} is not a 4-byte aligned "
                             f"offset in 0..0x{limit - 4:x} (the AXI-Lite port has "
                             f"{self.master.write_if.address_width} address bits)")

    def _check_value(self, value: int, bits: int) -> None:
        if not isinstance(value, int) or not 0 <= value < 1 << bits:
            raise ValueError(f"{self._prefix()}register value {value!r} outside the {bits}-bit "
                             f"range 0..0x{(1 << bits) - 1:x}")

    def _check_response(self, access: str, off: int, got: int, want: AxiResp) -> None:
        if got != want:
            raise RegisterResponseError(f"{self._prefix()}AXI-Lite {access} of register "
                                        f"0x{off:02x} answered {_resp_name(got)}, expected "
                                        f"{want.name}")

    def _expected(self, expect: AxiResp | int) -> AxiResp:
        try:
            return AxiResp(expect)
        except ValueError:
            raise ValueError(f"{self._prefix()}expected response {expect!r} is no AXI response "
                             f"(one of {', '.join(f'{r.name} = {r.value}' for r in AxiResp)})"
                             ) from None


def _resp_name(resp: int) -> str:
    try:
        return AxiResp(resp).name
    except ValueError:
        return f"response {resp!r}"


__all__ = ["AxiLiteRegisters", "RegisterResponseError"]


class RegisterShorthands:
    """``wr``/``rd``/``wr64``/``rd64`` over ``self.registers`` (an ``AxiLiteRegisters``) for
    contract suites: values are taken modulo 2^32 / 2^64 (a test may write ``~value``), 64-bit
    registers LO then HI."""

    registers: AxiLiteRegisters

    async def wr(self, off: int, val: int, expect_resp: AxiResp | int = AxiResp.OKAY) -> None:
        await self.registers.write32(off, val & MASK32, expect_resp)

    async def rd(self, off: int, expect_resp: AxiResp | int = AxiResp.OKAY) -> int:
        return await self.registers.read32(off, expect_resp)

    async def wr64(self, off: int, val: int) -> None:
        await self.registers.write64(off, val & 0xFFFFFFFFFFFFFFFF)

    async def rd64(self, off: int) -> int:
        return await self.registers.read64(off)
