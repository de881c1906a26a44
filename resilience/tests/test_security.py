"""Security headers on every response, and `check --deploy` clean with production settings."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_responses_carry_the_security_headers(client):
    response = client.get(reverse("account_login"))
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_no_template_uses_inline_script_or_style(client):
    for name in ("account_login", "account_signup"):
        page = client.get(reverse(name)).content.decode()
        assert "<script>" not in page and " style=" not in page and "<style" not in page


def production_env(**overrides):
    dropped = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(
        DEBUG="false",
        SECRET_KEY="x" * 20 + "production-like-secret-key-for-the-deploy-check-0123456789",
        ALLOWED_HOSTS="resilience.example.org",
        CSRF_TRUSTED_ORIGINS="https://resilience.example.org",
        SITE_URL="https://resilience.example.org",
    )
    env.update(overrides)
    return env


def manage(*args, env):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_check_deploy_is_clean_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "DEBUG", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    "variable,value,message",
    [
        ("DEBUG", "maybe", "DEBUG='maybe' is malformed"),
        ("SECRET_KEY", "", "SECRET_KEY is required when DEBUG is off"),
        ("SECRET_KEY", "short", "SECRET_KEY"),
        ("DATABASE_URL", "mysql://db/x", "DATABASE_URL"),
        ("REDIS_URL", "localhost:6379", "REDIS_URL"),
        ("EMAIL_URL", "pigeon://coop", "EMAIL_URL"),
        ("SITE_URL", "resilience.example.org", "SITE_URL"),
    ],
)
def test_a_malformed_environment_value_stops_with_a_clear_message(variable, value, message):
    result = manage("check", env=production_env(**{variable: value}))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and message in result.stderr
