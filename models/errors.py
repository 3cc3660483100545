"""Exceptions raised by the models.

Every misuse raises; nothing is reported by return value except allocation failure (None or
DMA_MAPPING_ERROR, as in Linux). A call that raises leaves the model's state unchanged.
"""
from __future__ import annotations


class ModelError(Exception):
    """Base class of the model-specific exceptions."""


class BadFreeError(ModelError, ValueError):
    """A free that does not match a live allocation: double free, wrong size or order,
    misaligned or foreign address. Subclass of ValueError."""


class DmaDebugError(ModelError, AssertionError):
    """DMA API misuse, worded like Linux's dma-debug: unknown handle, size or direction
    mismatch, double unmap, sync in the wrong direction, mappings leaked at teardown."""


def hx(value: object) -> str:
    """Format an address-like value for a message: hex for ints, repr otherwise."""
    return f"{value:#x}" if isinstance(value, int) and not isinstance(value, bool) else repr(value)


class KernelBugError(ModelError, AssertionError):
    """An invariant of the modelled kernel is broken (Linux would BUG or WARN): the mapping a
    device is given is unreachable or crosses its segment boundary, a dma_pool chunk is carved
    wrongly, the mask allocator gets a size below its minimum. The checks that raise it are
    independent of the code they check; only a switched-on fault (models/faults.py) reaches
    them."""
