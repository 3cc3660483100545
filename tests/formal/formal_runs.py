"""Running tools/formal.py from the formal tests and reading its report."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tools import formal

ROOT = Path(__file__).resolve().parents[2]
RUNNER = ROOT / "tools" / "formal.py"

__all__ = ["formal", "run_formal", "base_failures", "counterexample_text"]


def run_formal(*args: str, top: str | None = None, timeout: float = 900) -> tuple[int, str]:
    """Run tools/formal.py (``--top top`` when given); (exit status, stdout + stderr)."""
    cmd = [sys.executable, str(RUNNER), *(("--top", top) if top else ()), *args]
    res = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    return res.returncode, res.stdout + res.stderr


def base_failures(out: str) -> list[str]:
    """The failed assertions of the report's bounded check from reset ("  base" line), which
    must say FAIL; AssertionError with the report otherwise."""
    assert "  base" in out, out
    base = out.split("  base", 1)[1]
    assert base.split()[0] == "FAIL", out
    failed = re.findall(r"failed assertion: (.*)", base)
    assert failed, out
    return failed


def counterexample_text(out: str) -> str:
    """The counterexample VCD of the report's bounded check from reset, as text (non-empty)."""
    m = re.search(r"counterexample: (\S+\.vcd)", out.split("  base", 1)[1])
    assert m, out
    vcd = Path(m.group(1))
    assert vcd.is_file() and vcd.stat().st_size > 0, out
    return vcd.read_text(errors="replace")
