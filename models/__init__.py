"""Tortoise models and the data rules that need no HTTP, queue or socket."""

from models.activities import Activity, ActivityType
from models.assignments import AssignmentState, ChoreAssignment
from models.chores import AssignmentMode, Chore
from models.events import Event, EventRecipient, EventType
from models.families import Family
from models.jars import Jar, JarMovement, JarSettings, JarTransfer
from models.ledger import EntryKind, LedgerEntry
from models.users import User
from models.webhooks import DeliveryStatus, WebhookAttempt, WebhookDelivery, WebhookEndpoint

__all__ = [
    "Activity",
    "ActivityType",
    "AssignmentMode",
    "AssignmentState",
    "Chore",
    "ChoreAssignment",
    "DeliveryStatus",
    "EntryKind",
    "Event",
    "EventRecipient",
    "EventType",
    "Family",
    "Jar",
    "JarMovement",
    "JarSettings",
    "JarTransfer",
    "LedgerEntry",
    "User",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookEndpoint",
]
