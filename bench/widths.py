"""The address-width test matrix: the ONE place that lists the device widths simulated.

Adding a width is one entry in ``DEFAULT_WIDTHS``; ``pytest --addr-width N`` (repeatable) or
``make sim ADDR_WIDTH="N M"`` replaces the list for one run.
"""

from __future__ import annotations

# Device address widths (bits of m_axi_araddr/awaddr) simulated by default.
DEFAULT_WIDTHS: tuple[int, ...] = (24, 30, 31, 32, 36, 40, 48, 64)

# The engine's contract allows 12..64 (DESIGN.md "Contract of the HDL"); the device bench needs
# at least 1 MiB of device-addressable memory for its pool, bounce slots and buffers (Linux
# itself refuses DMA masks below 24 bits, the old ISA DMA zone).
MIN_WIDTH, MAX_WIDTH = 20, 64

# Fixed engine parameters for the device-level bench.
DATA_WIDTH = 64
MAX_BURST_LEN = 16


def parse_widths(values) -> list[int]:
    """Turn ["29", "30,31", "40 48"] into [29, 30, 31, 40, 48]; ValueError naming a bad entry."""
    out: list[int] = []
    for value in values:
        for tok in str(value).replace(",", " ").split():
            try:
                w = int(tok, 0)
            except ValueError:
                raise ValueError(f"address width {tok!r} is not an integer") from None
            if not MIN_WIDTH <= w <= MAX_WIDTH:
                raise ValueError(f"address width {w} outside {MIN_WIDTH}..{MAX_WIDTH} (the engine "
                                 f"takes 12..64; the device bench needs >= {MIN_WIDTH} bits, 1 MiB, "
                                 f"to place its buffers)")
            if w not in out:
                out.append(w)
    return out
