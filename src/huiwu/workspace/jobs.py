"""Background jobs about the organisation: the audit-trail export."""

from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from huiwu.core.audit import action_label
from huiwu.core.excel import safe_cell
from huiwu.core.models import AuditEntry
from huiwu.jobs.registry import job_kind
from huiwu.orgs.enums import Perm


@job_kind("audit_export", label=_("Audit trail export (Excel)"), perm=Perm.VIEW_AUDIT)
def export_audit_trail(job, progress):
    entries = AuditEntry.objects.filter(org=job.org).select_related("actor").order_by("created_at", "id")
    total = entries.count()
    from openpyxl import Workbook  # loaded when a workbook is made

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(gettext("Audit trail"))
    ws.append([gettext("Time"), gettext("Who"), gettext("Action"), gettext("Record"), gettext("Changes")])
    tz = timezone.get_default_timezone()
    for i, e in enumerate(entries.iterator(chunk_size=500), start=1):
        changes = "; ".join(f"{k}: {old} → {new}" for k, (old, new) in e.changes.items())
        ws.append(
            [
                safe_cell(v, ws)
                for v in [
                    e.created_at.astimezone(tz).strftime("%Y-%m-%d %H:%M:%S"),
                    str(e.actor) if e.actor else "",
                    str(action_label(e.action)),
                    e.target_repr,
                    changes,
                ]
            ]
        )
        if i % 200 == 0:
            progress(i, total)
    rel = Path("jobs") / f"audit-{job.org.slug}-{job.pk}.xlsx"
    path = Path(settings.MEDIA_ROOT) / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    progress(total, total)
    return {"file": str(rel), "rows": total}
