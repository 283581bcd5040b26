"""Load-and-authorise: the one way pages, API endpoints and queries reach tenant data.

* :func:`membership_for` turns (user, organisation slug) into an active membership, or 404:
  a stranger cannot even learn that an organisation exists.
* :func:`require` checks a :class:`~huiwu.orgs.enums.Perm` against the membership's role (403).
* :func:`scoped` and :func:`get_scoped` filter any tenant model by organisation; an object of
  another organisation is "not found", never "forbidden".
* :func:`org_view` wraps a view with the first two and sets ``request.org``/``request.membership``;
  a role that needs two-factor sign-in (``rules.needs_two_factor``) without it goes to set it up first.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.urls import reverse

from .enums import Perm
from .models import Membership, Organization
from .rules import can, has_two_factor, needs_two_factor


def membership_for(user, org_slug: str) -> Membership:
    if not user.is_authenticated:
        raise Http404
    membership = (
        Membership.objects.select_related("org").filter(user=user, org__slug=org_slug, is_active=True).first()
    )
    if membership is None:
        raise Http404
    return membership


def require(membership: Membership, perm: Perm | str) -> None:
    if not can(membership, perm):
        raise PermissionDenied


def scoped(model_or_qs, org: Organization) -> models.QuerySet:
    qs = model_or_qs._default_manager.all() if isinstance(model_or_qs, type) else model_or_qs
    return qs.filter(org=org)


def get_scoped(model_or_qs, org: Organization, **lookup):
    try:
        return scoped(model_or_qs, org).get(**lookup)
    except (models.ObjectDoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise Http404 from exc


def org_view(perm: Perm | str = Perm.VIEW):
    """Decorate a view taking ``org`` (a slug): sign-in, membership (404) and ``perm`` (403)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, org: str, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            membership = membership_for(request.user, org)
            if needs_two_factor(membership) and not has_two_factor(request.user):
                return _set_up_two_factor(request, membership)
            require(membership, perm)
            request.org = membership.org
            request.membership = membership
            request.session["last_org"] = membership.org.slug
            return view(request, *args, **kwargs)

        wrapper.required_perm = perm
        return wrapper

    return decorator


def _set_up_two_factor(request, membership):
    """The role needs a second factor and this person has none yet: to the security page first."""
    from django.contrib import messages
    from django.shortcuts import redirect
    from django.utils.http import urlencode
    from django.utils.translation import gettext as _

    messages.warning(
        request,
        _("%(org)s requires two-factor sign-in for your role: set up an authenticator app to continue.")
        % {"org": membership.org.name},
    )
    return redirect(f"{reverse('accounts:security')}?{urlencode({'next': request.get_full_path()})}")


def user_orgs(user) -> list[Membership]:
    if not user.is_authenticated:
        return []
    return list(
        Membership.objects.filter(user=user, is_active=True).select_related("org").order_by("org__name")
    )
