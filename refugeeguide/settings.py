"""Settings for Refugee Guide NL, all read from the environment.

The defaults are the safe production ones; `make run` turns debug on for local use.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
import django.conf.locale
from csp import constants as csp
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set DJANGO_SECRET_KEY (or DJANGO_DEBUG=1 for local use).")
    SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1" if DEBUG else "")

INSTALLED_APPS = [
    # Before the admin, so translated fields get its per-language tabs.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # sitemap.xml, every public page in every language (refugeeguide/sitemaps.py).
    "django.contrib.sitemaps",
    # Full-text search and trigram lookups on PostgreSQL; harmless on SQLite.
    "django.contrib.postgres",
    "django_filters",
    "csp",
    "axes",
    # Who changed what and when, with undo: historical tables for the content (workflow/apps.py).
    "simple_history",
    # CSV export and import of organizations with a preview of every change.
    "import_export",
    # What the apps below share; it imports none of them.
    "common",
    "glossary",
    "organizations",
    "procedures",
    # Roles, history, verification records, the review queue and change feeds (issue 10).
    "workflow",
    # Visitors' "something is wrong" reports.
    "reports",
    # One search over all of the above (search/); imported by no model module.
    "search",
    # The manifest, the service worker and the offline page; it only reads the others.
    "offline",
    # The translator's desk: one language at a time, outdated translations, PO files.
    "translations",
    # The HSDS 3.0 open-data API, its export and import (hsds/); it only reads the others.
    "hsds",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Above WhiteNoise, so static files (the SVG too) get the Content-Security-Policy as well.
    "csp.middleware.CSPMiddleware",
    # WhiteNoise right after the security headers, so static files skip the rest of the stack.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # 304 Not Modified for a browser that has the page, cached or not (ETags are Django's).
    "django.middleware.http.ConditionalGetMiddleware",
    # Cached public pages are answered here, before the rest of the stack (common/cache.py).
    "common.cache.PageCacheMiddleware",
    # No bidirectional control characters in what a page may show back from its query string.
    "refugeeguide.middleware.QueryTextMiddleware",
    # The language comes from the URL prefix, never from a session, so the locale needs none
    # and anonymous pages stay free of cookies.
    "django.middleware.locale.LocaleMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Lets history rows name the editor for every save in a request (inline offices too).
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A database that is down or restarting is a 503 with Retry-After, not a 500.
    "refugeeguide.middleware.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into a 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "refugeeguide.urls"
WSGI_APPLICATION = "refugeeguide.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "refugeeguide.context_processors.languages",
            ],
        },
    },
]

# postgres:// and postgresql:// both select Django's PostgreSQL backend, which uses psycopg 3.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that does not answer fails a request in seconds instead of hanging a worker.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = int(
        os.environ.get("DJANGO_DB_CONNECT_TIMEOUT", "3")
    )

# Public pages are cached whole (refugeeguide/cache.py). Local memory is per process: with
# several gunicorn workers set REDIS_URL, so that an editor's save clears every worker at once.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "common.cache_backends.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": os.environ.get("DJANGO_CACHE_KEY_PREFIX", "refugeeguide"),
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "refugeeguide",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
# How long a cached page may live; an editor's save makes every cached page stale at once.
PAGE_CACHE_SECONDS = int(os.environ.get("DJANGO_PAGE_CACHE_SECONDS", "3600"))
# How long a worker trusts the content version it last read from the cache before asking again
# (common/cache.py, LocalPages): a save through another worker reaches anonymous visitors up to
# this late; editors always see it at once. 0: ask on every request.
PAGE_CACHE_VERSION_SECONDS = float(os.environ.get("DJANGO_PAGE_CACHE_VERSION_SECONDS", "1"))
# Free-text search results are kept briefly: every new word would otherwise be an entry for an
# hour. The same search repeated within this time is still one render.
SEARCH_PAGE_CACHE_SECONDS = int(os.environ.get("DJANGO_SEARCH_CACHE_SECONDS", "60"))
# A save to any model of these apps clears the page cache.
PUBLIC_CONTENT_APPS = {"organizations", "procedures", "glossary", "workflow", "search"}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The languages of the people who most often ask for asylum in the Netherlands, with English
# and Dutch. Django ships no Tigrinya or Somali, so they are described here; Django's own
# messages then fall back to English.
django.conf.locale.LANG_INFO.update(
    {
        "ti": {"bidi": False, "code": "ti", "name": "Tigrinya", "name_local": "ትግርኛ"},
        "so": {"bidi": False, "code": "so", "name": "Somali", "name_local": "Soomaali"},
    }
)
# Written without the optional shadda, as most Arabic readers expect to see it.
django.conf.locale.LANG_INFO["ar"]["name_local"] = "العربية"
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("nl", _("Dutch")),
    ("ar", _("Arabic")),
    ("fa", _("Persian (Farsi, Dari)")),
    ("ti", _("Tigrinya")),
    ("tr", _("Turkish")),
    ("uk", _("Ukrainian")),
    ("so", _("Somali")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# Content missing in the visitor's language is shown in English, with a note saying so.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Compressed files with hashed names, so they can be cached for a year; the manifest that
    # lists them all is kept beside STATIC_ROOT, where WhiteNoise does not serve it.
    "staticfiles": {"BACKEND": "refugeeguide.storage.StaticFilesStorage"},
}

# Behind a TLS-terminating proxy in production.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
# The load balancer asks for the health check over plain HTTP, behind the TLS proxy.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(
    os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000")
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = not DEBUG
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

# Only this site's own files, no inline script or style; the admin gets a nonce should it
# ever need an inline script (django-csp adds it to the header only on pages that use it).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.NONE],
        "script-src": [csp.SELF, csp.NONCE],
        "style-src": [csp.SELF],
        "img-src": [csp.SELF],
        "font-src": [csp.SELF],
        "connect-src": [csp.SELF],
        "manifest-src": [csp.SELF],
        "worker-src": [csp.SELF],
        "form-action": [csp.SELF],
        "frame-ancestors": [csp.NONE],
        "base-uri": [csp.NONE],
        "object-src": [csp.NONE],
    }
}

# The admin lives at DJANGO_ADMIN_URL (default "admin/"), so it can be moved off the usual path.
ADMIN_URL = os.environ.get("DJANGO_ADMIN_URL", "admin/").strip("/") + "/"

# django-axes counts failed logins per username *and address* together, and per address over
# all usernames, and locks what reached AXES_FAILURE_LIMIT for AXES_COOLOFF_TIME. Never per
# username alone: then anyone who knows an editor's username could lock them out from anywhere.
# With one limit for both, the address count is the one that locks first (it includes the
# combination's failures); the combination stays listed as the rule that must hold whatever
# the address rule becomes. A success clears the count. README, "Editors", says what this
# protects against and what not.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(
    minutes=int(os.environ.get("DJANGO_LOGIN_COOLOFF_MINUTES", "15"))
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_RESET_ON_SUCCESS = True
# Who is asking: the connection's address, or, behind TRUSTED_PROXIES proxies, the address the
# outermost of them saw (refugeeguide.middleware.client_ip). 0 by default: X-Forwarded-For is
# whatever the client wrote unless a proxy we run wrote it.
TRUSTED_PROXIES = int(os.environ.get("DJANGO_TRUSTED_PROXIES", "0"))
AXES_CLIENT_IP_CALLABLE = "refugeeguide.middleware.client_ip"

# An admin login whose `next=` is refused (another host) lands on the admin's index, not on
# Django's default /accounts/profile/, which does not exist here.
LOGIN_REDIRECT_URL = "admin:index"
# A refused form post (no or a wrong CSRF token) gets the site's own page, in its language.
CSRF_FAILURE_VIEW = "refugeeguide.views.csrf_failure"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # To stdout, where gunicorn's access log goes too, for the process manager to collect.
    "handlers": {"console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}

# How many organizations the directory shows on one page.
ORGANIZATIONS_PER_PAGE = 20

# An entry is due for review when no person has checked it for this many days.
REVIEW_AFTER_DAYS = int(os.environ.get("DJANGO_REVIEW_AFTER_DAYS", "180"))

# The due-for-review e-mail to Reviewers; printed to the console unless a backend is set.
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "webmaster@localhost")

# Visitors' reports: how many one address may send per hour, and how long one may be.
REPORTS_PER_HOUR = int(os.environ.get("DJANGO_REPORTS_PER_HOUR", "5"))
REPORT_MAX_LENGTH = 2000

# Bulk corrections by CSV (django-import-export): Reviewers import (they may publish), anyone who
# may view exports. The admin offers CSV only (OrganizationAdmin.formats).
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "publish"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
