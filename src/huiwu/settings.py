"""Settings: one file, read from the environment, with embedded defaults.

A fresh checkout runs with no variable set: SQLite (WAL) under ``data/``, Huey's SQLite store,
an in-process cache and live-update hub, mail to the console. ``DATABASE_URL`` switches to
PostgreSQL; ``REDIS_URL`` moves the cache, the Channels layer, the live-update hub and the task
queue to Redis. Every other variable is ``HUIWU_*`` and documented in ``.env.example``.
"""

import base64
import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
DATA_DIR = Path(os.environ.get("HUIWU_DATA_DIR", PROJECT_DIR / "data")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


HUIWU_ENV = os.environ.get("HUIWU_ENV", "development")
PRODUCTION = HUIWU_ENV == "production"
# DEBUG is never on by default: only the developer who asks for it gets tracebacks in pages.
DEBUG = env_bool("HUIWU_DEBUG", False) and not PRODUCTION
# Django's admin (/django-admin/, throttled like every sign-in) is served in development only, unless
# an operator opts in: production is run from Huiwu's own pages.
HUIWU_ADMIN = env_bool("HUIWU_ADMIN", not PRODUCTION)


def _secret_key() -> str:
    if key := os.environ.get("HUIWU_SECRET_KEY"):
        return key
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()


def _field_keys() -> list[str]:
    """Keys that encrypt sensitive fields (ID numbers), newest first; set HUIWU_FIELD_KEYS to rotate."""
    if keys := os.environ.get("HUIWU_FIELD_KEYS"):
        return [k.strip() for k in keys.split(",") if k.strip()]
    path = DATA_DIR / "field_key"
    if not path.exists():
        path.write_text(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())
        path.chmod(0o600)
    return [path.read_text().strip()]


FIELD_ENCRYPTION_KEYS = _field_keys()

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("HUIWU_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("HUIWU_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]
SITE_URL = os.environ.get("HUIWU_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "huiwu.core",
    "huiwu.accounts",
    "huiwu.orgs",
    "huiwu.jobs",
    "huiwu.notifications",
    "huiwu.webhooks",
    "huiwu.clients",
    "huiwu.events",
    "huiwu.standards",
    "huiwu.venues",
    "huiwu.risks",
    "huiwu.staff",
    "huiwu.suppliers",
    "huiwu.agenda",
    "huiwu.attendees",
    "huiwu.checkin",
    "huiwu.onsite",
    "huiwu.contracts",
    "huiwu.budgets",
    "huiwu.inspections",
    "huiwu.feedback",
    "huiwu.interaction",
    "huiwu.wrapup",
    "huiwu.reports",
    "huiwu.areas",
    "huiwu.api",
    "huiwu.workspace",
    "huiwu.portal",
    "huiwu.server",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "channels",
    "huey.contrib.djhuey",
    "ninja",  # serves the API docs' Swagger UI from local static files, not a CDN
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "huiwu.accounts.middleware.LanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "huiwu.core.middleware.SecurityHeadersMiddleware",
    "huiwu.core.middleware.RefusalMiddleware",
]

ROOT_URLCONF = "huiwu.urls"
ASGI_APPLICATION = "huiwu.asgi.application"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["huiwu.accounts.backends.UsernameOrEmailBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "huiwu.orgs.context_processors.shell",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------------------------
if os.environ.get("DATABASE_URL"):
    # A connection pool per process (psycopg_pool): under ASGI every request runs in its own thread,
    # so persistent per-thread connections would pile up; the pool hands one out per request.
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=0)}
    DATABASES["default"].setdefault("TEST", {})
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": int(os.environ.get("HUIWU_DB_POOL_SIZE", "16")),
        "timeout": 20,
    }
else:
    DATABASES = {
        "default": {
            # Django's SQLite backend, with connections kept open between requests (core/sqlite).
            "ENGINE": "huiwu.core.sqlite",
            "NAME": os.environ.get("HUIWU_SQLITE_PATH", str(DATA_DIR / "huiwu.sqlite3")),
            "OPTIONS": {
                # WAL lets the web server, the worker and readers work side by side.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
            # Tests use a file too, so that servers started by tests see the same data.
            "TEST": {"NAME": str(DATA_DIR / "test.sqlite3")},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: cache, Channels layer, live hub, task queue ------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
LIVE_CHANNEL = "huiwu:live"  # the Redis channel every process's live hub listens to
if REDIS_URL and (_worker := os.environ.get("PYTEST_XDIST_WORKER")):
    # `make test` runs the suite in parallel processes (pytest-xdist), each on a test database of its
    # own; each gets a Redis database and a live channel of its own too (Redis channels span databases)
    REDIS_URL = urlunsplit(urlsplit(REDIS_URL)._replace(path=f"/{1 + int(_worker.removeprefix('gw'))}"))
    LIVE_CHANNEL = f"huiwu:live:{_worker}"

if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    CHANNEL_LAYERS = {
        "default": {"BACKEND": "channels_redis.core.RedisChannelLayer", "CONFIG": {"hosts": [REDIS_URL]}}
    }
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": os.environ.get("HUIWU_QUEUE_NAME", "huiwu"),
        "url": REDIS_URL,
        "immediate": False,
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": os.environ.get("HUIWU_QUEUE_NAME", "huiwu"),
        "filename": os.environ.get("HUIWU_QUEUE_PATH", str(DATA_DIR / "queue.sqlite3")),
        "immediate": False,
    }

# Live updates: one broadcast per topic at most this often (coalescing window, seconds).
HUIWU_LIVE_COALESCE_SECONDS = float(os.environ.get("HUIWU_LIVE_COALESCE_SECONDS", "0.3"))
# The live interaction's flood limits (votes per window of HUIWU_INTERACTION_WINDOW seconds): per
# participant, and per address — generous, as a venue's phones often share one address behind its NAT.
HUIWU_INTERACTION_PER_PARTICIPANT = int(os.environ.get("HUIWU_INTERACTION_PER_PARTICIPANT", "10"))
HUIWU_INTERACTION_PER_ADDRESS = int(os.environ.get("HUIWU_INTERACTION_PER_ADDRESS", "600"))
HUIWU_INTERACTION_WINDOW = int(os.environ.get("HUIWU_INTERACTION_WINDOW", "5"))
HUIWU_INTERACTION_JOINS_PER_MINUTE = int(os.environ.get("HUIWU_INTERACTION_JOINS_PER_MINUTE", "600"))
# the Redis keys of the vote store (each test process its own, as for the live channel)
HUIWU_INTERACTION_PREFIX = "huiwu:i:"

# --- Passwords and sessions -----------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if env_bool("HUIWU_FAST_PASSWORD_HASHING"):
    # Tests only: the suite and the servers it starts hash thousands of passwords.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24
HUIWU_INVITATION_DAYS = int(os.environ.get("HUIWU_INVITATION_DAYS", "7"))

# --- Request limits -------------------------------------------------------------------------
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("HUIWU_MAX_BODY_BYTES", str(2 * 1024 * 1024)))
# One limit for every uploaded file (photos, floor plans, incident photos, documents), and for images
# the pixels they may decode to (core/uploads.py).
MAX_UPLOAD_BYTES = int(os.environ.get("HUIWU_MAX_UPLOAD_BYTES", str(20 * 1024 * 1024)))
MAX_IMAGE_PIXELS = int(os.environ.get("HUIWU_MAX_IMAGE_PIXELS", str(40_000_000)))

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PROJECT_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static files: our own plus front-end packages installed from the npm registry -----------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
NODE_MODULES = PROJECT_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/echarts", NODE_MODULES / "echarts" / "dist"),
    ("vendor/qr-scanner", NODE_MODULES / "qr-scanner"),
    ("vendor/hls", NODE_MODULES / "hls.js" / "dist"),
    ("vendor/mpegts", NODE_MODULES / "mpegts.js" / "dist"),
]
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"

# --- Mail: console by default, a folder of files or SMTP when configured ---------------------
DEFAULT_FROM_EMAIL = os.environ.get("HUIWU_EMAIL_FROM", "Huiwu <noreply@huiwu.local>")
if os.environ.get("HUIWU_EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["HUIWU_EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("HUIWU_EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("HUIWU_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("HUIWU_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("HUIWU_EMAIL_TLS", True)
elif os.environ.get("HUIWU_EMAIL_FILE_PATH"):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = os.environ["HUIWU_EMAIL_FILE_PATH"]
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# --- API ------------------------------------------------------------------------------------
NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 500

# --- Production hardening (``manage.py check --deploy`` is clean with these) -----------------
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("HUIWU_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("HUIWU_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("HUIWU_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "huey": {"level": "WARNING"},
        "httpx": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

APP_NAME = _("Huiwu")
