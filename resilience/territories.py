"""French regions and départements, loaded from a data file.

Cabinets are placed in a region (the level of the URPS, the regional unions of
health professionals) and a département; the form checks that the two agree.
"""

from functools import cache
from pathlib import Path

from resilience.content import ContentError, check_source, check_unique, load_yaml, require_fields

TERRITORIES_FILE = Path(__file__).parent / "data" / "territories.yaml"


@cache
def regions() -> dict[str, dict]:
    """Region code -> {"name": ..., "departements": {code: name}}, in file order."""
    data = load_yaml(TERRITORIES_FILE)
    check_source(data.get("source"), str(TERRITORIES_FILE))
    entries = data.get("regions") or []
    check_unique((r.get("code") for r in entries), str(TERRITORIES_FILE))
    result = {}
    for entry in entries:
        require_fields(entry, ["code", "name", "departements"], f"{TERRITORIES_FILE}: region")
        result[entry["code"]] = {"name": entry["name"], "departements": dict(entry["departements"])}
    all_departements = [code for region in result.values() for code in region["departements"]]
    check_unique(all_departements, f"{TERRITORIES_FILE}: départements")
    if len(result) != 18:
        raise ContentError(f"{TERRITORIES_FILE}: expected the 18 French regions, found {len(result)}")
    return result


def region_choices() -> list[tuple[str, str]]:
    return [(code, region["name"]) for code, region in regions().items()]


def departement_choices() -> list[tuple[str, str]]:
    """Départements grouped by region, as Django's grouped choices."""
    return [
        (region["name"], [(code, f"{code} – {name}") for code, name in region["departements"].items()])
        for region in regions().values()
    ]


def region_of(departement: str) -> str | None:
    for code, region in regions().items():
        if departement in region["departements"]:
            return code
    return None


def region_name(code: str) -> str:
    return regions().get(code, {}).get("name", code)


def departement_name(code: str) -> str:
    for region in regions().values():
        if code in region["departements"]:
            return f"{code} – {region['departements'][code]}"
    return code
