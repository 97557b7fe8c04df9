"""Updates of labelled Prometheus series without the checks prometheus_client repeats on every call.

Why it is needed: every request updates seven series (api/metrics/http.py), and each public call
(``inc``, ``dec``, ``observe``) first checks that the metric is a labelled child, then updates its
values; for a series looked up once (``labels()``) the check can only pass, yet the seven of them
cost a trivial request about a tenth of its time. The functions here take the values of a child once
and update them as the public methods would: a counter's or a gauge's value, a summary's count and
sum, a histogram's sum and the first bucket whose upper bound is at least the observation. They
work the same in multiprocess mode, where the values are backed by files.

Importing this module with a prometheus-client version it was not checked against fails: check the
attributes read below (``_value``, ``_count``, ``_sum``, ``_buckets``, ``_upper_bounds``) and the
bodies of ``Counter.inc``, ``Gauge.inc``, ``Summary.observe`` and ``Histogram.observe`` against the new
release, then widen the range.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Protocol

from prometheus_client import Counter, Gauge, Histogram, Summary

from models.library_versions import require_version

require_version("prometheus-client", at_least="0.26.0", below="0.27", adapter=__name__)


class Value(Protocol):
    def inc(self, amount: float) -> None: ...


def value_of(child: Counter | Gauge) -> Value:
    """The value a labelled counter or gauge adds to: ``inc(1)`` counts one, ``inc(-1)`` takes one off a gauge."""
    return child._value


class SummaryValues:
    """A labelled summary's count and sum: :meth:`observe` is ``Summary.observe``."""

    __slots__ = ("_count", "_sum")

    def __init__(self, child: Summary) -> None:
        self._count: Value = child._count
        self._sum: Value = child._sum

    def observe(self, amount: float) -> None:
        self._count.inc(1)
        self._sum.inc(amount)


class HistogramValues:
    """A labelled histogram's sum and buckets: :meth:`observe` is ``Histogram.observe`` without exemplars."""

    __slots__ = ("_bounds", "_buckets", "_sum")

    def __init__(self, child: Histogram) -> None:
        self._bounds: tuple[float, ...] = tuple(child._upper_bounds)  # the last one is +Inf
        self._buckets: list[Value] = child._buckets
        self._sum: Value = child._sum

    def observe(self, amount: float) -> None:
        self._sum.inc(amount)
        self._buckets[bisect_left(self._bounds, amount)].inc(1)
