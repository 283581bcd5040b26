"""Error pages."""

from django.http import HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static


def error_404(request, exception=None):
    return render(request, "errors/404.html", status=404)


def error_403(request, exception=None):
    return render(request, "errors/403.html", status=403)


def error_400(request, exception=None):
    return render(request, "errors/400.html", status=400)


def error_500(request):
    return render(request, "errors/500.html", status=500)


def favicon(request):
    """Browsers and tools ask for /favicon.ico whatever the page says: send them to the SVG icon."""
    return HttpResponsePermanentRedirect(static("huiwu/favicon.svg"))
