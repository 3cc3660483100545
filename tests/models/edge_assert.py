"""Assertions at a device's limit for the edge tests (tests/models/test_edge_*.py).

A *candidate* is the memory a path could hand out, given by its first and last byte (inclusive);
the *limit* is the last byte the device can address. Every failure message names the path, the
candidate's first and last byte, the limit and the rule that was broken, so that a failing edge
test reads like a bug report:

    dma_map_single: candidate [0xfffff000..0x100000fff] (8192 bytes), limit 0xffffffff:
    rule: a handle's last byte <= the limit; got handle 0xfffff000
"""
from __future__ import annotations


def edge_msg(path: str, first: int, last: int, limit: int, rule: str, got: str = "") -> str:
    """The message every edge assertion prints."""
    msg = (f"{path}: candidate [{first:#x}..{last:#x}] ({last - first + 1} bytes), "
           f"limit {limit:#x}: rule: {rule}")
    return msg + (f"; got {got}" if got else "")


def span(first: int, size: int) -> tuple[int, int]:
    """(first, last) of `size` bytes at `first`."""
    return first, first + size - 1


def fmt(value: int | None) -> str:
    return "None" if value is None else f"{value:#x}"


def assert_within(path: str, first: int, last: int, limit: int,
                  rule: str = "a handle's last byte <= the limit") -> None:
    """What the path handed out, [first, last], lies at or below the limit."""
    assert first <= last <= limit, edge_msg(path, first, last, limit, rule)


def assert_straddles(path: str, first: int, last: int, limit: int) -> None:
    """Set-up check: the candidate starts at or below the limit and ends above it."""
    assert first <= limit < last, edge_msg(path, first, last, limit,
                                           "test set-up: the candidate must straddle the limit")


def assert_exact_fit(path: str, got: int | None, first: int, last: int, limit: int,
                     rule: str = "a candidate ending exactly at the limit is accepted") -> None:
    """The candidate [first, last] ends exactly at the limit and the path handed it out
    (`got` is the start of what the path returned)."""
    assert last == limit, edge_msg(path, first, last, limit,
                                   "test set-up: the candidate must end exactly at the limit")
    assert got == first, edge_msg(path, first, last, limit, rule, got=fmt(got))


def assert_not_handed(path: str, got: int | None, got_size: int, first: int, last: int,
                      limit: int, rule: str) -> None:
    """The straddling candidate [first, last] was not handed out: `got` (start of what the
    path returned, None/refused allowed) is elsewhere, and ends at or below the limit."""
    assert_straddles(path, first, last, limit)
    assert got != first, edge_msg(path, first, last, limit, rule, got=f"{got:#x} (the candidate)")
    if got is not None:
        assert got + got_size - 1 <= limit, edge_msg(
            path, first, last, limit, rule,
            got=f"[{got:#x}..{got + got_size - 1:#x}] (above the limit)")


def assert_refused(path: str, got: int | None, refused: int | None, first: int, last: int,
                   limit: int, rule: str) -> None:
    """The path refused (returned `refused`) a request whose only candidates end above the
    limit; [first, last] is the straddling candidate it must not hand out."""
    assert_straddles(path, first, last, limit)
    assert got == refused, edge_msg(path, first, last, limit, rule, got=fmt(got))
