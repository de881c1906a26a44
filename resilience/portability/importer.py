"""Restoring an export as a new cabinet of this instance (`manage.py import_cabinet`).

Everything goes in one transaction: an error leaves the database as it was.
Rows get new primary keys, in the export's order, and every foreign key is
remapped; people are matched by email, or created without a usable password
(they choose one with « Mot de passe oublié »). Rows are written as they were
exported, timestamps included (raw saves, as `loaddata` does).
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import DatabaseError, transaction

from resilience.portability.export import FORMAT, VERSION
from resilience.portability.tables import PERSON_FIELDS, Column, Table, cabinet_table, table_for


class ImportFailed(Exception):
    """The file is not an export this instance can read; the message says why, in French."""


@dataclass
class Result:
    cabinet: object = None
    counts: dict[str, int] = field(default_factory=dict)
    people_created: int = 0
    people_matched: int = 0
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Deferred:
    model: type
    pk: object
    column: Column
    value: object


class _Importer:
    def __init__(self, archive: zipfile.ZipFile, result: Result):
        self.archive = archive
        self.result = result
        self.rows: dict[type, dict[int, object]] = {}  # model -> export number -> new pk
        self.people: dict[int, object] = {}
        self.deferred: list[_Deferred] = []
        self.many: list[tuple[type, object, Column, list]] = []
        self.cabinet = None

    def read_json(self, name: str):
        try:
            with self.archive.open(name) as entry:
                return json.load(entry)
        except KeyError as error:
            raise ImportFailed(f"Le fichier {name} manque dans l'export.") from error
        except ValueError as error:
            raise ImportFailed(f"Le fichier {name} n'est pas du JSON valide.") from error

    def import_people(self, people: list[dict]):
        User = get_user_model()
        for person in people:
            email = User.objects.normalize_email(person["email"]).lower()
            user = User._default_manager.filter(email__iexact=email).first()
            if user is None:
                user = User.objects.create_user(
                    email, password=None, **{name: person.get(name, "") for name in PERSON_FIELDS if name != "email"}
                )
                self.result.people_created += 1
            else:
                self.result.people_matched += 1
            self.people[person["id"]] = user.pk

    def build(self, table: Table, row: dict):
        obj = table.model()
        known = {column.name for column in table.columns}
        for name in row.keys() - known:
            self.result.warnings.append(f"{table.label}.{name} : colonne inconnue ici, ignorée.")
        number = None
        later = []
        for column in table.columns:
            if column.name not in row:
                continue
            value = row[column.name]
            if column.kind == "pk":
                number = value
                continue
            if column.many:
                later.append((column, value or []))
                continue
            if column.kind == "file":
                setattr(obj, column.field.attname, self.archive.read(value) if value else None)
                continue
            if column.kind == "row" and value is not None and value not in self.rows.get(column.target, {}):
                self.deferred.append(_Deferred(table.model, None, column, value))  # pk filled after the insert
                value = None
                if not column.field.null:
                    raise ImportFailed(f"{table.label}.{column.name} renvoie à une ligne qui n'existe pas encore.")
                setattr(obj, column.field.attname, None)
                continue
            setattr(obj, column.field.attname, self.resolve(column, value))
        return obj, number, later

    def resolve(self, column: Column, value):
        if value is None:
            return None
        if column.kind == "cabinet":
            return self.cabinet.pk
        if column.kind == "row":
            return self.rows[column.target][value]
        if column.kind == "person":
            if value not in self.people:
                raise ImportFailed(f"La personne n°{value} manque dans personnes.json.")
            return self.people[value]
        if column.kind == "natural":
            return column.target._default_manager.get_by_natural_key(*value).pk
        if column.kind == "raw":
            return value
        return column.field.to_python(value)

    def insert(self, table: Table, row: dict):
        pending = len(self.deferred)
        obj, number, later = self.build(table, row)
        obj.save_base(raw=True, force_insert=True)
        for deferred in self.deferred[pending:]:
            deferred.pk = obj.pk
        self.rows.setdefault(table.model, {})[number] = obj.pk
        for column, values in later:
            self.many.append((table.model, obj.pk, column, values))
        return obj

    def finish(self):
        for deferred in self.deferred:
            target = self.rows.get(deferred.column.target, {}).get(deferred.value)
            if target is None:
                raise ImportFailed(f"Une ligne renvoie à une ligne absente de l'export ({deferred.column.target._meta.label_lower}).")
            deferred.model._base_manager.filter(pk=deferred.pk).update(**{deferred.column.field.attname: target})
        for model, pk, column, values in self.many:
            obj = model._base_manager.get(pk=pk)
            getattr(obj, column.name).set([self.resolve(column, value) for value in values])


def import_cabinet(path_or_file) -> Result:
    result = Result()
    try:
        archive = zipfile.ZipFile(path_or_file)
    except (zipfile.BadZipFile, OSError) as error:
        raise ImportFailed("Ce fichier n'est pas une archive zip lisible.") from error
    try:
        with archive, transaction.atomic():
            importer = _Importer(archive, result)
            manifest = importer.read_json("manifest.json")
            if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
                raise ImportFailed("Ce fichier n'est pas un export de Résilience cabinet que ce serveur sait lire.")
            importer.import_people(importer.read_json(manifest["people"]))

            head = cabinet_table()
            cabinet, _, _ = importer.build(head, importer.read_json(manifest["cabinet"]))
            cabinet.save_base(raw=True, force_insert=True)
            importer.cabinet = result.cabinet = cabinet

            for entry in manifest["tables"]:
                table = table_for(entry["model"])
                if table is None:
                    raise ImportFailed(f"Ce serveur ne connaît pas les données « {entry['model']} ».")
                rows = importer.read_json(entry["json"])
                for row in rows:
                    importer.insert(table, row)
                result.counts[table.label] = len(rows)
            importer.finish()
    except ImportFailed:
        raise
    except (KeyError, TypeError, ValueError, ObjectDoesNotExist, ValidationError, DatabaseError) as error:
        # The transaction is rolled back: nothing of the export is kept.
        raise ImportFailed(f"L'export est incomplet ou incohérent ({type(error).__name__} : {error}).") from error
    return result
