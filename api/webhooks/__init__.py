"""Outbound webhooks of a family (issue #14): endpoints, their delivery log, redelivery."""
