"""Configuration read from the environment.

Development and tests get safe defaults; anything else must be told its secret key,
so a production server never starts with a guessable one.
"""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path

from flask_babel import lazy_gettext as _l

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class ConfigError(RuntimeError):
    """The environment does not describe a service that can start safely."""


DEVELOPMENT_SECRET_KEY = "dev-only-not-secret"  # noqa: S105 - development and tests only
# The logo files the header can show, and the type each is served as.
LOGO_TYPES = {".svg": "image/svg+xml", ".png": "image/png"}
DEMO_COUNCIL_NAME = "Example County Council"
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0"}  # noqa: S104 - names, not a bind


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    try:
        return int(value)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {value!r}.") from None


def _date(name: str, default: date) -> date:
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ConfigError(f"{name} must be a date like 2030-04-01, not {value!r}.") from None


def council_name(config, locale: str) -> str:
    """The council's name in ``locale`` ("cy" or "en")."""
    return config["COUNCIL_NAME_CY"] if locale == "cy" else config["COUNCIL_NAME"]


def council_logo(config, locale: str) -> str | None:
    """The path of the council's logo for ``locale`` (the Welsh falls back to the English)."""
    return (config["COUNCIL_LOGO_CY"] if locale == "cy" else None) or config["COUNCIL_LOGO"]


def load_config(overrides: dict | None = None) -> dict:
    """Build the Flask configuration from the environment, then apply ``overrides``."""
    overrides = dict(overrides or {})
    env = overrides.get("ENV_NAME") or os.environ.get("FOSTERING_ENV", "production")
    testing = bool(overrides.get("TESTING", False)) or env == "test"
    development = env == "development"

    instance = PROJECT_ROOT / "instance"
    default_db = f"sqlite:///{instance / 'fostering.sqlite'}"
    database_url = os.environ.get("DATABASE_URL", default_db)
    # Heroku-style URLs name the driver "postgres"; SQLAlchemy wants psycopg 3.
    if database_url.startswith("postgres://"):
        database_url = "postgresql+psycopg://" + database_url[len("postgres://") :]
    elif database_url.startswith("postgresql://"):
        database_url = "postgresql+psycopg://" + database_url[len("postgresql://") :]

    secret_key = overrides.get("SECRET_KEY") or os.environ.get("SECRET_KEY")
    if not secret_key:
        if development or testing:
            secret_key = DEVELOPMENT_SECRET_KEY
        else:
            raise ConfigError(
                "SECRET_KEY is not set. Set the SECRET_KEY environment variable to a long "
                "random value (for example: python -c 'import secrets; "
                "print(secrets.token_hex(32))'), or set FOSTERING_ENV=development on a laptop."
            )

    redis_url = os.environ.get("REDIS_URL") or None
    council_en = os.environ.get("COUNCIL_NAME") or DEMO_COUNCIL_NAME
    config: dict = {
        "ENV_NAME": env,
        "TESTING": testing,
        "DEVELOPMENT": development,
        "SECRET_KEY": secret_key,
        "SQLALCHEMY_DATABASE_URI": database_url,
        # hide_parameters: a database error's message (logged) never carries the values
        # of a query, which may be a child's or an applicant's details.
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True, "hide_parameters": True},
        "REDIS_URL": redis_url,
        # The default name is translated on each page; a name set here is shown as it is.
        "SERVICE_NAME": os.environ.get("SERVICE_NAME") or _l("Fostering and placements"),
        # The council's name in English and in Welsh (each page shows the one in its
        # language); a council that sets only COUNCIL_NAME has it on both.
        "COUNCIL_NAME": council_en,
        "COUNCIL_NAME_CY": os.environ.get("COUNCIL_NAME_CY")
        or ("Cyngor Sir Enghraifft" if council_en == DEMO_COUNCIL_NAME else council_en),
        # The council's logo for the header, an SVG or PNG file, English and Welsh (the
        # Welsh falls back to the English); unset shows the council's name as text.
        "COUNCIL_LOGO": os.environ.get("COUNCIL_LOGO") or None,
        "COUNCIL_LOGO_CY": os.environ.get("COUNCIL_LOGO_CY") or None,
        # Where the Beta banner's feedback link goes (a form or a mailto: address);
        # unset, it emails the fostering team.
        "FEEDBACK_URL": os.environ.get("FEEDBACK_URL") or None,
        "FEEDBACK_URL_CY": os.environ.get("FEEDBACK_URL_CY") or None,
        # The public pages' words, allowances, fees and information events: the demo
        # council's in fostering/public/content, or the council's own folder.
        "CONTENT_DIR": os.environ.get("CONTENT_DIR") or None,
        # The youngest age at which someone may apply to foster: every page that states
        # it and the application's check use this one value.
        "FOSTER_MINIMUM_AGE": _int("FOSTER_MINIMUM_AGE", 21),
        # Sessions: signed cookies, expired after 30 minutes without a request.
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _bool("SESSION_COOKIE_SECURE", not (development or testing)),
        "SESSION_IDLE_MINUTES": int(os.environ.get("SESSION_IDLE_MINUTES", "30")),
        # Staff sign in with a code from an authenticator app too: on by default in
        # production; off in development (the demo's printed sign-ins) and tests.
        "STAFF_TWO_FACTOR": _bool("STAFF_TWO_FACTOR", not (development or testing)),
        # However active, a session ends this many hours after signing in.
        "SESSION_HOURS": int(os.environ.get("SESSION_HOURS", "10")),
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=12),
        "REMEMBER_COOKIE_DURATION": timedelta(seconds=0),
        "WTF_CSRF_TIME_LIMIT": 3600,
        # The largest request body, refused with a 413 page before it is read; upload
        # routes allow more (``security.allow_larger_body``).
        "MAX_CONTENT_LENGTH": int(os.environ.get("MAX_REQUEST_KB", "1024")) * 1024,
        # Sign-in back-off: this many failed attempts for one account from one address
        # in this many minutes, and that address waits (other addresses do not).
        "LOCKOUT_THRESHOLD": int(os.environ.get("LOCKOUT_THRESHOLD", "5")),
        "LOCKOUT_MINUTES": int(os.environ.get("LOCKOUT_MINUTES", "15")),
        "RATELIMIT_ENABLED": _bool("RATELIMIT_ENABLED", True),
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        "RATELIMIT_HEADERS_ENABLED": True,
        # If Redis goes away, each process counts in its own memory until it is back,
        # rather than every limited page failing.
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_SWALLOW_ERRORS": True,
        "SIGN_IN_RATE_LIMIT": os.environ.get("SIGN_IN_RATE_LIMIT", "10 per minute"),
        "PUBLIC_FORM_RATE_LIMIT": os.environ.get("PUBLIC_FORM_RATE_LIMIT", "20 per hour"),
        "BABEL_DEFAULT_LOCALE": "en",
        "BABEL_DEFAULT_TIMEZONE": "Europe/London",
        "BABEL_TRANSLATION_DIRECTORIES": str(PROJECT_ROOT / "translations"),
        "LANGUAGES": ("en", "cy"),
        "PREFERRED_URL_SCHEME": "http" if (development or testing) else "https",
        # Email: "memory" (tests), "file" (.eml files under instance/outbox) or "smtp".
        "MAIL_BACKEND": os.environ.get(
            "MAIL_BACKEND", "memory" if testing else "file" if development else "smtp"
        ),
        "MAIL_FROM": os.environ.get("MAIL_FROM", "fostering@council.example"),
        "MAIL_OUTBOX_DIR": os.environ.get("MAIL_OUTBOX_DIR", str(instance / "outbox")),
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", "localhost"),
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", "25")),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME") or None,
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD") or None,
        "MAIL_USE_TLS": _bool("MAIL_USE_TLS", False),
        # How the public reaches the fostering team (shown on pages and in emails).
        "TEAM_EMAIL": os.environ.get("TEAM_EMAIL", "fostering@council.example"),
        "TEAM_PHONE": os.environ.get("TEAM_PHONE", "01234 567890"),
        # Links in emails are absolute; set this to the service's public address.
        "PUBLIC_BASE_URL": os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000"),
        "INVITATION_DAYS": int(os.environ.get("INVITATION_DAYS", "7")),
        # The fostering panel: how many must sit (the chair included) for it to make a
        # recommendation, and who decides after it. AGENCY_DECISION_MAKER is a team
        # manager's email address; left empty, any team manager may decide.
        "PANEL_QUORUM": int(os.environ.get("PANEL_QUORUM", "5")),
        "AGENCY_DECISION_MAKER": os.environ.get("AGENCY_DECISION_MAKER", "").strip().lower(),
        # An approved household's life: how often its supervising social worker visits
        # (a visit is overdue this many weeks after the last), how often every adult's
        # DBS check and a carer's medical are renewed, and how many days ahead checks
        # about to run out are listed.
        "SUPERVISION_VISIT_WEEKS": _int("SUPERVISION_VISIT_WEEKS", 6),
        "DBS_RENEWAL_YEARS": _int("DBS_RENEWAL_YEARS", 3),
        "CARER_MEDICAL_YEARS": _int("CARER_MEDICAL_YEARS", 2),
        "CARER_CHECK_WARNING_DAYS": _int("CARER_CHECK_WARNING_DAYS", 60),
        # The council's own ONS local authority code (the Postcode Directory's "oslaua"):
        # a provider whose postcode lies in another authority is "out of county".
        # W06000015 is Cardiff.
        "COUNCIL_LA_CODE": os.environ.get("COUNCIL_LA_CODE", "W06000015"),
        # The Health and Social Care (Wales) Act 2025: from this day a placement with a
        # for-profit provider is a supplementary placement, which needs the Welsh
        # Ministers' approval (s.81B of the 2014 Act); see fostering/services/profit_act.py.
        "SUPPLEMENTARY_PLACEMENTS_FROM": _date("SUPPLEMENTARY_PLACEMENTS_FROM", date(2030, 4, 1)),
        # The sufficiency plan: a child placed outside the council's area but at most this
        # many kilometres from home is placed "near" the area (s.75(1) of the 2014 Act).
        "NEAR_AREA_KM": _int("NEAR_AREA_KM", 30),
        # A matching run whose worker has sent no heartbeat for this long is failed.
        "MATCHING_HEARTBEAT_TIMEOUT": int(os.environ.get("MATCHING_HEARTBEAT_TIMEOUT", "120")),
        # A what-if scenario solves twice (today, then with its changes): each solve may
        # take this many seconds, so a scenario finishes within about twice this plus
        # building (bench/scenarios.py: under a minute for 1,500 children at 20 s).
        "SCENARIO_TIME_LIMIT": int(os.environ.get("SCENARIO_TIME_LIMIT", "20")),
        # An import whose RQ job has had no heartbeat from its worker for this long is
        # failed (RQ's worker beats every 10 s while a job runs).
        "JOB_HEARTBEAT_TIMEOUT": int(os.environ.get("JOB_HEARTBEAT_TIMEOUT", "120")),
        # Proxies in front of the app whose X-Forwarded-For / -Proto are believed. 0 (the
        # default) believes none: a client cannot pick the address rate limits count by.
        "TRUSTED_PROXIES": int(os.environ.get("TRUSTED_PROXIES", "0")),
        # How long personal data is kept, in days (``flask retention run`` removes what
        # is older): an enquiry that went no further, after it was closed; a withdrawn
        # or refused application, after its last change of stage; an audit entry.
        "RETENTION_ENQUIRY_DAYS": int(os.environ.get("RETENTION_ENQUIRY_DAYS", "365")),
        "RETENTION_APPLICATION_DAYS": int(os.environ.get("RETENTION_APPLICATION_DAYS", "1096")),
        "RETENTION_AUDIT_DAYS": int(os.environ.get("RETENTION_AUDIT_DAYS", "2557")),
        # Evidence (documents on a case and its checks): where the files are kept
        # ("local": a folder; "s3": an S3-compatible bucket through boto3, signed in
        # with boto3's own AWS_* variables or the machine's role) and how big one may be.
        "EVIDENCE_STORAGE": os.environ.get("EVIDENCE_STORAGE", "local").strip().lower(),
        "EVIDENCE_DIR": os.environ.get("EVIDENCE_DIR", str(instance / "evidence")),
        "EVIDENCE_MAX_MB": int(os.environ.get("EVIDENCE_MAX_MB", "20")),
        "EVIDENCE_S3_BUCKET": os.environ.get("EVIDENCE_S3_BUCKET") or None,
        "EVIDENCE_S3_PREFIX": os.environ.get("EVIDENCE_S3_PREFIX", "evidence/"),
        "EVIDENCE_S3_ENDPOINT_URL": os.environ.get("EVIDENCE_S3_ENDPOINT_URL") or None,
        "EVIDENCE_S3_REGION": os.environ.get("EVIDENCE_S3_REGION") or None,
        "EVIDENCE_S3_ENCRYPTION": os.environ.get("EVIDENCE_S3_ENCRYPTION") or None,
    }
    config.update(overrides)
    refuse_unsafe(config)
    return config


def _workers() -> int:
    """How many processes serve the app: gunicorn reads WEB_CONCURRENCY for its workers."""
    try:
        return int(os.environ.get("WEB_CONCURRENCY", "1"))
    except ValueError:
        return 1


def refuse_unsafe(config: dict) -> None:
    """Stop at start-up a set-up that would be unsafe with real records."""
    from urllib.parse import urlsplit

    problems = []
    if config["RATELIMIT_ENABLED"] and config["RATELIMIT_STORAGE_URI"].startswith("memory://"):
        if _workers() > 1:
            problems.append(
                "Rate limits are kept in memory but WEB_CONCURRENCY says several processes "
                "serve: each would count on its own. Set REDIS_URL so they share counts."
            )
    if config["DEVELOPMENT"] and config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        problems.append(
            "FOSTERING_ENV=development is for a laptop with SQLite, but DATABASE_URL is "
            "PostgreSQL: unset FOSTERING_ENV (production is the default) for a real database."
        )
    if not (config["DEVELOPMENT"] or config["TESTING"]):
        secret = config["SECRET_KEY"] or ""
        if secret == DEVELOPMENT_SECRET_KEY or len(secret) < 32:
            problems.append(
                "SECRET_KEY is the development key or shorter than 32 characters. Set it to "
                "a long random value: python -c 'import secrets; print(secrets.token_hex(32))'."
            )
        base = urlsplit(config["PUBLIC_BASE_URL"])
        if base.scheme != "https" or (base.hostname or "") in LOCAL_HOSTS:
            problems.append(
                "PUBLIC_BASE_URL must be the service's public https:// address: links in "
                f"emails would point at {config['PUBLIC_BASE_URL']}."
            )
    if not 16 <= config["FOSTER_MINIMUM_AGE"] <= 99:
        problems.append("FOSTER_MINIMUM_AGE must be an age between 16 and 99 (21 by default).")
    for key, most in (
        ("SUPERVISION_VISIT_WEEKS", 52),
        ("DBS_RENEWAL_YEARS", 10),
        ("CARER_MEDICAL_YEARS", 10),
        ("CARER_CHECK_WARNING_DAYS", 365),
    ):
        if not 1 <= config[key] <= most:
            problems.append(f"{key} must be a whole number from 1 to {most}.")
    for key in ("COUNCIL_LOGO", "COUNCIL_LOGO_CY"):
        logo = config.get(key)
        if logo and (Path(logo).suffix.lower() not in LOGO_TYPES or not Path(logo).is_file()):
            problems.append(f"{key} must name an .svg or .png file that exists, not {logo!r}.")
    problems.extend(_evidence_problems(config))
    if problems:
        raise ConfigError(" ".join(problems))


def _evidence_problems(config: dict) -> list[str]:
    problems = []
    if config["EVIDENCE_STORAGE"] not in ("local", "s3"):
        problems.append(
            f"EVIDENCE_STORAGE is {config['EVIDENCE_STORAGE']!r}: set it to local (a folder, "
            "EVIDENCE_DIR) or s3 (a bucket, EVIDENCE_S3_BUCKET)."
        )
    elif config["EVIDENCE_STORAGE"] == "s3" and not config["EVIDENCE_S3_BUCKET"]:
        problems.append("EVIDENCE_STORAGE is s3 but EVIDENCE_S3_BUCKET is not set.")
    if config["EVIDENCE_MAX_MB"] < 1:
        problems.append("EVIDENCE_MAX_MB must be at least 1 (megabytes).")
    return problems
