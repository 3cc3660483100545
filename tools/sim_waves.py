#!/usr/bin/env python3
"""Open the newest FST written by `make sim WAVES=1` in GTKWave with bench/waves.gtkw.

Without a display (no $DISPLAY / $WAYLAND_DISPLAY) or without gtkwave, print the command
instead. `python tools/sim_waves.py PATH.fst` opens that file.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WAVES = ROOT / "build" / "sim" / "waves"
LAYOUT = ROOT / "bench" / "waves.gtkw"


def layout_for(fst: Path) -> Path:
    """bench/waves.gtkw is written for ADDR_WIDTH 32: adapt the address ranges to the width
    in the FST's folder name (w<W>) in a copy next to the FST."""
    m = re.fullmatch(r"w(\d+)", fst.parent.name)
    if not m or m.group(1) == "32":
        return LAYOUT
    hi = int(m.group(1)) - 1
    text = re.sub(r"(m_axi_a[rw]addr)\[31:0\]", rf"\1[{hi}:0]", LAYOUT.read_text())
    out = fst.parent / "waves.gtkw"
    out.write_text(text)
    return out


def main(argv: list[str]) -> int:
    if argv:
        fst = Path(argv[0])
    else:
        files = sorted(WAVES.glob("w*/*.fst"), key=lambda p: p.stat().st_mtime)
        if not files:
            print(f"no FST under {WAVES}: run e.g. `make sim WAVES=1 ADDR_WIDTH=32 "
                  f"TESTS=random_regression` first")
            return 1
        fst = files[-1]
    layout = layout_for(fst)
    cmd = ["gtkwave", "-a", str(layout), str(fst)]
    shown = " ".join(cmd)
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        print(f"no display; to inspect {fst.name} run:\n  {shown}")
        return 0
    if shutil.which("gtkwave") is None:
        print(f"gtkwave not found; install it (apt-get install gtkwave) and run:\n  {shown}")
        return 0
    print(shown)
    subprocess.Popen(cmd, start_new_session=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
