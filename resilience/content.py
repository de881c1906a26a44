"""Loading and validating the product's content files.

Questionnaire items, playbook steps, kit lines and contract clauses live in
versioned YAML files inside their app. Each app turns its file into frozen
dataclasses with these helpers, at start-up, so that a malformed file stops the
application with a message that names the file and the faulty item instead of
surfacing as a wrong page in front of a user.
"""

from collections.abc import Iterable, Mapping
from pathlib import Path

import yaml
from django.core.exceptions import ImproperlyConfigured

from resilience.choices import Profession

# The source documents the product is built from (see shared/seeds/README.md).
SEED_FILES = frozenset(
    {
        "000_ff5b93324dce6fc3.txt",  # kit de résilience (CNOM)
        "001_2ca82b9a73e0dc1f.txt",  # self-assessment result and action plan
        "002_20f619a0e62bd7b5.txt",  # good practice for health professionals
        "003_c7ec35999b95aa37.txt",  # guide for physiotherapists (URPS PdL)
        "004_ce69e9ba2eeeab0c.txt",  # ten-point IT-provider contract guide
    }
)

# A source kind of its own for what the guides and official pages do not say but the
# product advises (a quantity, a practical gesture): said openly rather than
# attributed to a guide that does not contain it.
PRODUCT_ADVICE = "product_advice"


class ContentError(ImproperlyConfigured):
    """A content file is malformed; raised at start-up."""


def load_yaml(path: Path) -> dict:
    """Read a YAML content file whose top level is a mapping with a version."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ContentError(f"{path}: unreadable content file ({exc})") from exc
    if not isinstance(data, dict):
        raise ContentError(f"{path}: the top level must be a mapping")
    version = data.get("version")
    if not isinstance(version, (int, str)) or str(version).strip() == "":
        raise ContentError(f"{path}: a 'version' is required")
    return data


def require_fields(item: Mapping, fields: Iterable[str], where: str) -> None:
    """Fail unless every field is present and not empty."""
    if not isinstance(item, Mapping):
        raise ContentError(f"{where}: expected a mapping, got {type(item).__name__}")
    missing = [f for f in fields if item.get(f) in (None, "", [], {})]
    if missing:
        raise ContentError(f"{where}: missing {', '.join(missing)}")


def check_source(source, where: str) -> str:
    """A source is a seed file name, an https URL of an official page, or the product's own advice."""
    if isinstance(source, str) and (source in SEED_FILES or source.startswith("https://") or source == PRODUCT_ADVICE):
        return source
    raise ContentError(
        f"{where}: source must be a seed file name, an https:// URL or {PRODUCT_ADVICE!r}, got {source!r}"
    )


def is_product_advice(source: str) -> bool:
    return source == PRODUCT_ADVICE


def check_unique(keys: Iterable[str], where: str) -> None:
    """Stable keys are what stored answers refer to: they must be unique."""
    seen = set()
    for key in keys:
        if key in seen:
            raise ContentError(f"{where}: duplicate key {key!r}")
        seen.add(key)


def check_professions(value, where: str) -> tuple[str, ...]:
    """An optional list of the professions an item applies to (keys of resilience.models.Profession).

    Absent means every profession. An empty list, a typo or an unknown key is refused:
    a question meant for kinés must never silently be asked of everyone, or of no one.
    """
    if value is None:
        return ()
    if not isinstance(value, list) or not value or not all(isinstance(code, str) for code in value):
        raise ContentError(f"{where}: 'professions' must be a non-empty list of profession keys")
    unknown = [code for code in value if code not in Profession.values]
    if unknown:
        raise ContentError(f"{where}: unknown profession {', '.join(map(repr, unknown))}")
    check_unique(value, f"{where}: professions")
    return tuple(value)
