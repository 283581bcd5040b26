"""Hooks other apps may listen to. Sent inside the transaction of the write it names."""

from django.dispatch import Signal

supplier_needed = Signal()
"""``feasibility.gaps_to_tasks`` found a gap a supplier can close (interpretation the room cannot give,
a stream its network cannot carry); arguments ``meeting``, ``kind`` (``interpretation``, ``streaming``),
``text`` and ``actor``. The suppliers open a search for that need (``suppliers.receivers``)."""
