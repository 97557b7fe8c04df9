"""The rules of webhook deliveries that need no I/O: the secret, the retry schedule, what an outcome does."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta

from models.webhooks import (
    RETRY_SCHEDULE,
    DeliveryStatus,
    Outcome,
    WebhookDelivery,
    WebhookEndpoint,
    new_secret,
    retry_delay,
)

NOW = datetime(2030, 3, 1, 12, 0, tzinfo=UTC)
OK = Outcome(204, None, 12)
DOWN = Outcome(503, None, 40)
TIMED_OUT = Outcome(None, "timed out after 10 s", 10_000)


def test_a_secret_is_whsec_and_the_base64_of_32_random_bytes():
    secrets = {new_secret() for _ in range(20)}

    assert len(secrets) == 20
    for secret in secrets:
        assert secret.startswith("whsec_")
        assert len(base64.b64decode(secret.removeprefix("whsec_"), validate=True)) == 32


def test_the_schedule_is_the_standard_one_and_spans_about_a_day():
    assert [delay.total_seconds() for delay in RETRY_SCHEDULE] == [0, 5, 300, 1800, 7200, 18000, 36000, 36000]
    assert timedelta(hours=27) < sum(RETRY_SCHEDULE, timedelta()) < timedelta(hours=28)


def test_each_retry_is_jittered_within_twenty_percent_and_then_given_up():
    assert retry_delay(1, -1) == timedelta(seconds=4)
    assert retry_delay(1, 0) == timedelta(seconds=5)
    assert retry_delay(4, 1) == timedelta(hours=2.4)
    assert retry_delay(len(RETRY_SCHEDULE), 0) is None


def test_a_2xx_answer_succeeds_and_anything_else_fails():
    assert OK.succeeded and Outcome(299, None, 1).succeeded
    assert not any(o.succeeded for o in (DOWN, TIMED_OUT, Outcome(301, None, 1), Outcome(199, None, 1)))


def test_failures_move_along_the_schedule_until_the_delivery_is_given_up():
    delivery = WebhookDelivery(status=DeliveryStatus.PENDING, attempts=0, failed_attempts=0)
    now = NOW
    for failures in range(1, len(RETRY_SCHEDULE)):
        delivery.record(TIMED_OUT, now, spread=0)
        assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, failures)
        assert delivery.next_attempt_at == now + RETRY_SCHEDULE[failures]
        assert delivery.last_error == "timed out after 10 s" and delivery.last_response_code is None
        assert not delivery.is_due(now) and delivery.is_due(delivery.next_attempt_at)
        now = delivery.next_attempt_at

    delivery.record(DOWN, now, spread=0)

    assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == (DeliveryStatus.GIVEN_UP, 8, None)
    assert not delivery.is_open and not delivery.is_due(now)


def test_a_requeued_delivery_starts_the_schedule_again():
    delivery = WebhookDelivery(status=DeliveryStatus.GIVEN_UP, attempts=8, failed_attempts=8)

    delivery.requeue(NOW)
    delivery.record(DOWN, NOW, spread=0)

    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 9)
    assert delivery.next_attempt_at == NOW + RETRY_SCHEDULE[1]


def test_an_endpoint_counts_consecutive_failures_until_a_success():
    endpoint = WebhookEndpoint(consecutive_failures=0, failing_since=None, enabled=True)

    endpoint.note(DOWN, NOW)
    endpoint.note(TIMED_OUT, NOW + timedelta(hours=1))
    assert (endpoint.consecutive_failures, endpoint.failing_since) == (2, NOW)

    endpoint.note(OK, NOW + timedelta(hours=2))
    assert (endpoint.consecutive_failures, endpoint.failing_since) == (0, None)


def test_disabling_records_why_and_enabling_clears_it_with_the_failures():
    endpoint = WebhookEndpoint(consecutive_failures=8, failing_since=NOW, enabled=True)

    endpoint.disable("x" * 600, NOW)
    assert (endpoint.enabled, len(endpoint.disabled_reason or ""), endpoint.disabled_at) == (False, 500, NOW)

    endpoint.enable()
    assert (endpoint.enabled, endpoint.disabled_reason, endpoint.disabled_at) == (True, None, None)
    assert (endpoint.consecutive_failures, endpoint.failing_since) == (0, None)


def test_the_secret_is_not_in_an_endpoints_repr():
    endpoint = WebhookEndpoint(id=3, family_id=1, enabled=True, secret=new_secret())

    assert endpoint.secret not in repr(endpoint)
