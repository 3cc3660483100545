"""Scheduler-agnostic sleeping for GFP_KERNEL allocations and mempool waiters.

A `Sleeper` makes events (`.set()`) and waits for one with a timeout in seconds of its own
clock. `AsyncioSleeper` (default) uses asyncio; the simulation bench injects a cocotb one
(cocotb Event + Timer in simulated time).
"""
from __future__ import annotations

import asyncio
from typing import Protocol


class SleeperEvent(Protocol):
    def set(self) -> None: ...


class Sleeper(Protocol):
    """What a Machine needs to put callers to sleep."""

    def new_event(self) -> SleeperEvent:
        """A fresh, unset event."""
        ...

    async def wait(self, event: SleeperEvent, timeout: float) -> bool:
        """Wait until `event` is set (True) or `timeout` seconds pass (False)."""
        ...


class AsyncioSleeper:
    """Sleeper for asyncio: events are asyncio.Event, timeouts in wall-clock seconds."""

    def new_event(self) -> asyncio.Event:
        return asyncio.Event()

    async def wait(self, event: asyncio.Event, timeout: float) -> bool:
        try:
            await asyncio.wait_for(event.wait(), timeout)
        except TimeoutError:
            return event.is_set()
        return True


class WaitQueue:
    """A set of sleepers woken all at once (Linux wait_queue_head with wake_up_all)."""

    def __init__(self, sleeper: Sleeper) -> None:
        self.sleeper = sleeper
        self._events: list[SleeperEvent] = []

    def __len__(self) -> int:
        return len(self._events)

    async def sleep(self, timeout: float) -> bool:
        """Sleep until wake_all() or timeout; True if woken."""
        ev = self.sleeper.new_event()
        self._events.append(ev)
        try:
            return await self.sleeper.wait(ev, timeout)
        finally:
            try:
                self._events.remove(ev)
            except ValueError:
                pass

    def wake_all(self) -> None:
        """Wake every current sleeper."""
        events, self._events = self._events, []
        for ev in events:
            ev.set()
