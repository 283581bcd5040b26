"""``/healthz``: database, cache and the queue's worker, for load balancers."""

import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse

from huiwu.jobs.tasks import last_heartbeat


def healthz(request):
    """Database, cache and worker status for load balancers: 200 when the web tier can serve."""
    checks: dict[str, dict] = {}
    try:
        with connection.cursor() as cur:
            cur.execute("SELECT 1")
        checks["database"] = {"status": "ok", "vendor": connection.vendor}
    except Exception as exc:
        checks["database"] = {"status": "error", "error": type(exc).__name__}
    try:
        cache.set("huiwu:healthz", "1", 10)
        ok = cache.get("huiwu:healthz") == "1"
        checks["cache"] = {
            "status": "ok" if ok else "error",
            "backend": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1],
        }
    except Exception as exc:
        checks["cache"] = {"status": "error", "error": type(exc).__name__}
    try:
        beat = last_heartbeat()
        age = None if beat is None else round(time.time() - float(beat), 1)
        status = "ok" if age is not None and age < 150 else ("missing" if age is None else "stale")
        checks["worker"] = {"status": status, "last_heartbeat_age_s": age}
    except Exception as exc:
        checks["worker"] = {"status": "error", "error": type(exc).__name__}
    healthy = checks["database"]["status"] == "ok" and checks["cache"]["status"] == "ok"
    body = {"status": "ok" if healthy else "error", "checks": checks}
    return JsonResponse(body, status=200 if healthy else 503)
