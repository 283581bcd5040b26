from datetime import datetime

from ninja import Schema


class OrgOut(Schema):
    slug: str
    name: str
    timezone: str


class MeOut(Schema):
    id: int
    username: str
    name: str
    email: str
    role: str
    permissions: list[str]
    org: OrgOut


class MemberOut(Schema):
    id: int
    user_id: int
    username: str
    name: str
    role: str


class AuditEntryOut(Schema):
    id: int
    action: str
    actor: str | None
    target_type: str
    target_id: str
    target_repr: str
    changes: dict
    created_at: datetime
