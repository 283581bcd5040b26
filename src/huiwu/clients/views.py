from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from huiwu.core.audit import history_for
from huiwu.core.forms import save_form
from huiwu.orgs.access import get_scoped, org_view
from huiwu.orgs.enums import Perm

from . import services
from .forms import ClientForm
from .models import Client
from .selectors import clients_for_org


@org_view()
def client_list(request):
    return render(request, "clients/list.html", {"clients": clients_for_org(request.org)})


@org_view()
def client_detail(request, client: int):
    obj = get_scoped(Client, request.org, pk=client)
    meetings = obj.meetings.all().order_by("-start_date")
    return render(
        request, "clients/detail.html", {"client": obj, "meetings": meetings, "history": history_for(obj)}
    )


@org_view(Perm.EDIT_CLIENTS)
def client_edit(request, client: int | None = None):
    obj = get_scoped(Client, request.org, pk=client) if client else None
    form = ClientForm(request.POST or None, instance=obj)
    if obj is None:
        form.instance.org = request.org  # lets the form's unique check see the organisation
    saved = save_form(
        form,
        lambda data: (
            services.create_client(org=request.org, actor=request.user, **data)
            if obj is None
            else services.update_client(client=obj, actor=request.user, **data)
        ),
    )
    if saved is not None:
        messages.success(request, _("Client saved."))
        return redirect("clients:detail", org=request.org.slug, client=saved.pk)
    return render(
        request, "clients/edit.html", {"form": form, "client": obj}, status=400 if form.errors else 200
    )
