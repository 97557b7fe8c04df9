"""Figures of one scenario run, their medians over the runs, and the table the benchmark prints."""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass, field

from wrk_run import WrkResult

# Issue #16's targets per core: (requests per second at least, p95 in ms at most, at 16 connections).
TARGETS = {
    "me": (3000, 30),
    "balance": (2000, 30),
    "child_available": (1000, 30),
    "parent_pending": (1000, 30),
    "complete_approve": (400, 30),  # 200 cycles/s of two requests
    "complete_approve_paced": (400, 30),  # the same, at the rate offered (scenarios.PACED_CYCLES_PER_SECOND)
}
# Scenarios met only without a single error (issue #16: the approval cycle).
ERROR_FREE = {"complete_approve", "complete_approve_paced"}


@dataclass(frozen=True)
class Measurement:
    """One wrk run of a scenario, with the CPU time the server and the generator spent on it."""

    wrk: WrkResult
    server_cpu_us: float | None  # per request; None when other load shared the server (login_storm)
    generator_cpu_us: float | None  # per request
    ceiling: float  # req/s of the ``ceiling`` scenario in the same run


@dataclass
class Row:
    """Every run of one scenario."""

    name: str
    runs: list[Measurement] = field(default_factory=list)

    def median(self, value: Callable[[Measurement], float | None]) -> float | None:
        values = [v for v in map(value, self.runs) if v is not None]
        return statistics.median(values) if values else None

    # Every run has these two figures, and a row is only reported once it has runs.
    @property
    def per_second(self) -> float:
        return statistics.median(m.wrk.per_second for m in self.runs)

    @property
    def p95_ms(self) -> float:
        return statistics.median(m.wrk.p95_ms for m in self.runs)


def verdict(row: Row) -> str:
    if row.name not in TARGETS:
        return ""
    rate, p95 = TARGETS[row.name]
    errors = sum(m.wrk.errors for m in row.runs)
    met = row.per_second >= rate and row.p95_ms <= p95 and (row.name not in ERROR_FREE or errors == 0)
    return f"{'met' if met else 'short'} (≥{rate:,}/s, p95 ≤{p95} ms)"


def line(name: str, runs: list[Measurement]) -> str:
    """One row of the table; with one run it shows that run, with several their medians."""
    row = Row(name, runs)

    def number(value: float | None, digits: int = 0) -> str:
        return "-" if value is None else f"{value:,.{digits}f}"

    errors = sum(m.wrk.errors for m in runs)
    requests = sum(m.wrk.requests for m in runs)
    return (f"{name:17} {number(row.per_second):>8} {number(row.median(lambda m: m.wrk.p50_ms), 1):>7} "
            f"{number(row.p95_ms, 1):>7} {number(row.median(lambda m: m.wrk.p99_ms), 1):>7} "
            f"{f'{errors}/{requests}':>13} {number(row.median(lambda m: m.server_cpu_us)):>9} "
            f"{number(row.median(lambda m: m.generator_cpu_us)):>7} {number(row.median(lambda m: m.ceiling)):>8}  "
            f"{verdict(row)}")


HEADER = (f"{'scenario':17} {'req/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'errors/reqs':>13} "
          f"{'srv µs/r':>9} {'gen µs/r':>7} {'ceiling':>8}  target")
LEGEND = ("srv µs/r: the server's CPU time per request (all its threads), which other load on the machine\n"
          "changes little; gen µs/r: wrk's own CPU time per request (its ceiling is 1e6 / that, on its core);\n"
          "ceiling: req/s of GET /api/v1/healthcheck in the same run; errors include non-2xx responses.")


def table(rows: list[Row]) -> str:
    return "\n".join([HEADER, *(line(row.name, row.runs) for row in rows), "", LEGEND])
