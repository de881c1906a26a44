"""Checks shared by every form: identifiers, dates, free text, names.

Each is small and pure so that every app applies the same rule with the same
French message: nothing a person or an attacker types may reach the database
or a PDF unchecked (issue 13: no 500 to any input).
"""

import re
import unicodedata
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# Identifiers: PostgreSQL's bigint, and ASCII digits only (str.isdigit() accepts « ² », int() refuses it).
MAX_ID = 2**63 - 1
_ASCII_DIGITS = re.compile(r"[0-9]{1,19}")


def parse_id(value) -> int | None:
    """The positive integer identifier a query string or form carries, or None for anything else."""
    if value is None:
        return None
    text = str(value).strip()
    if not _ASCII_DIGITS.fullmatch(text):
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


# Dates typed by people: the product has nothing to say about a contract of year 1 or 9999.
EARLIEST_YEAR = 2000
LATEST_YEAR = 2100


@deconstructible
class SensibleDateValidator:
    """Refuse a date (or datetime) outside 2000–2100: a mistyped year, never a real one."""

    message = _("Vérifiez l'année : indiquez une date entre %(earliest)s et %(latest)s.")
    code = "date_range"

    def __call__(self, value):
        if value is None:
            return
        year = value.year if isinstance(value, date | datetime) else None
        if year is not None and not EARLIEST_YEAR <= year <= LATEST_YEAR:
            raise ValidationError(
                self.message, code=self.code, params={"earliest": EARLIEST_YEAR, "latest": LATEST_YEAR}
            )

    def __eq__(self, other):
        return isinstance(other, SensibleDateValidator)


sensible_date = SensibleDateValidator()


# Free text. A NIR (French social security number) is 13 digits + a 2-digit key, often typed with spaces:
# sex (1, 2, 7, 8), year, month, département (2 digits, 2A/2B), commune, order, key.
_NIR = re.compile(
    r"(?<![0-9])[12378][ .-]?[0-9]{2}[ .-]?(?:0[1-9]|1[0-2]|[2-9][0-9])[ .-]?(?:[0-9]{2}|2[AaBb])"
    r"[ .-]?[0-9]{3}[ .-]?[0-9]{3}(?:[ .-]?[0-9]{2})?(?![0-9])"
)


def contains_nir(text: str) -> bool:
    return bool(text) and _NIR.search(text) is not None


@deconstructible
class NoPatientIdentifierValidator:
    """Refuse a text holding a number shaped like a NIR: the product stores no patient data."""

    message = _(
        "Ce texte contient un numéro qui ressemble à un numéro de sécurité sociale. "
        "N'écrivez aucune donnée de patient ici : retirez ce numéro."
    )
    code = "patient_data"

    def __call__(self, value):
        if isinstance(value, str) and contains_nir(value):
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other):
        return isinstance(other, NoPatientIdentifierValidator)


no_patient_identifier = NoPatientIdentifierValidator()


# Names (cabinets, contacts, providers, people): printable text on one line.
def has_control_characters(text: str) -> bool:
    return any(unicodedata.category(character) in {"Cc", "Cf", "Cs", "Co", "Cn"} for character in text or "")


@deconstructible
class NoControlCharactersValidator:
    message = _("Ce nom contient des caractères invisibles ou de contrôle : retapez-le.")
    code = "control_characters"

    def __call__(self, value):
        if isinstance(value, str) and has_control_characters(value):
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other):
        return isinstance(other, NoControlCharactersValidator)


no_control_characters = NoControlCharactersValidator()


def text_limit(length: int) -> list:
    """Validators of a TextField's model: the form gets the same `max_length` from the field."""
    return [MaxLengthValidator(length)]


def free_text(length: int) -> list:
    """Validators of a free-text field where someone might be tempted to write about a patient."""
    return [MaxLengthValidator(length), no_patient_identifier]
