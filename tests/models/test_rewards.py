"""The store's rules that need no I/O: when a limit period began on the family's wall clock, when a reward
may be requested, how a request's hold reads as time passes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from models.redemptions import Redemption, RedemptionStatus
from models.rewards import Reward, RewardPeriod, period_start

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("period", "zone", "now", "start"),
    [
        (RewardPeriod.DAY, UTC, utc(2027, 3, 10, 15), utc(2027, 3, 10)),
        (RewardPeriod.DAY, NEW_YORK, utc(2027, 3, 11, 4, 30), utc(2027, 3, 10, 5)),  # 23:30 on the 10th in New York
        (RewardPeriod.DAY, NEW_YORK, utc(2027, 3, 11, 5, 10), utc(2027, 3, 11, 5)),  # 00:10 on the 11th
        (RewardPeriod.DAY, BERLIN, utc(2027, 3, 28, 12), utc(2027, 3, 27, 23)),  # summer time began that night
        (RewardPeriod.DAY, BERLIN, utc(2027, 3, 29, 12), utc(2027, 3, 28, 22)),  # the next midnight is CEST
        (RewardPeriod.WEEK, NEW_YORK, utc(2027, 3, 8, 4, 30), utc(2027, 3, 1, 5)),  # Sunday night: last Monday's
        (RewardPeriod.WEEK, NEW_YORK, utc(2027, 3, 8, 5, 10), utc(2027, 3, 8, 5)),  # Monday 00:10
        (RewardPeriod.MONTH, NEW_YORK, utc(2027, 3, 1, 4, 30), utc(2027, 2, 1, 5)),  # the 28th of February, late
        (RewardPeriod.MONTH, NEW_YORK, utc(2027, 3, 20, 12), utc(2027, 3, 1, 5)),  # after the switch to EDT
    ],
)
def test_a_period_begins_at_midnight_on_the_familys_wall_clock(period, zone, now, start):
    assert period_start(period, now, zone) == start


def test_a_reward_may_be_requested_while_enabled_and_before_its_end():
    now = utc(2027, 1, 1, 12)

    assert Reward(enabled=True, expires_at=None).available_at(now)
    assert Reward(enabled=True, expires_at=now + timedelta(seconds=1)).available_at(now)
    assert not Reward(enabled=True, expires_at=now).available_at(now)
    assert not Reward(enabled=False, expires_at=None).available_at(now)


def test_a_pending_request_reads_as_expired_from_the_end_of_its_hold():
    ends = utc(2027, 1, 4, 12)
    request = Redemption(status=RedemptionStatus.PENDING, expires_at=ends)

    assert (request.state_at(ends - timedelta(seconds=1)), request.hold_over(ends - timedelta(seconds=1))) == (
        RedemptionStatus.PENDING, False)
    assert (request.state_at(ends), request.hold_over(ends)) == (RedemptionStatus.EXPIRED, True)
    request.decide(RedemptionStatus.APPROVED, ends - timedelta(hours=1), by=7, entry_id=3)
    assert (request.state_at(ends + timedelta(days=1)), request.hold_over(ends)) == (RedemptionStatus.APPROVED, False)
