from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from huiwu.core.audit import history_for
from huiwu.core.errors import DomainError
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
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in form.Meta.fields}
        try:
            if obj is None:
                obj = services.create_client(org=request.org, actor=request.user, **data)
            else:
                obj = services.update_client(client=obj, actor=request.user, **data)
        except (ValidationError, DomainError) as exc:  # rules the form cannot see (uniqueness, ...)
            form.add_error(None, exc if isinstance(exc, ValidationError) else str(exc.message))
        else:
            messages.success(request, _("Client saved."))
            return redirect("clients:detail", org=request.org.slug, client=obj.pk)
    return render(
        request, "clients/edit.html", {"form": form, "client": obj}, status=400 if form.errors else 200
    )
