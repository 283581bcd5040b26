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

playbook_figures = Signal()
"""``events.services.playbook.create_default_playbook`` asks for the figures its tasks follow
(``default_playbook.FOLLOWS``); arguments ``org`` and ``keys``; a receiver answers
``{key: (offset, unit)}`` in the template's terms (``OffsetUnit``: negative before T, positive after the
end). ``standards.receivers`` answers from the organisation's catalogue."""
