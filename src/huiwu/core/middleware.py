"""Response headers every page gets: a Content-Security-Policy, a Permissions-Policy, and no caching of
what may hold personal data."""

from __future__ import annotations

from django.core.exceptions import DisallowedHost
from django.utils.cache import add_never_cache_headers

# No inline script anywhere (behaviours live in static/huiwu/*.js); styles may be inline (ECharts and
# htmx set them). The scanner's QR decoder runs in a worker made from a blob.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "font-src 'self' data:; connect-src 'self'{sockets}; media-src 'self' blob:; worker-src 'self' blob:; "
    "manifest-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
# The interactive API docs are django-ninja's page, which configures Swagger UI with an inline script:
# that page alone allows inline script.
PERMISSIONS_POLICY = "camera=(self), microphone=(), geolocation=(), payment=(), usb=(), serial=()"
# Pages for people, not assets: whatever a signed-in person or a guest's own link sees may hold personal
# data (lists, profiles, exports, e-badges), so no browser or proxy keeps a copy.
PERSONAL_PREFIXES = ("/o/", "/a/", "/api/", "/c/", "/accounts/", "/i/")


def policy(request, *, stream_origin: str = "") -> str:
    """The page's Content-Security-Policy; a page that plays a stream also fetches and plays from its
    origin (hls.js and mpegts.js read the segments with fetch, the video plays them from a blob)."""
    try:
        host = request.get_host()
        sockets = f" ws://{host} wss://{host}"
    except DisallowedHost:
        sockets = ""
    text = CSP.format(sockets=sockets)
    if stream_origin:
        text = text.replace("connect-src 'self'", f"connect-src 'self' {stream_origin}", 1)
        text = text.replace("media-src 'self' blob:", f"media-src 'self' blob: {stream_origin}", 1)
    return text


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        path = request.path
        if "Content-Security-Policy" not in response:
            text = policy(request)
            if path.startswith("/api/v1/docs"):
                text = text.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'", 1)
            response["Content-Security-Policy"] = text
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        personal = path.startswith(PERSONAL_PREFIXES) or (
            getattr(request, "user", None) is not None and (request.user.is_authenticated)
        )
        if personal and "Cache-Control" not in response:
            add_never_cache_headers(response)
        return response


class RefusalMiddleware:
    """A command's refusal that a page did not catch (e.g. a write to an archived meeting) is shown to
    the person — back on the page they came from, or on a page with the refusal and its status — never
    as a server error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.contrib import messages
        from django.shortcuts import redirect, render
        from django.utils.http import url_has_allowed_host_and_scheme

        from .errors import DomainError

        if not isinstance(exception, DomainError) or request.path.startswith("/api/"):
            return None
        back = request.META.get("HTTP_REFERER", "")
        safe = url_has_allowed_host_and_scheme(back, {request.get_host()}, require_https=request.is_secure())
        if request.method == "POST" and back and safe and not request.headers.get("HX-Request"):
            messages.error(request, str(exception.message))
            return redirect(back)
        return render(request, "errors/refused.html", {"message": exception.message}, status=exception.status)
