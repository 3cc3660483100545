"""tools/solvers/bitwuzla, the command-line Bitwuzla that yosys-smtbmc runs for the long proofs:
it answers check-sat and get-value the way smtbmc parses them, one line each, incrementally
(push/pop), and reports an error like a solver does (fast: tiny SMT-LIB2 scripts)."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHIM = ROOT / "tools" / "solvers" / "bitwuzla"


def solve(script: str) -> list[str]:
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join((str(ROOT / ".venv" / "bin"), env.get("PATH", "")))
    res = subprocess.run([str(SHIM), "--smt2", "-i"], input=script, capture_output=True,
                         text=True, env=env, timeout=60, check=True)
    return res.stdout.splitlines()


def test_sat_model_and_incremental_unsat() -> None:
    out = solve("""(set-option :produce-models true)
        (set-logic QF_BV)
        (declare-fun x () (_ BitVec 8)) ; a comment (with parentheses)
        (assert (= (bvadd x #x01) #x10))
        (check-sat)
        (get-value (x (bvadd x x)))
        (push 1)
        (assert (= x #x00))
        (check-sat)
        (pop 1)
        (check-sat)
        (exit)""")
    assert out == ["sat", "((x #b00001111) ((bvadd x x) #b00011110))", "unsat", "sat"]


def test_error_is_reported_not_swallowed() -> None:
    out = solve("(set-logic QF_BV)\n(assert (= y #x00))\n(check-sat)\n")
    assert out[0].startswith("(error ") and "y" in out[0]
    assert out[1] == "sat"
