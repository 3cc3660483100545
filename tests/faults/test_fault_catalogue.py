"""The catalogue itself: names, one switch point per fault, activation by environment, context
manager and `pytest --fault`, and the listing behind `make faults`."""
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from models import faults

ROOT = Path(__file__).resolve().parents[2]
SWITCH = re.compile(r'faults\.on\("([^"]+)"\)')
MARK = re.compile(r"# FAULT ([A-Za-z0-9-]+)(?: / ([A-Za-z0-9-]+))?")


def _run(args, env_fault=None, **kw):
    env = {k: v for k, v in os.environ.items() if k != faults.ENV_VAR}
    if env_fault is not None:
        env[faults.ENV_VAR] = env_fault
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
                          **kw)


def test_every_fault_is_read_at_exactly_one_marked_place():
    """Kernel-side faults are read in models/, a simulated device driver's in bench/."""
    reads, marks = {}, {}
    paths = sorted((ROOT / "models").glob("*.py")) + sorted((ROOT / "bench").rglob("*.py"))
    for path in paths:
        if path.name in ("faults.py", "pytest_faults.py") and path.parent.name == "models":
            continue
        rel = path.relative_to(ROOT).as_posix()
        text = path.read_text()
        for name in SWITCH.findall(text):
            reads.setdefault(name, []).append(rel)
        for m in MARK.finditer(text):
            for name in filter(None, m.groups()):
                marks.setdefault(name, []).append(rel)
    assert set(reads) == set(faults.CATALOGUE), "switch reads and catalogue differ"
    for name, fault in faults.CATALOGUE.items():
        assert len(reads[name]) == 1, f"{name} read at {reads[name]}"
        assert marks.get(name) == reads[name], f"{name}: no FAULT comment next to its read"
        assert fault.switch.startswith(f"{reads[name][0]}: "), fault.switch


def test_catalogue_entries_are_complete():
    for name, f in faults.CATALOGUE.items():
        assert f.name == name and re.fullmatch(r"B\d-[a-z0-9-]+", name)
        assert all([f.bug, f.source, f.layer, f.rule, f.switch]), name


def test_unknown_names_are_refused_with_the_catalogue():
    with pytest.raises(ValueError, match=r"unknown fault 'B5-nope': the catalogue has "
                                         r"B1-start-only-mask, B2-zone-flags"):
        faults.parse("B1-start-only-mask, B5-nope")
    with pytest.raises(ValueError, match="unknown fault 'B1'"):
        faults.on("B1")
    before = faults.ACTIVE
    with pytest.raises(ValueError):
        faults.set_active(["nope"])
    assert faults.ACTIVE == before


def test_injected_replaces_and_restores():
    outer = faults.ACTIVE
    with faults.injected("B1-start-only-mask", "B2-min-size") as act:
        assert act == {"B1-start-only-mask", "B2-min-size"} == faults.ACTIVE
        assert faults.on("B2-min-size") and not faults.on("B2-zone-flags")
        with faults.injected():
            assert faults.ACTIVE == frozenset()
        assert faults.ACTIVE == act
    assert faults.ACTIVE == outer


def test_environment_variable_is_read_at_import():
    code = "import models.faults as f; print(sorted(f.ACTIVE))"
    r = _run([sys.executable, "-c", code], env_fault="B6-seg-boundary, B2-min-size")
    assert r.returncode == 0 and r.stdout.strip() == "['B2-min-size', 'B6-seg-boundary']"
    r = _run([sys.executable, "-c", code], env_fault="B9-typo")
    assert r.returncode != 0 and "ValueError: unknown fault 'B9-typo'" in r.stderr


def test_make_faults_listing():
    # the command of `make faults` (make itself would refresh the venv first)
    r = _run([sys.executable, "-c", "import models.faults as f; print(f.table())"])
    assert r.returncode == 0
    assert r.stdout.startswith(f"{len(faults.CATALOGUE)} faults; switch on with MASKDMA_FAULT=")
    for f in faults.CATALOGUE.values():
        assert f"\n{f.name}\n  bug:    {f.bug}\n  source: {f.source}\n" in r.stdout


PROBE = '''
import os
from models import faults
def test_probe():
    assert faults.ACTIVE == {"B4-swiotlb-leak", "B7-dmapool-cross-boundary"}
    assert os.environ["MASKDMA_FAULT"] == "B4-swiotlb-leak,B7-dmapool-cross-boundary"
'''


def test_pytest_fault_option(tmp_path):
    probe = ROOT / "tests" / "faults" / f"probe_{os.getpid()}_fault_option.py"
    probe.write_text(PROBE)
    try:
        base = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "0",
                str(probe.relative_to(ROOT))]
        r = _run(base + ["--fault", "B4-swiotlb-leak", "--fault", "B7-dmapool-cross-boundary"])
        assert r.returncode == 0, r.stdout + r.stderr
        r = _run(base + ["--fault", "B4-swiotlb-leak,B7-dmapool-cross-boundary"])
        assert r.returncode == 0, r.stdout + r.stderr
        r = _run(base + ["--fault", "B3-nothing"])
        assert r.returncode == 4 and "--fault: unknown fault 'B3-nothing'" in r.stderr
    finally:
        probe.unlink()


def test_every_fault_has_a_row_in_docs_faults_md():
    text = (ROOT / "docs" / "faults.md").read_text()
    for name in faults.CATALOGUE:
        assert f"\n| `{name}` |" in text, f"docs/faults.md has no row for {name}"
