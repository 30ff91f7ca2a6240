"""Settings for Inspection Readiness, read from the environment with django-environ.

Local defaults work with no configuration: a SQLite file, Celery tasks run in-process when
``CELERY_BROKER_URL`` is empty, and ``DEBUG`` off unless asked for. A development-only secret key
is used only when ``DEBUG`` is on; with ``DEBUG`` off the app refuses to start without
``SECRET_KEY``. Every variable is listed with its default in the README.
"""

from datetime import date, timedelta
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable to a long random "
            "value (for example the output of "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`), "
            "or set DEBUG=true for local development only."
        )
    SECRET_KEY = "development-only-key-never-used-when-debug-is-off"  # noqa: S105

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

SERVICE_NAME = "Inspection Readiness"
COUNCIL_NAME = env.str("COUNCIL_NAME", default="Demo Borough Council")
# Preparation staff see only the children in their own case audits and cohorts; a council may
# widen that to every child (casework.queries.children_for_user).
STAFF_SEE_ALL_CHILDREN = env.bool("STAFF_SEE_ALL_CHILDREN", default=False)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_forms_gds",
    "django_filters",
    "django_tables2",
    "axes",
    "auditlog",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "inspection_readiness",
    "frameworks",
    "annex_a",
    "casework",
    "judgements",
    "datapack",
    "inspections",
    "retention",
    "transparency",
    "notifications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before anything reads a request's body: anonymous posts and oversized bodies are refused.
    "inspection_readiness.uploads.RequestBodyLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Cache-Control: no-store on every response past WhiteNoise (static files are answered above).
    "inspection_readiness.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Managers and data admins who signed in with a password give a second factor first.
    "inspection_readiness.second_factor.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # django-auditlog's middleware, taking the address from client_address (not a raw header).
    "inspection_readiness.audit.AuditTrailMiddleware",
    # django-axes must come last: it turns a lockout raised during sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "inspection_readiness.urls"

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
                "inspection_readiness.context_processors.service",
            ],
        },
    },
]

WSGI_APPLICATION = "inspection_readiness.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A job's thread writes while pages are read: WAL lets them read meanwhile, and a write
    # (a session, a heartbeat) waits for an import's one transaction rather than failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL;", "timeout": 60}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    # django-axes first, so that a locked-out person is refused before their password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Sign-in through the council's directory; does nothing unless OIDC_* below are set.
    "inspection_readiness.directory.DirectoryBackend",
]

# Sign-in through the council's directory over OpenID Connect (inspection_readiness/directory.py,
# with mozilla-django-oidc). On only when the client id and secret are set, with the issuer (its
# endpoints are then read from its discovery document) or the four endpoints themselves.
OIDC_ISSUER = env.str("OIDC_ISSUER", default="")
OIDC_RP_CLIENT_ID = env.str("OIDC_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env.str("OIDC_CLIENT_SECRET", default="")
OIDC_OP_AUTHORIZATION_ENDPOINT = env.str("OIDC_AUTHORIZATION_ENDPOINT", default="")
OIDC_OP_TOKEN_ENDPOINT = env.str("OIDC_TOKEN_ENDPOINT", default="")
OIDC_OP_USER_ENDPOINT = env.str("OIDC_USERINFO_ENDPOINT", default="")
OIDC_OP_JWKS_ENDPOINT = env.str("OIDC_JWKS_ENDPOINT", default="")
OIDC_RP_SCOPES = env.str("OIDC_SCOPES", default="openid email profile")
OIDC_RP_SIGN_ALGO = env.str("OIDC_SIGN_ALGORITHM", default="RS256")
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10
OIDC_AUTHENTICATION_CALLBACK_URL = "directory_callback"
# Directory groups that give a role: "manager=CSC-Managers,data_admin=CSC-Data,...". A person
# in none of them is created with no role, for a data admin to give one.
OIDC_ROLE_GROUPS = env.str("OIDC_ROLE_GROUPS", default="")
OIDC_GROUPS_CLAIM = env.str("OIDC_GROUPS_CLAIM", default="groups")
# A claim that, when false, says the directory has disabled the account.
OIDC_ACCOUNT_ENABLED_CLAIM = env.str("OIDC_ACCOUNT_ENABLED_CLAIM", default="account_enabled")

# The issuer named in authenticator apps beside a person's second-factor entry.
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Inspection Readiness")

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# Sessions end after a period of inactivity: each request pushes the expiry forward.
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=30)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Login throttling (django-axes): lock a username tried from one address after
# AXES_FAILURE_LIMIT failures, and an address after SIGN_IN_ADDRESS_FAILURE_LIMIT failures with
# any usernames (one password tried on every account). People behind one office address share
# that limit: a data admin can lift a lockout on the Users > Sign-in lockouts page.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
SIGN_IN_ADDRESS_FAILURE_LIMIT = env.int("SIGN_IN_ADDRESS_FAILURE_LIMIT", default=20)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "inspection_readiness.lockouts.LockoutHandler"
AXES_CLIENT_IP_CALLABLE = "inspection_readiness.client_address.client_address"
AXES_USERNAME_CALLABLE = "inspection_readiness.lockouts.username_tried"
# An attempt refused during a lockout is neither counted nor recorded in the audit trail, so
# hammering a locked account cannot flood it; the lockout runs from the last counted failure.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# X-Forwarded-For is believed only from this many reverse proxies in front of the service
# (0: none, the connecting address is the client's). See inspection_readiness.client_address.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# ...and only on a connection from these addresses or networks (the nearest proxy: nginx).
TRUSTED_PROXY_ADDRESSES = env.list("TRUSTED_PROXY_ADDRESSES", default=["127.0.0.1", "::1"])
# Password reset links asked for per email address, and per client address, in an hour.
PASSWORD_RESET_LIMIT_PER_HOUR = env.int("PASSWORD_RESET_LIMIT_PER_HOUR", default=3)
PASSWORD_RESET_ADDRESS_LIMIT_PER_HOUR = env.int("PASSWORD_RESET_ADDRESS_LIMIT_PER_HOUR", default=20)
# The cache holds those counts. Each process has its own unless CACHE_URL names a Redis database
# that every web process shares, as a deployment with several workers or nodes must.
CACHE_URL = env.str("CACHE_URL", default="")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    if CACHE_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# The compiled front end (npm run build) is written here; the Sass and JS sources sit beside it.
STATICFILES_DIRS = [BASE_DIR / "static" / "dist"]
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": env.path("MEDIA_ROOT", default=BASE_DIR / "media")},
    },
    # Hashed names for long browser caching in production; tests and the demo server, which
    # serve straight from static/dist without collectstatic, set STATIC_MANIFEST=false.
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env.bool("STATIC_MANIFEST", default=not DEBUG)
        else "whitenoise.storage.CompressedStaticFilesStorage"
    },
}
# Uploaded and generated files hold children's data: they are never served publicly, only
# through views that check the person's role.
MEDIA_ROOT = STORAGES["default"]["OPTIONS"]["location"]

# The council's retention schedule, in days (retention/schedule.py): records older than this are
# disposed of by `manage.py dispose_expired` or from the retention page, unless a legal hold or an
# open inspection they were submitted for keeps them. Starting points for the council's own
# schedule: Annex A two years (a year's comparison either side of an inspection), exports and
# job files 90 days (they can be made again), evidence three years (an ILACS cycle), data packs a
# year, the audit trail six years.
RETENTION_ANNEX_A_DAYS = env.int("RETENTION_ANNEX_A_DAYS", default=730)
RETENTION_JOB_FILES_DAYS = env.int("RETENTION_JOB_FILES_DAYS", default=90)
RETENTION_EVIDENCE_DAYS = env.int("RETENTION_EVIDENCE_DAYS", default=1095)
RETENTION_DATA_PACKS_DAYS = env.int("RETENTION_DATA_PACKS_DAYS", default=365)
RETENTION_AUDIT_TRAIL_DAYS = env.int("RETENTION_AUDIT_TRAIL_DAYS", default=2190)

# The privacy notice and accessibility statement (transparency/), readable before sign-in. The
# council is the controller; blank values are replaced by a sentence saying whom to ask.
PRIVACY_CONTROLLER_NAME = env.str("PRIVACY_CONTROLLER_NAME", default=COUNCIL_NAME)
PRIVACY_CONTROLLER_ADDRESS = env.str("PRIVACY_CONTROLLER_ADDRESS", default="")
PRIVACY_DPO_CONTACT = env.str("PRIVACY_DPO_CONTACT", default="")
PRIVACY_ICO_REGISTRATION = env.str("PRIVACY_ICO_REGISTRATION", default="")
ACCESSIBILITY_CONTACT = env.str("ACCESSIBILITY_CONTACT", default="")
# Dates as YYYY-MM-DD: when the council prepared its statement and last reviewed it.
ACCESSIBILITY_STATEMENT_PREPARED_ON = date.fromisoformat(
    env.str("ACCESSIBILITY_STATEMENT_PREPARED_ON", default="2026-11-30")
)
ACCESSIBILITY_STATEMENT_REVIEWED_ON = date.fromisoformat(
    env.str("ACCESSIBILITY_STATEMENT_REVIEWED_ON", default="2026-11-30")
)

FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
UPLOAD_MAX_MEGABYTES = env.int("UPLOAD_MAX_MEGABYTES", default=50)
EVIDENCE_UPLOAD_MAX_MEGABYTES = env.int("EVIDENCE_UPLOAD_MAX_MEGABYTES", default=20)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Uploads are counted as they stream in and stopped at the limit for their address, even when
# the request's Content-Length is missing or wrong (inspection_readiness/uploads.py).
FILE_UPLOAD_HANDLERS = [
    "inspection_readiness.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# What an Annex A file may ask of the machine once unpacked and read (annex_a/limits.py). A
# generated 100,000-row workbook unpacks to 53 MB, each part about 10 times its packed size.
# An import's peak memory (bench/upload_memory.py) is about 340 MB at 100,000 rows, 850 MB at
# 600,000 and 1,140 MB at 1,000,000, so files over ANNEX_A_MAX_ROWS rows are refused with a reason.
ANNEX_A_MAX_INFLATED_MEGABYTES = env.int("ANNEX_A_MAX_INFLATED_MEGABYTES", default=400)
ANNEX_A_MAX_COMPRESSION_RATIO = env.int("ANNEX_A_MAX_COMPRESSION_RATIO", default=200)
ANNEX_A_MAX_ROWS_PER_SHEET = env.int("ANNEX_A_MAX_ROWS_PER_SHEET", default=1_050_000)
ANNEX_A_MAX_COLUMNS_PER_SHEET = env.int("ANNEX_A_MAX_COLUMNS_PER_SHEET", default=200)
ANNEX_A_MAX_CELLS_PER_SHEET = env.int("ANNEX_A_MAX_CELLS_PER_SHEET", default=10_000_000)
ANNEX_A_MAX_ROWS = env.int("ANNEX_A_MAX_ROWS", default=600_000)

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"
CRISPY_GDS_FRONTEND_VERSION = "5.8.0"

DJANGO_TABLES2_TEMPLATE = "tables/govuk_table.html"

EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="inspection-readiness@localhost")
# The service's address as people reach it, for links in emails sent outside a request.
SERVICE_URL = env.str("SERVICE_URL", default="http://127.0.0.1:8000")

# Celery: with no broker, tasks run in-process (eagerly) so the app works with no services.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
# ...except long jobs, which then run in a thread of the web process so that the request ends at
# once and the progress bar moves (inspection_readiness/background.py). Tests turn it off.
JOBS_RUN_IN_BACKGROUND_THREAD = env.bool(
    "JOBS_RUN_IN_BACKGROUND_THREAD", default=not CELERY_BROKER_URL
)
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A request that queues a job must not hang when Redis is down: a few quick tries, then the job
# is failed with a message (inspection_readiness.jobs.send_job).
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
}
# Every job is stopped by its kind's hard time limit; no kind may have one longer than this
# (a test checks). Redis hands an unacknowledged task to another worker after the visibility
# timeout, so it must outlast the longest job, or a running job would be started twice.
JOB_TIME_LIMIT_CEILING_SECONDS = 60 * 60
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": JOB_TIME_LIMIT_CEILING_SECONDS + 30 * 60,
    "socket_connect_timeout": 3,
}
# Fail jobs that will never end (dead worker, lost task, past the time limit) every minute.
CELERY_BEAT_SCHEDULE = {
    "sweep-stuck-jobs": {
        "task": "inspection_readiness.sweep_stuck_jobs",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    # Reminders of work due within a working day or overdue; each goes once, so a late or
    # repeated run sends nothing twice.
    "send-reminders": {
        "task": "notifications.send_reminders",
        "schedule": 15 * 60.0,
        "options": {"expires": 14 * 60},
    },
}
# A running job says it is alive this often; one silent for the timeout has lost its worker.
JOB_HEARTBEAT_SECONDS = env.int("JOB_HEARTBEAT_SECONDS", default=30)
JOB_HEARTBEAT_TIMEOUT_SECONDS = env.int("JOB_HEARTBEAT_TIMEOUT_SECONDS", default=5 * 60)
# A job still queued after this long has been lost by the broker.
JOB_QUEUED_TIMEOUT_SECONDS = env.int("JOB_QUEUED_TIMEOUT_SECONDS", default=60 * 60)

# Audit trail (django-auditlog): keep the acting person's address, never the request body.
AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False

# Content security policy: no inline scripts except the GOV.UK body-class snippet, which
# carries a per-request nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Security headers. HTTPS settings are on whenever DEBUG is off; a deployment behind a proxy
# that terminates TLS sets SECURE_PROXY_SSL_HEADER through USE_X_FORWARDED_PROTO.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    # Tests against the plain-HTTP live server turn these off through SECURE_COOKIES=false.
    SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
if env.bool("USE_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint logs every layout step at INFO while building a PDF report.
        "weasyprint.progress": {"level": "WARNING"},
    },
}
