"""Calendar feeds: a family's or a child's scheduled chores as an iCal feed (models/calendar_feeds.py)."""
