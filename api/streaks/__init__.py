"""Streaks: a child's runs of chores done on time (models/streaks.py)."""
