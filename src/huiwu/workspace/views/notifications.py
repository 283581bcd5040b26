from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from huiwu.notifications import services
from huiwu.notifications.selectors import notifications_for
from huiwu.orgs.access import org_view


@org_view()
def notification_list(request):
    return render(request, "notifications/list.html", {"notifications": notifications_for(request.user)})


@org_view()
@require_POST
def notification_read_all(request):
    services.mark_all_read(user=request.user)
    return redirect("notifications:list", org=request.org.slug)


@org_view()
@require_POST
def notification_open(request, notification: int):
    note = services.mark_read(user=request.user, org=request.org, notification_id=notification)
    if note is None:
        raise Http404
    if note and note.url and url_has_allowed_host_and_scheme(note.url, allowed_hosts={request.get_host()}):
        return redirect(note.url)
    return redirect("notifications:list", org=request.org.slug)
