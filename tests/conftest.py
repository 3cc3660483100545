"""Options and scheduling for every test under tests/: `--fault NAME` (models/pytest_faults.py),
and, under `--dist loadgroup` (`make test`, `make sim`), one xdist worker per simulator run."""
from __future__ import annotations

import re

from models.pytest_faults import (pytest_addoption, pytest_configure,  # noqa: F401
                                  pytest_report_header)

# Test files whose tests share one simulator run (a lock, the first test runs it for all).
SHARED_RUN_FILES = ("tests/sim/test_sim_machine.py", "tests/faults/test_sim_faults.py")
_DEVICE_TEST = re.compile(r"::test_device\[w(\d+)-")


def sim_scope(nodeid: str) -> str:
    """The scheduling unit of a test under `--dist loadgroup`: every device test of a width
    ("sim-w<W>": its builds' simulator runs), every test of a file in SHARED_RUN_FILES, an
    explicit xdist group suffix ("...@name"), else the test alone."""
    if nodeid.rfind("@") > nodeid.rfind("]"):
        return nodeid.split("@")[-1]
    m = _DEVICE_TEST.search(nodeid)
    if m:
        return f"sim-w{m.group(1)}"
    path = nodeid.split("::", 1)[0]
    return next((f for f in SHARED_RUN_FILES if path.endswith(f)), nodeid)


def pytest_xdist_make_scheduler(config, log):
    """`--dist loadgroup` (make test, make sim): one worker runs all tests of a simulator run
    (``sim_scope``). xdist 3.8 marks a group by renaming the test's node id, which pytest 9
    ignores: its loadgroup then hands out single tests, and the tests of one width end up on
    both workers, one waiting on the other's simulator lock."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class SimRunScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return sim_scope(nodeid)

    return SimRunScheduling(config, log)
