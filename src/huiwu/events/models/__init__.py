from .meeting import KPI, Meeting, RequirementItem, StageTransition
from .playbook import PlaybookTemplate, Task, TaskAttachment, TaskComment, TemplateTask
from .survey import ProfileResponse, ProfileSurvey

__all__ = [
    "KPI",
    "Meeting",
    "PlaybookTemplate",
    "ProfileResponse",
    "ProfileSurvey",
    "RequirementItem",
    "StageTransition",
    "Task",
    "TaskAttachment",
    "TaskComment",
    "TemplateTask",
]
