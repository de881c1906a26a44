"""Writing the zip of everything a cabinet stored.

The zip is written into a file object (a temporary file for a download), one
entry at a time: rows are read in chunks, each uploaded file and each PDF is
loaded or rendered alone, so memory stays small whatever the cabinet holds.

Layout (described to the cabinet by the README written last):
- ``cabinet.json`` / ``cabinet.csv``: the cabinet's settings;
- ``personnes.json`` / ``personnes.csv``: the members and the people named in the data (public profile only);
- ``donnees/<table>.json`` and ``tableaux/<table>.csv``: one file per kind of data;
- ``fichiers/<table>/…``: uploaded files (contract PDFs);
- ``documents/…``: the documents the apps can render (kit, notice, reports);
- ``manifest.json``: what the import reads; ``LISEZ-MOI.txt``.
Nothing in the JSON or CSV files depends on the instance (database keys, export
date), so exporting an imported cabinet gives the same files.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import zipfile
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from resilience.models import Membership
from resilience.portability import documents as document_registry
from resilience.portability.tables import PERSON_FIELDS, Column, Table, cabinet_table, plain, tables

logger = logging.getLogger(__name__)

FORMAT = "resilience-cabinet-export"
VERSION = 1
CHUNK = 500
MAX_LISTED_CHOICES = 12


@dataclass
class Report:
    """What was written, for the README and the audit entry."""

    counts: dict[str, int] = field(default_factory=dict)
    files: int = 0
    documents: list[tuple[str, str]] = field(default_factory=list)  # (path, title)
    failed_documents: list[str] = field(default_factory=list)


class Numbering:
    """The export numbers of one cabinet's rows and people (database keys never leave)."""

    def __init__(self, cabinet):
        self.cabinet = cabinet
        self.rows = {
            table.model: {
                pk: number
                for number, pk in enumerate(
                    table.model._base_manager.filter(cabinet=cabinet).order_by("pk").values_list("pk", flat=True), 1
                )
            }
            for table in tables()
        }
        self.people = list(_people(cabinet))
        self.person_numbers = {person.pk: number for number, person in enumerate(self.people, 1)}
        self._natural: dict = {}

    def value(self, table: Table, column: Column, obj):
        if column.many:
            related = getattr(obj, column.name).all()
            values = [self._relation(column, item.pk) for item in related]
            return sorted((v for v in values if v is not None), key=json.dumps)
        if column.kind == "pk":
            return self.rows[table.model][obj.pk] if table.model in self.rows else 1
        if column.kind == "cabinet":
            return 1
        if column.kind in ("row", "person", "natural", "raw"):
            return self._relation(column, getattr(obj, column.field.attname))
        return column.field.value_from_object(obj)

    def _relation(self, column: Column, pk):
        if pk is None:
            return None
        if column.kind == "row":
            number = self.rows[column.target].get(pk)
            if number is None:  # pragma: no cover - would be a tenancy bug: never export another cabinet's row
                logger.warning("export: %s.%s points outside the cabinet", column.target, column.name)
            return number
        if column.kind == "person":
            return self.person_numbers.get(pk)
        if column.kind == "natural":
            key = (column.target, pk)
            if key not in self._natural:
                self._natural[key] = list(column.target._base_manager.get(pk=pk).natural_key())
            return self._natural[key]
        return pk


def _people(cabinet):
    """Members, and anyone a row names (an author who has left the cabinet), by email."""
    user_ids = set()  # members come in through the memberships table's `user` column
    for table in (cabinet_table(), *tables()):
        rows = table.model._base_manager.filter(pk=cabinet.pk) if table is cabinet_table() else (
            table.model._base_manager.filter(cabinet=cabinet)
        )
        for column in table.columns:
            if column.kind != "person":
                continue
            lookup = f"{column.name}__isnull" if column.many else f"{column.field.attname}__isnull"
            values = rows.filter(**{lookup: False}).values_list(
                f"{column.name}__pk" if column.many else column.field.attname, flat=True
            )
            user_ids.update(values.distinct())
    return get_user_model()._base_manager.filter(pk__in=user_ids).order_by("email")


def _csv_cell(value):
    if value is None:
        return ""
    if value is True:
        return "oui"
    if value is False:
        return "non"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, default=plain)
    if isinstance(value, str):
        return value
    return json.dumps(value, default=plain).strip('"')


def _entry(path: str) -> zipfile.ZipInfo:
    """An entry dated now, readable once unzipped (entries opened for writing default to 1980, mode 0)."""
    info = zipfile.ZipInfo(path, date_time=timezone.localtime().timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


class _Writer:
    def __init__(self, archive: zipfile.ZipFile):
        self.archive = archive

    def json_entry(self, path: str, value):
        self.archive.writestr(path, json.dumps(value, ensure_ascii=False, indent=2, default=plain) + "\n")

    def json_rows(self, path: str, rows):
        with self.archive.open(_entry(path), "w", force_zip64=True) as raw:
            out = io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
            out.write("[")
            for index, row in enumerate(rows):
                out.write("," if index else "")
                out.write("\n  " + json.dumps(row, ensure_ascii=False, default=plain))
            out.write("\n]\n")
            out.flush()
            out.detach()

    def csv_rows(self, path: str, header: list[str], rows):
        """Semicolons and a byte-order mark: a French spreadsheet opens it as is."""
        with self.archive.open(_entry(path), "w", force_zip64=True) as raw:
            out = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
            writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
            writer.writerow(header)
            for row in rows:
                writer.writerow([_csv_cell(row.get(name)) for name in header])
            out.flush()
            out.detach()

    def binary(self, path: str, content):
        with self.archive.open(_entry(path), "w", force_zip64=True) as out:
            view = memoryview(content)
            for start in range(0, len(view), 1 << 20):
                out.write(view[start : start + (1 << 20)])


def _table_rows(table: Table, numbering: Numbering, file_paths: dict):
    model = table.model
    queryset = model._base_manager.filter(cabinet=numbering.cabinet).order_by("pk")
    file_names = [column.name for column in table.file_columns]
    if file_names:
        queryset = queryset.defer(*file_names)
    many = [column.name for column in table.columns if column.many]
    if many:
        queryset = queryset.prefetch_related(*many)
    for obj in queryset.iterator(chunk_size=CHUNK):
        row = {}
        for column in table.columns:
            if column.kind == "file":
                row[column.name] = file_paths.get((obj.pk, column.name))
            else:
                row[column.name] = numbering.value(table, column, obj)
        yield row


def _write_files(writer: _Writer, table: Table, numbering: Numbering) -> dict:
    """Each uploaded file on its own (one at a time in memory); returns {(pk, column): path}."""
    paths = {}
    if not table.file_columns:
        return paths
    numbers = numbering.rows[table.model]
    named = any(field.name == "name" for field in table.model._meta.concrete_fields)
    for column in table.file_columns:
        for pk in numbers:
            values = table.model._base_manager.filter(pk=pk).values_list(column.field.attname, "name" if named else "pk")
            content, name = values.first() or (None, None)
            if content is None:
                continue
            path = table.file_path(numbers[pk], column, content, str(name) if named else "")
            writer.binary(path, content)
            paths[(pk, column.name)] = path
    return paths


def _people_rows(cabinet, numbering: Numbering):
    roles = dict(Membership.objects.filter(cabinet=cabinet).values_list("user_id", "role"))
    for person in numbering.people:
        row = {"id": numbering.person_numbers[person.pk]}
        row.update({name: getattr(person, name) for name in PERSON_FIELDS})
        row["role"] = roles.get(person.pk, "")
        yield row


def write_export(tenant, fileobj) -> Report:
    """Write the zip of the tenant's cabinet into `fileobj` (seekable or not).

    All reads see one snapshot of the database, so a row a colleague adds
    meanwhile is either wholly in the export or not at all (never a key to a
    row the export lacks).
    """
    outermost = not connection.in_atomic_block  # inside a test's transaction, the snapshot is the test's
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        return _write_export(tenant, fileobj)


def _write_export(tenant, fileobj) -> Report:
    cabinet = type(tenant.cabinet)._base_manager.get(pk=tenant.cabinet.pk)
    numbering = Numbering(cabinet)
    report = Report()
    with zipfile.ZipFile(fileobj, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        writer = _Writer(archive)
        head = cabinet_table()
        cabinet_row = {column.name: numbering.value(head, column, cabinet) for column in head.columns}
        writer.json_entry("cabinet.json", cabinet_row)
        writer.csv_rows("cabinet.csv", list(cabinet_row), [cabinet_row])

        people = list(_people_rows(cabinet, numbering))
        writer.json_entry("personnes.json", people)
        writer.csv_rows("personnes.csv", ["id", *PERSON_FIELDS, "role"], people)

        manifest_tables = []
        for table in tables():
            file_paths = _write_files(writer, table, numbering)
            report.files += len(file_paths)
            header = [column.name for column in table.columns]
            writer.json_rows(table.json_path, _table_rows(table, numbering, file_paths))
            writer.csv_rows(table.csv_path, header, _table_rows(table, numbering, file_paths))
            report.counts[table.label] = len(numbering.rows[table.model])
            manifest_tables.append(
                {"model": table.label, "json": table.json_path, "csv": table.csv_path, "rows": report.counts[table.label]}
            )

        for document in document_registry.documents_for(tenant):
            path = f"documents/{document.path}"
            try:
                content = document.render()
            except Exception:  # one document that fails to render must not cost the cabinet its data
                logger.exception("export: document %s could not be rendered", document.path)
                report.failed_documents.append(document.title)
                continue
            writer.binary(path, content)
            report.documents.append((path, document.title))

        writer.json_entry(
            "manifest.json",
            {
                "format": FORMAT,
                "version": VERSION,
                "cabinet": "cabinet.json",
                "people": "personnes.json",
                "tables": manifest_tables,
            },
        )
        archive.writestr("LISEZ-MOI.txt", _readme(cabinet, numbering, report))
    return report


def _readme(cabinet, numbering: Numbering, report: Report) -> str:
    described = [
        {
            "table": table,
            "rows": report.counts[table.label],
            "columns": [_describe(column) for column in table.columns],
        }
        for table in tables()
    ]
    return render_to_string(
        "resilience/portability/readme.txt",
        {
            "cabinet": cabinet,
            "exported_at": timezone.localtime(),
            "people": len(numbering.people),
            "cabinet_columns": [_describe(column) for column in cabinet_table().columns],
            "tables": described,
            "report": report,
        },
    )


def _describe(column: Column) -> dict:
    choices = getattr(column.field, "flatchoices", None) or []
    if len(choices) > MAX_LISTED_CHOICES:  # regions, départements: the codes speak for themselves
        choices = []
    return {
        "name": column.name,
        "label": column.label,
        "kind": column.kind,
        "target": column.target._meta.label_lower if column.target is not None else "",
        "choices": ", ".join(f"{value} = {label}" for value, label in choices if value not in ("", None)),
    }
