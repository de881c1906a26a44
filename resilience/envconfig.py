"""Reading settings from the environment, refusing malformed values.

django-environ does the parsing; this wrapper makes every mistake fatal and
explicit (healthchecks' settings helpers do the same): "DEBUG=yes please" or a
DATABASE_URL with an unknown scheme stop the process with a message naming the
variable, instead of silently falling back to a default.
"""

import os
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}
DATABASE_SCHEMES = {"postgres", "postgresql", "pgsql", "psql", "sqlite"}
EMAIL_SCHEMES = {"smtp", "smtps", "smtp+tls", "smtp+ssl", "consolemail", "filemail", "memorymail", "dummymail"}
REDIS_SCHEMES = {"redis", "rediss"}
MIN_SECRET_KEY_LENGTH = 50


class Env:
    """Typed access to environment variables, each with a clear error."""

    def __init__(self, environ_mapping=None):
        self.environ = os.environ if environ_mapping is None else environ_mapping
        self._parser = environ.Env()
        self._parser.ENVIRON = self.environ

    def _raw(self, name, default):
        value = self.environ.get(name)
        return default if value is None else value.strip()

    @staticmethod
    def _fail(name, value, expected):
        raise ImproperlyConfigured(f"Environment variable {name}={value!r} is malformed: expected {expected}.")

    def str(self, name, default=""):
        return self._raw(name, default)

    def bool(self, name, default=False):
        value = self._raw(name, None)
        if value is None:
            return default
        if value.lower() in TRUE_WORDS:
            return True
        if value.lower() in FALSE_WORDS:
            return False
        self._fail(name, value, "true or false")

    def int(self, name, default=0, minimum=None):
        value = self._raw(name, None)
        if value is None or value.strip() == "":
            return default
        try:
            number = int(value)
        except ValueError:
            number = None
        if number is None or (minimum is not None and number < minimum):
            self._fail(name, value, f"a whole number of at least {minimum}" if minimum is not None else "a whole number")
        return number

    def list(self, name, default=()):
        value = self._raw(name, None)
        if value is None:
            return list(default)
        items = [item.strip() for item in value.split(",") if item.strip()]
        if any(" " in item for item in items):
            self._fail(name, value, "a comma-separated list without spaces inside items")
        return items

    def url(self, name, default=""):
        value = self._raw(name, default)
        parts = urlsplit(value)
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            self._fail(name, value, "an http:// or https:// URL")
        return value.rstrip("/")

    def secret_key(self, name, debug):
        value = self._raw(name, "")
        if value:
            if not debug and len(value) < MIN_SECRET_KEY_LENGTH:
                self._fail(name, "…", f"at least {MIN_SECRET_KEY_LENGTH} random characters")
            return value
        if debug:
            # Quick start only: a fixed, clearly insecure key.
            return "django-insecure-quick-start-key-only-for-local-use-never-in-production"
        raise ImproperlyConfigured(f"Environment variable {name} is required when DEBUG is off.")

    def redis_url(self, name, default=""):
        value = self._raw(name, default)
        if value and (urlsplit(value).scheme not in REDIS_SCHEMES or not urlsplit(value).netloc):
            self._fail(name, value, "a redis:// or rediss:// URL")
        return value

    def db_url(self, name, default):
        value = self._raw(name, default)
        if urlsplit(value).scheme not in DATABASE_SCHEMES:
            self._fail(name, value, "a postgres:// or sqlite:/// URL")
        try:
            return environ.Env.db_url_config(value)
        except Exception as exc:  # django-environ raises several types here
            raise ImproperlyConfigured(f"Environment variable {name} is malformed: {exc}") from exc

    def email_url(self, name, default):
        value = self._raw(name, default)
        if urlsplit(value).scheme not in EMAIL_SCHEMES:
            self._fail(name, value, "smtp://, smtps://, consolemail://, filemail:// …")
        try:
            config = environ.Env.email_url_config(value)
        except Exception as exc:
            raise ImproperlyConfigured(f"Environment variable {name} is malformed: {exc}") from exc
        if "EMAIL_FILE_PATH" in config:
            # django-environ drops the leading slash of filemail:///abs/path.
            parts = urlsplit(value)
            config["EMAIL_FILE_PATH"] = parts.netloc + parts.path
        return config
