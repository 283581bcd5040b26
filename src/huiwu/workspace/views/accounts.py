"""Signing in (with optional TOTP), signing out, two-factor set-up, invitations, language."""

from __future__ import annotations

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, get_user_model, login, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from huiwu.accounts import services, throttle
from huiwu.accounts.backends import account_for, client_address
from huiwu.accounts.models import TOTPDevice
from huiwu.core.errors import DomainError
from huiwu.orgs import services as org_services

from ..forms.accounts import CodeForm, LoginForm, SignUpForm

PENDING_2FA = "huiwu_pending_2fa_user"


def safe_next(value: str, default: str) -> str:
    r"""A path of this site to go on to after signing in, or ``default``.

    Only a plain absolute path is kept: no scheme or host, no ``//`` or ``/\\`` (which browsers read
    as another host), and no control characters or spaces (``/\t/evil.example`` is ``//evil.example``
    to a browser, which drops the tab)."""
    value = value or ""
    if not value.startswith("/") or value.startswith(("//", "/\\")):
        return default
    if any(ord(ch) < 33 or ch in "\\\x7f" for ch in value):
        return default
    if not url_has_allowed_host_and_scheme(value, allowed_hosts=set()):
        return default
    return value


def _safe_next(request, default: str) -> str:
    return safe_next(request.POST.get("next") or request.GET.get("next") or "", default)


def _throttled(request, form):
    wait = throttle.wait_for(
        account_id=getattr(account_for(form.cleaned_data["username"]), "pk", None),
        address=client_address(request),
    )
    if not wait:
        return None
    form.add_error(
        None,
        _("Too many failed attempts: try again in %(minutes)s minutes, or reset your password.")
        % {"minutes": max(1, round(wait / 60))},
    )
    return render(request, "accounts/login.html", {"form": form}, status=429)


def login_view(request):
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        blocked = _throttled(request, form)
        if blocked:
            return blocked
        user = authenticate(
            request, username=form.cleaned_data["username"], password=form.cleaned_data["password"]
        )
        if user is None:
            blocked = _throttled(request, form)
            if blocked:
                return blocked
            form.add_error(None, _("The user name or password is wrong. Check both and try again."))
        elif TOTPDevice.objects.filter(user=user, confirmed_at__isnull=False).exists():
            request.session[PENDING_2FA] = user.pk
            request.session["huiwu_pending_next"] = _safe_next(request, reverse("home"))
            return redirect("accounts:login-verify")
        else:
            throttle.succeeded(account_id=user.pk)
            login(request, user)
            return HttpResponseRedirect(_safe_next(request, reverse("home")))
    return render(request, "accounts/login.html", {"form": form, "next": request.GET.get("next", "")})


def login_verify_view(request):
    user_id = request.session.get(PENDING_2FA)
    if not user_id:
        return redirect("accounts:login")
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return redirect("accounts:login")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if throttle.wait_for(account_id=user.pk, address=client_address(request)):
            request.session.pop(PENDING_2FA, None)  # start again with the password, after the wait
            messages.error(request, _("Too many wrong codes: sign in again in a few minutes."))
            return redirect("accounts:login")
        try:
            services.verify_totp(user=user, code=form.cleaned_data["code"])
        except DomainError as exc:
            throttle.failed(account_id=user.pk, address=client_address(request))
            form.add_error("code", str(exc.message))
        else:
            throttle.succeeded(account_id=user.pk)
            nxt = request.session.pop("huiwu_pending_next", reverse("home"))
            request.session.pop(PENDING_2FA, None)
            login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
            return HttpResponseRedirect(nxt)
    return render(request, "accounts/login_verify.html", {"form": form})


@require_POST
def logout_view(request):
    logout(request)
    messages.success(request, _("You have signed out."))
    return redirect("accounts:login")


@login_required
def security_view(request):
    device = TOTPDevice.objects.filter(user=request.user).first()
    form = CodeForm(request.POST or None)
    action = request.POST.get("action")
    if request.method == "POST":
        if action == "start":
            device = services.start_totp_setup(user=request.user)
            form = CodeForm()
        elif action in ("confirm", "disable") and form.is_valid():
            try:
                if action == "confirm":
                    services.confirm_totp(user=request.user, code=form.cleaned_data["code"])
                    messages.success(request, _("Two-factor sign-in is on."))
                    return HttpResponseRedirect(_safe_next(request, reverse("accounts:security")))
                else:
                    org_services.disable_two_factor(user=request.user, code=form.cleaned_data["code"])
                    messages.success(request, _("Two-factor sign-in is off."))
                return redirect("accounts:security")
            except (DomainError, TOTPDevice.DoesNotExist) as exc:
                form.add_error("code", str(getattr(exc, "message", _("That code is not valid."))))
    qr_svg = uri = None
    if device is not None and not device.is_confirmed:
        uri = services.provisioning_uri(device)
        qr_svg = segno.make(uri, micro=False).svg_inline(scale=4, title=_("Two-factor set-up code"))
    return render(
        request,
        "accounts/security.html",
        {
            "device": device,
            "form": form,
            "qr_svg": qr_svg,
            "secret_uri": uri,
            "next": safe_next(request.POST.get("next") or request.GET.get("next") or "", ""),
        },
    )


def invitation_view(request, token: str):
    """Accept an invitation: signed in as the invited address, or by creating that account."""
    try:
        invitation = org_services.invitation_for_token(token)
    except DomainError as exc:
        return render(request, "accounts/invitation_error.html", {"error": exc.message}, status=exc.status)
    existing = get_user_model().objects.filter(email__iexact=invitation.email).exists()
    form = SignUpForm(request.POST or None)
    if request.method == "POST":
        try:
            if request.user.is_authenticated:
                membership = org_services.accept_invitation(raw_token=token, user=request.user)
            elif not existing and form.is_valid():
                membership = org_services.sign_up_with_invitation(raw_token=token, **form.cleaned_data)
                login(request, membership.user, backend=settings.AUTHENTICATION_BACKENDS[0])
            else:
                membership = None
        except DomainError as exc:
            return render(
                request, "accounts/invitation_error.html", {"error": exc.message}, status=exc.status
            )
        if membership is not None:
            messages.success(request, _("Welcome to %(org)s.") % {"org": membership.org.name})
            return redirect("orgs:dashboard", org=membership.org.slug)
    return render(
        request,
        "accounts/invitation.html",
        {"invitation": invitation, "form": form, "existing": existing, "token": token},
    )


@require_POST
def language_view(request):
    """Django's language switch, remembered on the signed-in user too."""
    lang = request.POST.get("language", "")
    if check_for_language(lang) and lang in dict(settings.LANGUAGES):
        services.set_language(user=request.user, language=lang)
    return set_language(request)
