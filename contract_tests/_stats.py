"""How many generated examples each suite ran per operation; printed at the end of the run."""

from __future__ import annotations

import os
from collections import defaultdict
from typing import Any

from hypothesis import HealthCheck, Phase, settings

#: Examples per operation and suite; CONTRACT_MAX_EXAMPLES overrides (e.g. 5 for a smoke run).
MAX_EXAMPLES = int(os.environ.get("CONTRACT_MAX_EXAMPLES", "25"))


def contract_settings(max_examples: int = MAX_EXAMPLES, **overrides: Any) -> settings:
    """Deterministic, bounded hypothesis settings: the same examples on every run and machine."""
    if "CONTRACT_MAX_EXAMPLES" in os.environ:
        max_examples = min(max_examples, MAX_EXAMPLES)
    if os.environ.get("CONTRACT_NO_SHRINK"):
        # Runs that expect a failure (deliberate breaks) want it fast, not minimal.
        overrides.setdefault("phases", [Phase.explicit, Phase.reuse, Phase.generate])
    return settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
        **overrides,
    )


#: (suite, operation id) -> examples run
EXAMPLES: defaultdict[tuple[str, str], int] = defaultdict(int)


def count(suite: str, operation: str, n: int = 1) -> None:
    EXAMPLES[(suite, operation)] += n


def table() -> list[str]:
    """One line per operation, one column per suite."""
    if not EXAMPLES:
        return []
    suites = sorted({suite for suite, _ in EXAMPLES})
    operations = sorted({op for _, op in EXAMPLES})
    width = max(len(op) for op in operations)
    lines = ["operation".ljust(width) + "".join(f"  {s:>12}" for s in suites)]
    for op in operations:
        cells = "".join(f"  {EXAMPLES.get((s, op), 0):>12}" for s in suites)
        lines.append(op.ljust(width) + cells)
    totals = "".join(
        f"  {sum(n for (s, _), n in EXAMPLES.items() if s == suite):>12}" for suite in suites
    )
    lines.append("total".ljust(width) + totals)
    return lines
