"""A cocotb implementation of the models' Sleeper protocol (docs/models-api.md, "Sleeping").

Waiting callers in the models (GFP_KERNEL allocations, mempool sleepers) await
``Sleeper.wait(event, timeout)``; here the wait happens in *simulated* time, so a DMA completion
(which frees memory from a cocotb coroutine) wakes a sleeping allocation inside the same
simulation.
"""

from __future__ import annotations

from cocotb.triggers import Event, with_timeout

try:  # cocotb 2.x
    from cocotb.triggers import SimTimeoutError
except ImportError:  # pragma: no cover
    from cocotb.result import SimTimeoutError


class CocotbSleeper:
    """Sleeper whose clock is the simulator's: ``timeout`` seconds of simulated time.

    ``scale`` shrinks every timeout (default 1e-5: Kleen's 5 s becomes 50 us of simulated time,
    i.e. 5000 cycles at 100 MHz) so that a sleeper nobody wakes fails within the test budget.
    Counters ``waits``, ``wakeups`` and ``timeouts`` let tests prove a sleeper really slept.
    """

    def __init__(self, scale: float = 1e-5):
        self.scale = scale
        self.waits = 0
        self.wakeups = 0
        self.timeouts = 0

    def new_event(self) -> Event:
        return Event()

    async def wait(self, event: Event, timeout: float | None) -> bool:
        if event.is_set():
            return True
        self.waits += 1
        if timeout is None:
            await event.wait()
            self.wakeups += 1
            return True
        ns = max(1, int(timeout * self.scale * 1e9))
        try:
            await with_timeout(event.wait(), ns, "ns")
        except SimTimeoutError:
            self.timeouts += 1
            return False
        self.wakeups += 1
        return True

    def __repr__(self) -> str:
        return (f"CocotbSleeper(scale={self.scale}, waits={self.waits}, "
                f"wakeups={self.wakeups}, timeouts={self.timeouts})")

