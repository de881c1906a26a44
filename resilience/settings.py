"""Settings, read from the environment (see the configuration table in README.md).

The defaults make `make run` work on a fresh machine (SQLite, console email,
in-process tasks). Production sets DEBUG=false and real values; a malformed
value stops the process with a message naming the variable.
"""

from datetime import timedelta
from pathlib import Path

from resilience.envconfig import Env
from resilience.static_headers import static_file_headers

BASE_DIR = Path(__file__).resolve().parent.parent
env = Env()

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.secret_key("SECRET_KEY", debug=DEBUG)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.url("SITE_URL", default="http://127.0.0.1:8000")
REDIS_URL = env.redis_url("REDIS_URL", default="")

INSTALLED_APPS = [
    "resilience",
    "incidents",
    "kit",
    "contracts",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_celery_beat",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "resilience.middleware.RequireMfaMiddleware",
    "resilience.guards.RefuseMethodsMiddleware",
    "resilience.guards.FormEncodingMiddleware",
    "resilience.guards.SessionRefreshMiddleware",
]

ROOT_URLCONF = "resilience.urls"
WSGI_APPLICATION = "resilience.wsgi.application"

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
                "resilience.context_processors.navigation_context",
            ],
            # « 1er juin », « 30 nov. »: the `date` filter of every template (resilience/french_dates.py).
            "builtins": ["resilience.templatetags.french"],
        },
    },
]

# Database: one PostgreSQL in production and tests; a SQLite file for the quick start.
DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# Reuse connections between requests, checked before reuse so that a restarted PostgreSQL costs no error.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# The queries every page runs are prepared statements of each PostgreSQL connection (resilience.sql.CompiledOnce):
# off behind a pooler that hands one server connection to several clients (PgBouncer in transaction mode).
PREPARED_STATEMENTS = env.bool("PREPARED_STATEMENTS", default=True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The quick start's SQLite serves several requests at once (the offline helper fetches pages in
    # parallel): readers never wait for the writer (WAL), a transaction takes the write lock when it
    # starts instead of failing half-way with "database is locked", and a waiting writer gives up after 20 s.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "resilience.User"

# URPS statistics: no figure about fewer cabinets (refused below 5: one cabinet could be recognised).
URPS_MIN_CABINETS = env.int("URPS_MIN_CABINETS", default=10, minimum=5)
# The dashboard's figures come from the shared cache and are at most this old (resilience/statistics/queries.py).
URPS_REFRESH_SECONDS = env.int("URPS_REFRESH_SECONDS", default=300, minimum=0)

# Cache: shared Redis when configured (login throttling must see every web process).
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "resilience.cache.TolerantRedisCache", "LOCATION": REDIS_URL}}
else:
    # Never a per-process memory cache: throttling counters must be the same for every web process.
    # The table is created by a migration (resilience 0004), so `migrate` is all a deployment needs.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "resilience_cache"}}

# Sessions: plain database sessions, so that every web process sees a sign-out or a cabinet switch at
# once, and a Redis restart costs nothing (one indexed read per request; no copy that could go stale).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = int(timedelta(hours=2).total_seconds())  # expiry after 2 h of inactivity
SESSION_SAVE_EVERY_REQUEST = False  # a GET writes nothing: resilience.middleware pushes the expiry back
SESSION_REFRESH_INTERVAL = int(timedelta(minutes=5).total_seconds())  # at most one session write per 5 minutes
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Passwords: 12 characters at least, as the guides ask of every cabinet.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# Accounts (django-allauth): email only, confirmed before the first sign-in.
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "resilience:home"
ACCOUNT_ADAPTER = "resilience.accounts.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "resilience.profiles.SignupNameForm"  # first and last name, required
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Résilience cabinet] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https") else "http"
ACCOUNT_RATE_LIMITS = {
    # Failed sign-ins: 10 a minute from one address, 5 in 5 minutes on one account.
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
# Behind N proxies (the load balancer), the client's address is the N-th from the right of X-Forwarded-For:
# without it, every client has the balancer's address and one person could lock everyone out.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Résilience cabinet"
MFA_RECOVERY_CODE_COUNT = 10

# Email.
globals().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Résilience cabinet <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: Redis as broker; without REDIS_URL, tasks run in-process (quick start).
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"  # a host named: kombu warns otherwise
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = "Europe/Paris"

# Internationalisation: French interface, Paris time.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

# Static files: Bootstrap and htmx come from npm packages, served by whitenoise.
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules/bootstrap/dist"),
    ("vendor/htmx", BASE_DIR / "node_modules/htmx.org/dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "resilience.staticfiles.ManifestStaticFilesStorage"
    },
}
WHITENOISE_KEEP_ONLY_HASHED_FILES = False
WHITENOISE_ADD_HEADERS_FUNCTION = static_file_headers  # static HTML gets the CSP and X-Frame-Options too

# Django's widget templates, the inputs, selects and radio lists built in Python (the same HTML, faster).
FORM_RENDERER = "resilience.form_renderer.FormRenderer"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Security headers. No inline script or style anywhere: the CSP has no unsafe-inline.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
        "manifest-src": ["'self'"],
        "worker-src": ["'self'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "resilience.views.errors.csrf_failure"

if not DEBUG:
    # Behind a load balancer that terminates TLS and sets X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # probed over plain HTTP inside the network
    SECURE_HSTS_SECONDS = int(timedelta(days=365).total_seconds())
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# The console shows requests (django.server), warnings and errors, and the application's own INFO lines;
# never the DEBUG output of libraries (SQL, template variable lookups, …), even with DEBUG on.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "resilience": {"level": "INFO"},
        "incidents": {"level": "INFO"},
        "kit": {"level": "INFO"},
        "contracts": {"level": "INFO"},
        "celery": {"level": "INFO"},
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint logs every layout step at INFO: keep only its warnings.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# One person creates at most this many cabinets in 24 hours.
CABINETS_PER_DAY = 3

# Invitations to join a cabinet stay valid this long.
INVITATION_VALIDITY = timedelta(days=7)
