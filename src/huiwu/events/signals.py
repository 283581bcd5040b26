"""Hooks other apps may listen to: extension points, not follow-ups (a follow-up inside the system is
an explicit call). Each is sent inside the transaction of the write it names, so a receiver's error
rolls that write back."""

from django.dispatch import Signal

meeting_created = Signal()
"""``events.services.create_meeting`` made a meeting with its playbook; arguments ``meeting`` and
``actor``. Apps above ``events`` add what a new meeting starts with in their own domain (the risk
register's suggestions: ``risks.receivers``)."""

gate_checked = Signal()
"""``events.services.gates.missing_for`` asks what else is missing before ``meeting`` leaves its stage;
each receiver answers a list of ``gates.Missing``. Apps above ``events`` add the checks of their own
domain (the watched deadlines of the risk register: ``risks.receivers``)."""
