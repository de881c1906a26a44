"""Re-extract the French message catalogue and keep it complete (`make messages`).

The interface is written in French in the code (msgids are French), so the catalogue's work is
plurals (French: « 0 fiche », « 1 fiche », « 2 fiches », nplurals=2; plural=(n > 1)) and a single
place to correct a wording. Each run:

1. runs `makemessages -l fr` over the project's code and templates (no file locations, so that
   branches adding strings in parallel merge without conflicts; no obsolete entries);
2. sets the French plural rule in the header;
3. fills every untranslated entry with its msgid (plural forms: singular, then plural), drops the
   « fuzzy » guesses of msgmerge (refilled from their new msgid), and keeps every translation that a
   person wrote.

`--check` leaves the catalogue alone: it extracts into a copy of the project in a temporary folder
and exits with an error if the msgids differ or an entry is missing, empty or fuzzy.
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

PLURAL_FORMS = "nplurals=2; plural=(n > 1);"
SOURCES = ["resilience", "kit", "incidents", "contracts", "templates", "manage.py", "locale"]
IGNORE = ["node_modules", "staticfiles", ".venv", "docs", "bench", "*/tests/*", "*/migrations/*"]


def catalogue_path(root: Path) -> Path:
    return root / "locale" / "fr" / "LC_MESSAGES" / "django.po"


def extract():
    """makemessages with the project's fixed options, in the current directory."""
    call_command(
        "makemessages",
        locale=["fr"],
        extensions=["html", "txt", "py"],
        ignore_patterns=IGNORE,
        no_location=True,
        no_obsolete=True,
        verbosity=0,
    )


def complete(path: Path) -> int:
    """Fill untranslated and fuzzy entries from their msgid; return how many were filled."""
    import polib  # a development dependency (requirements-dev.txt)

    catalogue = polib.pofile(str(path), wrapwidth=120)
    catalogue.header = "French messages of Résilience cabinet: `make messages` keeps this file up to date."
    for name in ("POT-Creation-Date", "PO-Revision-Date", "Last-Translator", "Language-Team", "Report-Msgid-Bugs-To"):
        catalogue.metadata.pop(name, None)  # dates change on every run: merges stay quiet without them
    catalogue.metadata["Project-Id-Version"] = "Résilience cabinet"
    catalogue.metadata["Plural-Forms"] = PLURAL_FORMS
    catalogue.metadata["Language"] = "fr"
    catalogue.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    if "fuzzy" in catalogue.metadata_is_fuzzy or catalogue.metadata_is_fuzzy:
        catalogue.metadata_is_fuzzy = []
    filled = 0
    for entry in catalogue:
        if entry.obsolete:
            continue
        fuzzy = "fuzzy" in entry.flags
        if fuzzy:
            entry.flags.remove("fuzzy")
            entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
        if entry.msgid_plural:
            if fuzzy or not all(entry.msgstr_plural.get(i) for i in (0, 1)):
                entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
                filled += 1
        elif fuzzy or not entry.msgstr:
            entry.msgstr = entry.msgid
            filled += 1
    catalogue.save(str(path))
    return filled


def problems(path: Path) -> list[str]:
    """What makes a catalogue unusable: missing translations, fuzzy entries, a wrong plural rule."""
    import polib

    catalogue = polib.pofile(str(path))
    found = []
    if catalogue.metadata.get("Plural-Forms") != PLURAL_FORMS:
        found.append(f"Plural-Forms is {catalogue.metadata.get('Plural-Forms')!r}, not {PLURAL_FORMS!r}")
    for entry in catalogue:
        if entry.obsolete:
            found.append(f"obsolete entry: {entry.msgid!r}")
        elif "fuzzy" in entry.flags:
            found.append(f"fuzzy entry: {entry.msgid!r}")
        elif entry.msgid_plural and not all(entry.msgstr_plural.get(i) for i in (0, 1)):
            found.append(f"plural entry without both forms: {entry.msgid!r}")
        elif not entry.msgid_plural and not entry.msgstr:
            found.append(f"untranslated entry: {entry.msgid!r}")
    return found


def msgids(path: Path) -> set[tuple]:
    import polib

    return {(entry.msgctxt, entry.msgid, entry.msgid_plural) for entry in polib.pofile(str(path)) if not entry.obsolete}


def extracted_copy(root: Path, folder: Path) -> Path:
    """Run this command on a copy of the project's sources in `folder`; return the copy's catalogue."""
    for name in SOURCES:
        source = root / name
        if source.is_dir():
            shutil.copytree(source, folder / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        elif source.exists():
            shutil.copy2(source, folder / name)
    subprocess.run(
        [sys.executable, "manage.py", "update_messages"], cwd=folder, check=True, capture_output=True, text=True
    )
    return catalogue_path(folder)


class Command(BaseCommand):
    help = "Update locale/fr/LC_MESSAGES/django.po from the code and keep it complete (--check: only verify)."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Fail if the catalogue is out of date or incomplete.")

    def handle(self, *args, check=False, **options):
        root = Path(settings.BASE_DIR)
        path = catalogue_path(root)
        if check:
            if not path.exists():
                raise CommandError(f"{path} is missing: run `make messages`.")
            with tempfile.TemporaryDirectory() as folder:
                fresh = extracted_copy(root, Path(folder))
                missing, extra = msgids(fresh) - msgids(path), msgids(path) - msgids(fresh)
            found = problems(path)
            found += [f"missing from the catalogue: {m[1]!r}" for m in sorted(missing, key=str)]
            found += [f"no longer in the code: {m[1]!r}" for m in sorted(extra, key=str)]
            if found:
                raise CommandError("The French catalogue is out of date; run `make messages`.\n" + "\n".join(found))
            self.stdout.write("The French catalogue is complete and up to date.")
            return
        extract()
        filled = complete(path)
        self.stdout.write(f"{path.relative_to(root)}: {filled} entries filled from their msgid.")
