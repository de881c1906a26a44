"""Which tables hold a cabinet's data, in which order, and how their columns travel.

The tables are the cabinet row itself and every concrete subclass of
`CabinetScopedModel`, ordered so that a table comes after the tables its
foreign keys point to (a cycle is broken where a foreign key may be empty; the
import fills it in at the end). Pure functions over the model registry: no
query here.

Every column has a kind that says how its value travels in the export:
- ``pk``: the row's number in the export (1, 2, 3… in primary-key order), never
  the database's primary key, so an export of an imported cabinet is identical;
- ``cabinet``: always 1, the exported cabinet;
- ``row``: a foreign key to another cabinet table, as that row's export number;
- ``person``: a foreign key to a person, as their number in ``personnes.json``;
- ``natural``: a foreign key to shared reference data with a natural key
  (e.g. a content type), as that key;
- ``raw``: a foreign key to anything else, as the stored value;
- ``file``: binary content, written as a file of the export and named in the row;
- ``value``: everything else, as plain JSON.
"""

from __future__ import annotations

import datetime
import decimal
import uuid
from dataclasses import dataclass
from functools import cache
from pathlib import PurePath

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.utils.duration import duration_iso_string

from resilience.pdf import safe_filename
from resilience.models import CabinetScopedModel

# The pending deletion is the state of this instance, not data of the cabinet: an
# imported cabinet starts without one.
CABINET_EXCLUDED_FIELDS = frozenset({"deletion_requested_at", "deletion_requested_by", "deletion_scheduled_for"})
# What people's public profile holds; never a password hash, a TOTP secret or a session.
PERSON_FIELDS = ("email", "first_name", "last_name")
# README names of columns whose model gives none (Django's default is the English field name).
COMMON_LABELS = {
    "id": "numéro de la ligne dans cet export",
    "created_at": "créé le",
    "updated_at": "modifié le",
    "uploaded_at": "déposé le",
    "recorded_at": "saisi le",
    "occurred_at": "survenu le",
    "created_by": "créé par",
    "updated_by": "modifié par",
    "uploaded_by": "déposé par",
    "started_by": "commencé par",
    "finished_by": "terminé par",
    "author": "auteur",
    "actor": "auteur",
    "sha256": "empreinte SHA-256 du fichier",
    "content": "le fichier",
    "text": "texte",
    "data": "détails",
    "kind": "type",
    "action": "action",
    "summary": "résumé",
    "changes": "changements",
    "day": "jour",
}


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    field: models.Field
    target: type[models.Model] | None = None
    many: bool = False  # a many-to-many field: a sorted list of values

    @property
    def label(self) -> str:
        """The field's French name for the README (the target's name for an unnamed relation)."""
        if self.kind == "pk":
            return COMMON_LABELS["id"]
        verbose = str(getattr(self.field, "verbose_name", "") or "")
        if verbose and verbose != self.name.replace("_", " "):
            return verbose
        if self.kind == "person":
            return COMMON_LABELS.get(self.name, "personne")
        if self.target is not None:
            return str(self.target._meta.verbose_name)
        return COMMON_LABELS.get(self.name, "")


@dataclass(frozen=True)
class Table:
    model: type[models.Model]
    columns: tuple[Column, ...]

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    @property
    def title(self) -> str:
        """The model's French plural, when it has one (Django's default would be English)."""
        if "verbose_name" not in self.model._meta.original_attrs:
            return ""
        return str(self.model._meta.verbose_name_plural)

    @property
    def json_path(self) -> str:
        return f"donnees/{self.label}.json"

    @property
    def csv_path(self) -> str:
        return f"tableaux/{self.label}.csv"

    def file_path(self, export_id: int, column: Column, content: bytes, name: str = "") -> str:
        """`fichiers/<table>/<row number>-<the row's name or the column>.pdf` (.bin when not a PDF)."""
        extension = "pdf" if bytes(content[:5]) == b"%PDF-" else "bin"
        stem = safe_filename(PurePath(name).stem) if name else column.name
        return f"fichiers/{self.label}/{export_id}-{stem}.{extension}"

    @property
    def file_columns(self) -> tuple[Column, ...]:
        return tuple(column for column in self.columns if column.kind == "file")


def _cabinet_model():
    return apps.get_model("resilience", "Cabinet")


def scoped_models() -> list[type[models.Model]]:
    """Every concrete cabinet model, except those that say `portable = False`.

    That opt-out is for working state that means nothing on another instance
    (e.g. rows naming other rows by a plain integer rather than a foreign key,
    which an import could not remap). Deleting a cabinet removes them all the same.
    """
    return [
        model
        for model in apps.get_models()
        if issubclass(model, CabinetScopedModel)
        and not model._meta.proxy
        and not model._meta.swapped
        and getattr(model, "portable", True)
    ]


def _relation_kind(field, scoped: set) -> tuple[str, type | None]:
    target = field.related_model
    if target is _cabinet_model():
        return "cabinet", target
    if target in scoped:
        return "row", target
    if target is get_user_model():
        return "person", target
    if hasattr(target._default_manager, "get_by_natural_key") and hasattr(target, "natural_key"):
        return "natural", target
    return "raw", target


def columns_of(model, scoped: set) -> tuple[Column, ...]:
    columns = []
    for field in model._meta.concrete_fields:
        if model is _cabinet_model() and field.name in CABINET_EXCLUDED_FIELDS:
            continue
        if field.primary_key:
            columns.append(Column(field.name, "pk", field))
        elif field.is_relation:
            kind, target = _relation_kind(field, scoped)
            if model is _cabinet_model() and kind == "cabinet":
                kind = "raw"  # a cabinet pointing at another cabinet is not this cabinet's data
            columns.append(Column(field.name, kind, field, target))
        elif isinstance(field, models.BinaryField):
            columns.append(Column(field.name, "file", field))
        else:
            columns.append(Column(field.name, "value", field))
    for field in model._meta.many_to_many:
        if not field.remote_field.through._meta.auto_created:
            continue  # an explicit through model is a table of its own
        kind, target = _relation_kind(field, scoped)
        columns.append(Column(field.name, kind, field, target, many=True))
    return tuple(columns)


def _dependencies(model, scoped: set) -> set:
    return {
        field.related_model
        for field in [*model._meta.concrete_fields, *model._meta.many_to_many]
        if field.is_relation and field.related_model in scoped and field.related_model is not model
    }


@cache
def cabinet_table() -> Table:
    return Table(_cabinet_model(), columns_of(_cabinet_model(), set(scoped_models())))


@cache
def tables() -> tuple[Table, ...]:
    """Every cabinet table, each after the tables it points to (ties in label order)."""
    scoped = set(scoped_models())
    remaining = {model._meta.label_lower: model for model in scoped}
    ordered = []
    while remaining:
        ready = [
            label
            for label, model in sorted(remaining.items())
            if not any(dep._meta.label_lower in remaining for dep in _dependencies(model, scoped))
        ]
        label = ready[0] if ready else min(remaining)  # a cycle: the import defers its nullable keys
        ordered.append(remaining.pop(label))
    return tuple(Table(model, columns_of(model, scoped)) for model in ordered)


def table_for(label: str) -> Table | None:
    return next((table for table in tables() if table.label == label), None)


def plain(value):
    """A stored value as JSON (dates in ISO 8601 with their offset, full precision)."""
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return duration_iso_string(value)
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"{type(value).__name__} is not exportable")
