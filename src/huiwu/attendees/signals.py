"""Hooks other apps may answer (extension points of the attendees' floor)."""

from django.dispatch import Signal

badge_links = Signal()
"""The e-badge page asks what else to offer ``attendee``; each receiver answers a list of
``(label, url, test_id)``. Apps above ``attendees`` add their own (the feedback stations and the survey:
``feedback.receivers``)."""
