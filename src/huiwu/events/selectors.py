from django.db.models import Count

from huiwu.orgs.access import scoped

from .models import Meeting


def meetings_for_org(org, *, stage: int | None = None):
    qs = scoped(Meeting, org).select_related("client", "owner")
    if stage:
        qs = qs.filter(stage=stage)
    return qs.order_by("start_date", "name")


def meetings_by_stage(org) -> dict[int, int]:
    rows = scoped(Meeting, org).values("stage").annotate(n=Count("id"))
    return {r["stage"]: r["n"] for r in rows}
