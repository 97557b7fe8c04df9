"""Which routes an API token may call, by scope: the one table to read and to extend.

A login token (JWT) is unaffected by this file. An API token (``chk_...``, models/api_tokens.py) is
accepted on a route only when the route is listed below with one of the token's scopes; on any
other route it gets 403. So a route nobody listed — accounts, families, the tokens themselves, and
any new blueprint until its author lists it here — takes login tokens only.

- ``read``: the GETs of chores, assignments, money (savings jars too), activity, statistics, reports,
  balances, the realtime catch-up, the caller's own profile and children, streaks, and the list of calendar
  feeds (without their URLs). Not registration codes, not families (their invite codes let strangers in;
  the family's time zone is readable).
- ``chores:write``: create, update, delete, disable and enable chores; approve and reject completions;
  chore schedules, their exceptions and vacations; configure a chore's rotation, set and swap its turns.
- ``money:write``: manual adjustments, payouts and reversals of ledger entries; confirming or waiving the
  penalty of a missed occurrence; the rewards store's catalogue and its requests (asking, approving,
  declining); allowance plans; savings jars (setting them up, transfers between them).
- ``kiosk``: a family's wall tablet: the family's chores and children, a child's to-do list and
  completing a chore for him, the child named by ``?child_id=`` (see ``api.auth.acting_user``).
- Login only: accounts, families, API tokens, webhooks (their secrets), Web Push subscriptions and
  preferences (a person's own devices), and creating, revoking and regenerating calendar feeds (a feed
  URL is a credential: a person hands it out). The ``.ics`` feed itself takes no token at all.

Scopes do not imply each other: a token that writes and reads needs ``read`` too.
"""

from __future__ import annotations

from collections.abc import Collection

from models.api_tokens import ApiScope

READ, CHORES_WRITE, MONEY_WRITE, KIOSK = ApiScope.READ, ApiScope.CHORES_WRITE, ApiScope.MONEY_WRITE, ApiScope.KIOSK

# Route name (``blueprint.handler``, as in ``app.url_for``) -> the scopes, any one of which opens it.
ROUTE_SCOPES: dict[str, frozenset[ApiScope]] = {
    # users (accounts: create_user, reset_child_password, registration_status are login only)
    "users.me": frozenset({READ}),
    "users.list_users": frozenset({READ}),
    "users.my_children": frozenset({READ}),
    "users.my_family_children": frozenset({READ, KIOSK}),
    "users.children_of_parent": frozenset({READ}),
    "users.stats": frozenset({READ}),
    # balances
    "balances.my_balance": frozenset({READ}),
    "balances.allowance_summary": frozenset({READ}),
    # chores
    "chores.list_chores": frozenset({READ, KIOSK}),
    "chores.available_chores": frozenset({READ, KIOSK}),
    "chores.pending_approval": frozenset({READ}),
    "chores.child_chores": frozenset({READ}),
    "chores.child_completed_chores": frozenset({READ}),
    "chores.get_chore": frozenset({READ}),
    "chores.create_chore": frozenset({CHORES_WRITE}),
    "chores.update_chore": frozenset({CHORES_WRITE}),
    "chores.delete_chore": frozenset({CHORES_WRITE}),
    "chores.disable_chore": frozenset({CHORES_WRITE}),
    "chores.enable_chore": frozenset({CHORES_WRITE}),
    "chores.complete_chore": frozenset({KIOSK}),
    # rotation of scheduled chores (issue #12)
    "rotation.show_rotation": frozenset({READ}),
    "rotation.configure_rotation": frozenset({CHORES_WRITE}),
    "rotation.set_turn": frozenset({CHORES_WRITE}),
    "rotation.swap_turns": frozenset({CHORES_WRITE}),
    # approvals (assignments, and their chore-addressed forms)
    "chores.approve_chore": frozenset({CHORES_WRITE}),
    "chores.reject_chore": frozenset({CHORES_WRITE}),
    "assignments.approve": frozenset({CHORES_WRITE}),
    "assignments.reject": frozenset({CHORES_WRITE}),
    # money
    "adjustments.list_adjustments": frozenset({READ}),
    "adjustments.child_adjustments": frozenset({READ}),
    "adjustments.adjustment_total": frozenset({READ}),
    "adjustments.create_adjustment": frozenset({MONEY_WRITE}),
    "payouts.list_payouts": frozenset({READ}),
    "payouts.record_payout": frozenset({MONEY_WRITE}),
    "ledger.list_entries": frozenset({READ}),
    "ledger.reverse_entry": frozenset({MONEY_WRITE}),
    # the rewards store
    "rewards.list_rewards": frozenset({READ}),
    "rewards.get_reward": frozenset({READ}),
    "rewards.create_reward": frozenset({MONEY_WRITE}),
    "rewards.update_reward": frozenset({MONEY_WRITE}),
    "rewards.delete_reward": frozenset({MONEY_WRITE}),
    "redemptions.list_redemptions": frozenset({READ}),
    "redemptions.get_redemption": frozenset({READ}),
    "redemptions.request_reward": frozenset({MONEY_WRITE}),
    "redemptions.approve_redemption": frozenset({MONEY_WRITE}),
    "redemptions.decline_redemption": frozenset({MONEY_WRITE}),
    "allowances.list_allowances": frozenset({READ}),
    "allowances.get_allowance": frozenset({READ}),
    "allowances.preview_allowance": frozenset({READ}),
    "allowances.allowance_payments": frozenset({READ}),
    "allowances.set_allowance": frozenset({MONEY_WRITE}),
    "allowances.delete_allowance": frozenset({MONEY_WRITE}),
    "jars.get_jars": frozenset({READ}),
    "jars.list_transfers": frozenset({READ}),
    "jars.configure_jars": frozenset({MONEY_WRITE}),
    "jars.transfer": frozenset({MONEY_WRITE}),
    # the family's time zone (its other routes hand out invite codes: login only)
    "families.get_timezone": frozenset({READ}),
    # activity, statistics, reports, realtime catch-up
    "activities.recent": frozenset({READ}),
    "activities.summary": frozenset({READ}),
    "activities.types": frozenset({READ}),
    "activities.debug": frozenset({READ}),
    "activities.one": frozenset({READ}),
    "statistics.weekly_summary": frozenset({READ}),
    "statistics.monthly_summary": frozenset({READ}),
    "statistics.trends": frozenset({READ}),
    "statistics.comparison": frozenset({READ}),
    "reports.allowance_summary": frozenset({READ}),
    "reports.export_allowance_summary": frozenset({READ}),
    "reports.reward_history": frozenset({READ}),
    "events.catch_up": frozenset({READ}),
    # schedules of chores, their occurrences, vacations (issue #12)
    "schedules.get_schedule": frozenset({READ}),
    "schedules.list_exceptions": frozenset({READ}),
    "schedules.put_schedule": frozenset({CHORES_WRITE}),
    "schedules.delete_schedule": frozenset({CHORES_WRITE}),
    "schedules.add_exception": frozenset({CHORES_WRITE}),
    "schedules.delete_exception": frozenset({CHORES_WRITE}),
    "occurrences.list_occurrences": frozenset({READ}),
    "occurrences.decide_penalty": frozenset({MONEY_WRITE}),
    "vacations.list_vacations": frozenset({READ}),
    "vacations.create_vacation": frozenset({CHORES_WRITE}),
    "vacations.delete_vacation": frozenset({CHORES_WRITE}),
    # streaks; calendar feeds are listed with read, handed out with a login only
    "streaks.child_streaks": frozenset({READ}),
    "calendar_feeds.list_feeds": frozenset({READ}),
}

LOGIN_ONLY = "This route needs a login token; API tokens cannot use it"


def scope_refusal(route_name: str, held: Collection[ApiScope]) -> str | None:
    """Why a token holding ``held`` may not call ``route_name`` (None: it may)."""
    wanted = ROUTE_SCOPES.get(route_name)
    if not wanted:
        return LOGIN_ONLY
    if wanted & set(held):
        return None
    names = " or ".join(f"'{scope.value}'" for scope in sorted(wanted))
    return f"This API token lacks the {names} scope this route needs"
