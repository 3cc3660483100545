"""tools/formal.py rejects bad input with a message naming the value and what is allowed, before
running any tool (fast: no solver runs)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tools import formal

ROOT = Path(__file__).resolve().parents[2]
RUNNER = ROOT / "tools" / "formal.py"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(RUNNER), *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)


@pytest.mark.parametrize(("args", "message"), [
    (("--group", "nosuch"), "--group nosuch: dma_engine has the groups"),
    (("--defect", "nosuch"), "--defect nosuch: dma_engine has the defects"),
    (("--param", "FOO=1"), "--param FOO=1: expected one of"),
    (("--param", "DATA_WIDTH=x"), "--param DATA_WIDTH=x: expected one of"),
    (("--depth", "0"), "--depth 0 / --base-depth 3: must be at least 1"),
    (("--top", "no_such_top"), "--top no_such_top: source"),
])
def test_bad_input_is_named(args: tuple[str, ...], message: str) -> None:
    res = run(*args)
    assert res.returncode == 2, res.stdout + res.stderr
    assert message in res.stderr, res.stderr


@pytest.mark.parametrize("top", sorted(formal.TOPS))
def test_every_planned_configuration_has_its_parameters(top: str) -> None:
    """Every job of the fast and full matrices (`make formal`, `make formal-full`) gets one value
    per parameter, its own overrides winning (a job and its group may both set the same one)."""
    spec = formal.TOPS[top]
    for matrix in (spec.fast, spec.full):
        for width, group, overrides in matrix:
            job = formal.Job(width, overrides, (group,))
            params = formal.group_params(spec, job, group)
            assert set(spec.config) <= set(params)
            for name, value in (*overrides, *spec.groups[group].overrides):
                assert params[name] == value, (top, width, group, name)
