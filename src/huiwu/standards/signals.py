"""Hooks other apps may listen to. Sent inside the transaction of the change it names, so a receiver's
error rolls that change back."""

from django.dispatch import Signal

catalogue_changed = Signal()
"""An organisation's catalogue has a new version (a figure changed, a variant chosen, rules added);
argument ``org_id``. Apps above ``standards`` that keep something judged by its figures judge it again
(the suppliers' tiers: ``suppliers.receivers``)."""
