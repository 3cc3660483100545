"""`make lint` stays clean: verilator -Wall over the parameter matrix, yosys elaboration without
latches, and bad parameters rejected by every tool (tools/lint.sh). Any warning fails."""
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_lint_clean():
    res = subprocess.run([str(ROOT / "tools" / "lint.sh")], cwd=ROOT, capture_output=True,
                         text=True, timeout=600)
    out = res.stdout + res.stderr
    assert res.returncode == 0, out
    assert "lint: clean" in out, out
    assert "%Warning" not in out and "FAIL" not in out, out
