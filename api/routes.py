"""Every blueprint of the service, registered in one place."""

from __future__ import annotations

from sanic import Sanic

from api.activities.routes import bp as activities
from api.adjustments.routes import bp as adjustments
from api.allowances.routes import bp as allowances
from api.assignments.routes import bp as assignments
from api.balances.routes import bp as balances
from api.calendar_feeds.routes import bp as calendar_feeds
from api.chores.routes import bp as chores
from api.events.routes import bp as events
from api.families.routes import bp as families
from api.health.routes import bp as health
from api.jars.routes import bp as jars
from api.ledger.routes import bp as ledger
from api.occurrences.routes import bp as occurrences
from api.payouts.routes import bp as payouts
from api.push.routes import bp as push
from api.redemptions.routes import bp as redemptions
from api.reports.routes import bp as reports
from api.rewards.routes import bp as rewards
from api.rotation.routes import bp as rotation
from api.schedules.routes import bp as schedules
from api.statistics.routes import bp as statistics
from api.streaks.routes import bp as streaks
from api.tokens.routes import bp as tokens
from api.users.routes import bp as users
from api.vacations.routes import bp as vacations
from api.webhooks.routes import bp as webhooks

BLUEPRINTS = (users, balances, families, chores, schedules, occurrences, vacations, rotation, assignments, adjustments,
              payouts, ledger, rewards, redemptions, allowances, jars, activities, statistics, reports, events, tokens,
              webhooks, push, streaks, calendar_feeds, health)


def register_blueprints(app: Sanic) -> None:
    for blueprint in BLUEPRINTS:
        app.blueprint(blueprint)
