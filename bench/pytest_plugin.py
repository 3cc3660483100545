"""pytest plugin: the ``--addr-width N`` option of the device-level tests (tests/sim).

tests/sim/conftest.py registers the option when pytest is pointed at tests/sim (or deeper).
For ``pytest --addr-width 29`` from the repository root (testpaths = tests) the option must be
known before tests/sim/conftest.py is loaded: load this plugin there (``-p bench.pytest_plugin``,
or ``pytest_plugins = ["bench.pytest_plugin"]`` in a root conftest).
"""

from __future__ import annotations

from bench.widths import DEFAULT_WIDTHS, parse_widths


def add_addr_width_option(parser) -> None:
    try:
        parser.addoption("--addr-width", action="append", default=[], metavar="N",
                         help="device address width(s) to simulate in tests/sim (repeatable, "
                              "'29,30' allowed; replaces the default list "
                              f"{','.join(map(str, DEFAULT_WIDTHS))})")
    except ValueError:  # already registered (plugin and conftest both loaded)
        pass


def pytest_addoption(parser):
    add_addr_width_option(parser)


def selected_widths(config) -> list[int]:
    """The widths of this run: ``--addr-width`` values, else bench.widths.DEFAULT_WIDTHS."""
    given = config.getoption("addr_width", default=None) or []
    return parse_widths(given) or list(DEFAULT_WIDTHS)
