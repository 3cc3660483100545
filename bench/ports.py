"""BusPorts: how a DUT names its clock, its reset and its AXI4 master port.

Importable without a simulator (cocotb and cocotbext-axi are imported where used).

Described once and shared by everything that touches the port: the memory
(``bench.memory.AxiMemory``), the handshake monitor (``bench.monitor.AxiMonitor``) and the
engine adapter. The read channels (AR, R) and the write channels (AW, W, B) may carry different
prefixes; ``signals`` renames single signals that follow no prefix at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

READ_SIGNALS = ("arid", "araddr", "arlen", "arsize", "arburst", "arlock", "arcache", "arprot",
                "arqos", "arregion", "aruser", "arvalid", "arready",
                "rid", "rdata", "rresp", "rlast", "ruser", "rvalid", "rready")
WRITE_SIGNALS = ("awid", "awaddr", "awlen", "awsize", "awburst", "awlock", "awcache", "awprot",
                 "awqos", "awregion", "awuser", "awvalid", "awready",
                 "wdata", "wstrb", "wlast", "wuser", "wvalid", "wready",
                 "bid", "bresp", "buser", "bvalid", "bready")


@dataclass(frozen=True)
class BusPorts:
    """Names of a DUT's clock, reset and AXI4 master port.

    ``read_prefix`` names the AR and R channels (``<read_prefix>_araddr``, ...),
    ``write_prefix`` the AW, W and B channels. ``signals`` maps an AXI signal name ("araddr",
    "bresp", ...) to the DUT's own name for it and wins over the prefixes. ``reset_active_low``
    says the reset is asserted at 0.
    """

    clock: str = "clk"
    reset: str = "rst"
    reset_active_low: bool = False
    read_prefix: str = "m_axi"
    write_prefix: str = "m_axi"
    signals: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        unknown = sorted(set(self.signals) - set(READ_SIGNALS) - set(WRITE_SIGNALS))
        if unknown:
            raise ValueError(f"BusPorts.signals: {unknown} are not AXI4 signal names (known: "
                             f"{', '.join(READ_SIGNALS + WRITE_SIGNALS)})")
        object.__setattr__(self, "signals", MappingProxyType(dict(self.signals)))

    def __hash__(self) -> int:
        return hash((self.clock, self.reset, self.reset_active_low, self.read_prefix,
                     self.write_prefix, tuple(sorted(self.signals.items()))))

    def signal_name(self, axi_name: str) -> str:
        """The DUT's name of AXI signal ``axi_name`` (e.g. "araddr" -> "m_axi_araddr")."""
        if axi_name in self.signals:
            return self.signals[axi_name]
        if axi_name in READ_SIGNALS:
            return f"{self.read_prefix}_{axi_name}"
        if axi_name in WRITE_SIGNALS:
            return f"{self.write_prefix}_{axi_name}"
        raise ValueError(f"{axi_name!r} is not an AXI4 signal name")

    def signal(self, dut, axi_name: str):
        """The handle of AXI signal ``axi_name``; AttributeError naming the DUT signal if absent."""
        name = self.signal_name(axi_name)
        try:
            return getattr(dut, name)
        except AttributeError:
            raise AttributeError(f"DUT has no signal {name!r} (AXI {axi_name}; {self})") from None

    def has_signal(self, dut, axi_name: str) -> bool:
        return hasattr(dut, self.signal_name(axi_name))

    def clock_signal(self, dut):
        return getattr(dut, self.clock)

    def reset_signal(self, dut):
        return getattr(dut, self.reset)

    @property
    def reset_level(self) -> int:
        """The value that asserts the reset."""
        return 0 if self.reset_active_low else 1

    def _view(self, dut, names, prefix: str):
        return _PortView(dut, {n: self.signal_name(n) for n in names
                               if hasattr(dut, self.signal_name(n))}, f"{dut._name}.{prefix}")

    def read_bus(self, dut):
        """cocotbext-axi ``AxiReadBus`` (AR + R) of this port."""
        from cocotbext.axi import AxiReadBus
        return AxiReadBus.from_entity(self._view(dut, READ_SIGNALS, self.read_prefix))

    def write_bus(self, dut):
        """cocotbext-axi ``AxiWriteBus`` (AW + W + B) of this port."""
        from cocotbext.axi import AxiWriteBus
        return AxiWriteBus.from_entity(self._view(dut, WRITE_SIGNALS, self.write_prefix))

    def axi_bus(self, dut):
        """cocotbext-axi ``AxiBus`` of both halves (what ``AxiSlave`` takes)."""
        from cocotbext.axi import AxiBus
        return AxiBus(write=self.write_bus(dut), read=self.read_bus(dut))

    async def assert_reset(self, dut, cycles: int = 4) -> None:
        """Hold the reset asserted for ``cycles`` clocks, release it, wait two more clocks."""
        from cocotb.triggers import ClockCycles

        rst, clk = self.reset_signal(dut), self.clock_signal(dut)
        rst.value = self.reset_level
        await ClockCycles(clk, cycles)
        rst.value = 1 - self.reset_level
        await ClockCycles(clk, 2)


class _PortView:
    """The DUT seen through BusPorts: attribute ``araddr`` is the DUT's handle for it, so that
    cocotbext-axi's ``from_entity`` finds every signal by its AXI name."""

    def __init__(self, dut, names: dict[str, str], label: str):
        self._dut = dut
        self._names = names
        self._log = dut._log
        self._name = label  # cocotbext-axi names its loggers "cocotb.<_name>"

    def __dir__(self):
        return list(self._names)

    def __getattr__(self, name: str):
        names = self.__dict__.get("_names", {})
        if name in names:
            return getattr(self._dut, names[name])
        raise AttributeError(name)
