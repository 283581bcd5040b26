from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from huiwu.core.audit import history_for
from huiwu.core.forms import save_form, submit
from huiwu.orgs.access import get_scoped, org_view
from huiwu.orgs.enums import Perm

from . import services
from .forms import ClientForm, CommunicationForm, ContactForm
from .models import Client, Contact
from .selectors import clients_for_org


@org_view()
def client_list(request):
    return render(request, "clients/list.html", {"clients": clients_for_org(request.org)})


@org_view()
def client_detail(request, client: int):
    obj = get_scoped(Client, request.org, pk=client)
    context = {
        "client": obj,
        "meetings": obj.meetings.select_related("client").order_by("-start_date"),
        "contacts": obj.contacts.all(),
        "communications": obj.communications.select_related("meeting", "created_by")[:30],
        "history": history_for(obj),
    }
    return render(request, "clients/detail.html", context)


@org_view(Perm.EDIT_CLIENTS)
def client_edit(request, client: int | None = None):
    obj = get_scoped(Client, request.org, pk=client) if client else None
    form = ClientForm(request.POST or None, instance=obj)
    if obj is None:
        form.instance.org = request.org  # lets the form's unique check see the organisation
    saved = save_form(
        form,
        lambda data: (
            services.create_client(org=request.org, actor=request.user, data=services.ClientInput.parse(data))
            if obj is None
            else services.update_client(client=obj, actor=request.user, data=services.ClientInput.parse(data))
        ),
    )
    if saved is not None:
        messages.success(request, _("Client saved."))
        return redirect("clients:detail", org=request.org.slug, client=saved.pk)
    return render(
        request, "clients/edit.html", {"form": form, "client": obj}, status=400 if form.errors else 200
    )


@org_view(Perm.EDIT_CLIENTS)
def contact_edit(request, client: int, contact: int | None = None):
    owner = get_scoped(Client, request.org, pk=client)
    obj = get_scoped(Contact.objects.filter(client=owner), request.org, pk=contact) if contact else None
    form = ContactForm(request.POST or None, instance=obj)
    saved = save_form(
        form,
        lambda data: services.save_contact(
            client=owner, actor=request.user, contact=obj, data=services.ContactInput.parse(data)
        ),
    )
    if saved is not None:
        messages.success(request, _("Contact saved."))
        return redirect("clients:detail", org=request.org.slug, client=owner.pk)
    return render(
        request,
        "clients/contact_edit.html",
        {"form": form, "client": owner, "contact": obj},
        status=400 if form.errors else 200,
    )


@org_view(Perm.EDIT_CLIENTS)
def communication_new(request, client: int):
    owner = get_scoped(Client, request.org, pk=client)
    initial = {"happened_at": timezone.localtime().replace(second=0, microsecond=0)}
    if request.GET.get("meeting", "").isdecimal():
        initial["meeting"] = request.GET["meeting"]
    form = CommunicationForm(request.POST or None, client=owner, org=request.org, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = services.CommunicationInput.parse(form.cleaned_data)
        if submit(form, lambda: services.log_communication(client=owner, actor=request.user, data=data)):
            messages.success(request, _("Conversation logged."))
            if data.meeting is not None:
                return redirect("events:detail", org=request.org.slug, meeting=data.meeting.pk)
            return redirect("clients:detail", org=request.org.slug, client=owner.pk)
    return render(
        request,
        "clients/communication_new.html",
        {"form": form, "client": owner},
        status=400 if form.errors else 200,
    )
