"""Hooks other apps may answer (extension points of the on-site floor)."""

from django.dispatch import Signal

command_alerts = Signal()
"""``command.panels`` asks what else the command centre should alert about for ``meeting`` at ``now``;
each receiver answers a list of ``(kind, text, at)`` alerts. Apps above ``onsite`` add their own
(the inspections' open failures: ``inspections.receivers``)."""

cue_status = Signal()
"""A cue of the run-of-show changed status (``cue``, ``actor``), inside the transaction that changed it.
Apps above ``onsite`` act on it (the live interaction opens the polls tied to a cue when it goes live
and closes them when it is done: ``interaction.receivers``)."""
