"""Huiwu: meeting operations for event-service agencies."""
