"""The production storage's remembered addresses are the ones whitenoise's storage gives."""

import pytest
from django.conf import settings
from django.test import override_settings
from whitenoise.storage import CompressedManifestStaticFilesStorage

from resilience.staticfiles import ManifestStaticFilesStorage

NAMES = ["css/app.css", "vendor/bootstrap/css/bootstrap.min.css", "vendor/htmx/htmx.min.js", "css/app.css"]


@pytest.fixture
def storages():
    if not (settings.STATIC_ROOT / "staticfiles.json").exists():
        pytest.skip("collectstatic has not been run")  # make test runs it
    return ManifestStaticFilesStorage(), CompressedManifestStaticFilesStorage()


@override_settings(DEBUG=False)
def test_the_same_hashed_addresses(storages):
    remembered, plain = storages
    for name in NAMES:
        assert remembered.url(name) == plain.url(name)
        assert remembered.url(name) != f"{settings.STATIC_URL}{name}"  # hashed


def test_the_plain_name_under_debug_then_the_hashed_one(storages):
    remembered, plain = storages
    with override_settings(DEBUG=True):
        assert remembered.url(NAMES[0]) == plain.url(NAMES[0]) == f"{settings.STATIC_URL}{NAMES[0]}"
    with override_settings(DEBUG=False):
        assert remembered.url(NAMES[0]) == plain.url(NAMES[0]) != f"{settings.STATIC_URL}{NAMES[0]}"


@override_settings(DEBUG=False)
def test_a_name_missing_from_the_manifest_still_fails_each_time(storages):
    remembered, _ = storages
    for _ in range(2):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            remembered.url("css/nowhere.css")
