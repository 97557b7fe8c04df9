"""Business counters, named as the reference exports them (contract §10).

Use cases import the metric they need and count after their transaction commits, e.g.
``CHORES_CREATED.labels(mode=chore.assignment_mode).inc()``. Money is observed in currency
units (``cents / 100``). With ``PROMETHEUS_MULTIPROC_DIR`` set, ``/metrics`` sums every web
process's counts.
"""

from __future__ import annotations

from prometheus_client import Counter, Histogram

MONEY_BUCKETS = (0.5, 1, 2, 5, 10, 20, 50, 100, 250)
COMPLETION_TIME_BUCKETS = (60, 300, 900, 3600, 4 * 3600, 12 * 3600, 86400, 3 * 86400, 7 * 86400, 30 * 86400)

CHORES_CREATED = Counter("chores_created_total", "Chores created", ["mode"])
CHORES_COMPLETED = Counter("chores_completed_total", "Assignments marked completed by a child", ["mode"])
CHORES_APPROVED = Counter("chores_approved_total", "Completed assignments approved by a parent", ["mode"])
CHORES_REJECTED = Counter("chores_rejected_total", "Completed assignments rejected by a parent", ["mode"])
CHORE_COMPLETION_TIME = Histogram(
    "chore_completion_time_seconds",
    "Seconds from an assignment becoming available (created or reopened) to its completion",
    ["mode"],
    buckets=COMPLETION_TIME_BUCKETS,
)
ASSIGNMENTS_CREATED = Counter("assignments_created_total", "Assignment rows created", ["mode"])
ASSIGNMENTS_CLAIMED = Counter("assignments_claimed_total", "Pool (unassigned-mode) chores claimed by a child")

USER_REGISTRATIONS = Counter("user_registrations_total", "Accounts created", ["role"])
USER_LOGINS = Counter("user_logins_total", "Successful logins", ["role"])
USER_LOGIN_FAILURES = Counter("user_login_failures_total", "Refused logins (unknown user, wrong password, inactive)")

FAMILIES_CREATED = Counter("families_created_total", "Families created")
FAMILY_JOINS = Counter("family_joins_total", "Users who joined a family with an invite code")

REWARD_ADJUSTMENTS = Counter("reward_adjustments_total", "Manual reward adjustments", ["type"])
REWARD_ADJUSTMENT_AMOUNT = Histogram(
    "reward_adjustments_amount", "Absolute amount of manual adjustments", ["type"], buckets=MONEY_BUCKETS
)
REWARDS_PAID = Counter("rewards_paid_total", "Reward money credited by approvals")
PAYOUTS = Counter("payouts_total", "Payouts of a child's balance")
PAYOUT_AMOUNT = Histogram("payouts_amount", "Amount of payouts", buckets=MONEY_BUCKETS)


def role_label(is_parent: bool) -> str:
    """The ``role`` label value of registrations and logins."""
    return "parent" if is_parent else "child"


def adjustment_type_label(amount_cents: int) -> str:
    """The ``type`` label value of an adjustment: a bonus or a deduction."""
    return "bonus" if amount_cents >= 0 else "deduction"
