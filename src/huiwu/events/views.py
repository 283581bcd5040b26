from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from huiwu.core.audit import history_for
from huiwu.core.forms import save_form
from huiwu.orgs.access import get_scoped, org_view
from huiwu.orgs.enums import Perm

from . import services
from .enums import Stage
from .forms import MeetingForm
from .models import Meeting
from .selectors import meetings_for_org


@org_view()
def meeting_list(request):
    try:
        stage = int(request.GET.get("stage") or 0)
    except ValueError:
        stage = 0
    meetings = meetings_for_org(request.org, stage=stage if stage in Stage.values else None)
    return render(
        request, "events/list.html", {"meetings": meetings, "stages": Stage.choices, "stage": stage}
    )


@org_view()
def meeting_detail(request, meeting: int):
    obj = get_scoped(Meeting.objects.select_related("client", "owner"), request.org, pk=meeting)
    return render(request, "events/detail.html", {"meeting": obj, "history": history_for(obj)})


@org_view(Perm.EDIT_MEETINGS)
def meeting_edit(request, meeting: int | None = None):
    obj = get_scoped(Meeting, request.org, pk=meeting) if meeting else None
    form = MeetingForm(request.POST or None, instance=obj, org=request.org)
    if obj is None:
        form.instance.org = request.org
    saved = save_form(
        form,
        lambda data: (
            services.create_meeting(org=request.org, actor=request.user, **data)
            if obj is None
            else services.update_meeting(meeting=obj, actor=request.user, **data)
        ),
    )
    if saved is not None:
        messages.success(request, _("Meeting saved."))
        return redirect("events:detail", org=request.org.slug, meeting=saved.pk)
    return render(
        request, "events/edit.html", {"form": form, "meeting": obj}, status=400 if form.errors else 200
    )
