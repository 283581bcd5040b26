"""Writes about meetings. Sub-modules by topic; the common calls are re-exported here."""

from .meetings import MeetingInput, create_meeting, update_meeting
from .playbook import instantiate_playbook, reschedule_meeting_tasks

__all__ = [
    "MeetingInput",
    "create_meeting",
    "instantiate_playbook",
    "reschedule_meeting_tasks",
    "update_meeting",
]
