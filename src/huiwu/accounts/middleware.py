from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


def _supported(code: str | None) -> str | None:
    if code and code in dict(settings.LANGUAGES):
        return code
    return None


class LanguageMiddleware:
    """Simplified Chinese unless someone chose English.

    Pages: the language switch (cookie) on this device, else the signed-in user's saved choice,
    else Chinese — a browser's own language does not override the product's default.
    API: the client's ``Accept-Language`` is honoured, since machines ask explicitly.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/api/"):
            lang = translation.get_language_from_request(request)
        else:
            lang = _supported(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))
            user = getattr(request, "user", None)
            if lang is None and user is not None and user.is_authenticated:
                lang = _supported(user.language)
        lang = lang or settings.LANGUAGE_CODE
        translation.activate(lang)
        request.LANGUAGE_CODE = lang
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", lang)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response
