"""Hooks other apps may listen to (extension points; see ``events.signals`` for the convention)."""

from django.dispatch import Signal

follow_up_requested = Signal()
"""``clients.services.log_communication`` recorded a conversation about a meeting that asks for a
follow-up; arguments ``entry`` (the log entry), ``meeting``, ``actor``, ``title``, ``due`` (a date
or None) and ``assignee`` (a user or None). Sent inside the transaction. ``events.receivers`` turns
it into a task on the meeting."""
