"""Shared settings of the contract suites, and the per-operation example counts at the end."""

from __future__ import annotations

import pytest

from contract_tests import _stats


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    lines = _stats.table()
    if not lines:
        return
    terminalreporter.section("contract: generated examples per operation")
    for line in lines:
        terminalreporter.write_line(line)
