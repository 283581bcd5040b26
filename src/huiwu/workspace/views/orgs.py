"""Organisation pages: dashboard, members and invitations, API tokens, audit trail, settings."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from huiwu.api import services as api_services
from huiwu.api.models import ApiToken
from huiwu.core.audit import history_for
from huiwu.core.errors import DomainError
from huiwu.core.forms import add_errors
from huiwu.core.models import AuditEntry
from huiwu.events.enums import Stage
from huiwu.events.selectors import meetings_by_stage, meetings_for_org
from huiwu.jobs.models import Job
from huiwu.orgs import services
from huiwu.orgs.access import get_scoped, org_view, scoped, user_orgs
from huiwu.orgs.enums import Perm
from huiwu.orgs.models import Invitation, Membership
from huiwu.suppliers.selectors import portal_accesses

from ..forms.orgs import InviteForm, OrganizationForm, RoleForm, TokenForm


def home(request):
    """Send a signed-in person to their last (or first) organisation."""
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    memberships = user_orgs(request.user)
    if not memberships:
        if portal_accesses(request.user):  # a supplier's person: their portal
            return redirect("portal:home")
        return render(request, "orgs/no_org.html")
    last = request.session.get("last_org")
    slug = next((m.org.slug for m in memberships if m.org.slug == last), memberships[0].org.slug)
    return redirect("orgs:dashboard", org=slug)


@org_view()
def dashboard(request):
    """The home: today's items for this person first, then the organisation's meetings by stage."""
    from huiwu.areas.today import today_for

    org = request.org
    by_stage = meetings_by_stage(org)
    stages = [{"value": s.value, "label": s.label, "count": by_stage.get(s.value, 0)} for s in Stage]
    upcoming = meetings_for_org(org)[:8]
    context = {"stages": stages, "upcoming": upcoming, "today": today_for(org, request.user)}
    return render(request, "orgs/dashboard.html", context)


@org_view(Perm.VIEW)
def members(request):
    org = request.org
    memberships = scoped(Membership, org).filter(is_active=True).select_related("user").order_by("user__name")
    invitations = scoped(Invitation, org).filter(accepted_at__isnull=True, revoked_at__isnull=True)
    return render(
        request,
        "orgs/members.html",
        {
            "memberships": memberships,
            "invitations": invitations,
            "invite_form": InviteForm(),
            "role_form": RoleForm(),
        },
    )


@org_view(Perm.MANAGE_MEMBERS)
def invite(request):
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invite_member(org=request.org, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error("email", str(exc.message))
        else:
            messages.success(
                request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]}
            )
            return redirect("orgs:members", org=request.org.slug)
    return render(request, "orgs/invite.html", {"form": form}, status=400 if form.errors else 200)


@org_view(Perm.MANAGE_MEMBERS)
@require_POST
def member_role(request, member: int):
    membership = get_scoped(Membership.objects.filter(is_active=True), request.org, pk=member)
    form = RoleForm(request.POST)
    if form.is_valid():
        try:
            services.change_role(membership=membership, role=form.cleaned_data["role"], actor=request.user)
            messages.success(request, _("Role changed."))
        except DomainError as exc:
            messages.error(request, str(exc.message))
    else:
        messages.error(request, _("Choose one of the listed roles."))
    return redirect("orgs:members", org=request.org.slug)


@org_view(Perm.MANAGE_MEMBERS)
@require_POST
def member_remove(request, member: int):
    membership = get_scoped(Membership.objects.filter(is_active=True), request.org, pk=member)
    try:
        services.deactivate_member(membership=membership, actor=request.user)
        messages.success(request, _("%(name)s no longer has access.") % {"name": membership.user})
    except DomainError as exc:
        messages.error(request, str(exc.message))
    return redirect("orgs:members", org=request.org.slug)


@org_view(Perm.MANAGE_MEMBERS)
@require_POST
def invitation_revoke(request, invitation: int):
    obj = get_scoped(Invitation, request.org, pk=invitation)
    services.revoke_invitation(invitation=obj, actor=request.user)
    messages.success(request, _("Invitation revoked."))
    return redirect("orgs:members", org=request.org.slug)


@org_view(Perm.USE_API)
def tokens(request):
    form = TokenForm(request.POST or None, membership=request.membership)
    new_token = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_token = api_services.create_token(membership=request.membership, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        except DomainError as exc:
            form.add_error(None, str(exc.message))
        else:
            form = TokenForm(membership=request.membership)
    mine = scoped(ApiToken, request.org).filter(user=request.user)
    return render(request, "orgs/tokens.html", {"form": form, "tokens": mine, "new_token": new_token})


@org_view(Perm.USE_API)
@require_POST
def token_revoke(request, token: int):
    obj = get_scoped(ApiToken.objects.filter(user=request.user), request.org, pk=token)
    api_services.revoke_token(token=obj, actor=request.user)
    messages.success(request, _("Token revoked."))
    return redirect("orgs:tokens", org=request.org.slug)


@org_view(Perm.VIEW_AUDIT)
def audit(request):
    entries = scoped(AuditEntry, request.org).select_related("actor")
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    jobs = scoped(Job, request.org).filter(kind="audit_export")[:5]
    return render(request, "orgs/audit.html", {"entries": page.object_list, "page": page, "jobs": jobs})


@org_view(Perm.MANAGE_ORG)
def settings_view(request):
    org = request.org
    initial = {"name": org.name, "timezone": org.timezone, "two_factor_required": org.two_factor_required,
               "retention_days": org.retention_days}  # fmt: skip
    form = OrganizationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.update_organization(
            org=org,
            actor=request.user,
            name=form.cleaned_data["name"],
            timezone_name=form.cleaned_data["timezone"],
            two_factor_required=form.cleaned_data["two_factor_required"],
            retention_days=form.cleaned_data["retention_days"],
        )
        messages.success(request, _("Settings saved."))
        return redirect("orgs:settings", org=org.slug)
    return render(request, "orgs/settings.html", {"form": form, "history": history_for(org)})
