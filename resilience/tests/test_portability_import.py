"""`manage.py import_cabinet FILE` restores an export into another instance, identically."""

import io
import json
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from resilience.models import Cabinet, Membership, User
from resilience.portability import documents
from resilience.tests.factories import CabinetFactory, MembershipFactory, UserFactory
from resilience.tests.portability_support import data_entries, export_bytes, rich_cabinet

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_documents(monkeypatch):
    """The PDFs are rendered again on each export (dated that day): the data files are what must match."""
    monkeypatch.setattr(documents, "_builders", [])


def _emptied_database():
    """As on a fresh instance: every table emptied (inside the test's transaction, rolled back after)."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # TRUNCATE refuses pending deferred checks
    call_command("flush", interactive=False, verbosity=0)
    assert not Cabinet.objects.exists() and not User.objects.exists()


def test_export_import_export_gives_identical_json_csv_and_files(tmp_path, no_documents):
    cabinet = rich_cabinet()
    first = export_bytes(cabinet)
    path = tmp_path / "export.zip"
    path.write_bytes(first)

    _emptied_database()
    # New primary keys: the sequences keep counting after the flush.
    with connection.cursor() as cursor:
        cursor.execute("SELECT setval(pg_get_serial_sequence('resilience_cabinet', 'id'), 5000)")
    out = io.StringIO()
    call_command("import_cabinet", str(path), stdout=out)
    imported = Cabinet.objects.get()
    assert imported.pk > 5000 and "Imported cabinet « Cabinet démo »" in out.getvalue()

    second = export_bytes(imported)
    before, after = data_entries(first), data_entries(second)
    assert sorted(before) == sorted(after)
    differing = [name for name in before if before[name] != after[name]]
    assert differing == []
    counts = {entry["model"]: entry["rows"] for entry in json.loads(before["manifest.json"])["tables"]}
    assert counts["resilience.auditevent"] > 0 and counts["contracts.contractdocument"] == 1 and counts["kit.kittest"] > 0

    # People come back by email, without a usable password (they choose one with « Mot de passe oublié »).
    titulaire = Membership.objects.get(cabinet=imported, user__email="demo@example.org")
    assert titulaire.role == "titulaire" and not titulaire.user.has_usable_password()
    assert not User.objects.get(email="parti@example.org").memberships.exists()


def test_people_already_on_the_instance_are_matched_by_email(tmp_path, no_documents):
    cabinet = CabinetFactory(name="Cabinet du Port")
    person = MembershipFactory(cabinet=cabinet, role="titulaire", user__email="claire@example.org").user
    path = tmp_path / "export.zip"
    path.write_bytes(export_bytes(cabinet))
    users = User.objects.count()

    call_command("import_cabinet", str(path), stdout=io.StringIO())

    copy = Cabinet.objects.exclude(pk=cabinet.pk).get(name="Cabinet du Port")
    assert Membership.objects.get(cabinet=copy).user == person
    assert User.objects.count() == users
    assert person.has_usable_password()  # an existing account is left as it is


def test_a_file_that_is_not_an_export_is_refused_and_nothing_is_written(tmp_path, no_documents):
    path = tmp_path / "autre.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("manifest.json", json.dumps({"format": "autre chose"}))
    with pytest.raises(CommandError, match="pas un export"):
        call_command("import_cabinet", str(path))
    (tmp_path / "texte.zip").write_text("bonjour")
    with pytest.raises(CommandError, match="zip"):
        call_command("import_cabinet", str(tmp_path / "texte.zip"))


def _broken(tmp_path, change):
    cabinet = CabinetFactory()
    MembershipFactory(cabinet=cabinet, role="titulaire", user=UserFactory())
    content = export_bytes(cabinet)
    broken = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(broken, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "donnees/resilience.membership.json":
                data = json.dumps(change(json.loads(data))).encode()
            target.writestr(name, data)
    path = tmp_path / "broken.zip"
    path.write_bytes(broken.getvalue())
    return path


def _unknown_person(rows):
    rows[0]["user"] = 99  # nobody with that number in personnes.json
    return rows


def _twice(rows):
    return rows + [{**rows[0], "id": 2}]  # the same person twice in the cabinet: a unique constraint


@pytest.mark.parametrize(("change", "message"), [(_unknown_person, "personne"), (_twice, "incohérent")])
def test_a_broken_export_leaves_the_database_as_it_was(tmp_path, no_documents, change, message):
    path = _broken(tmp_path, change)
    cabinets, users = Cabinet.objects.count(), User.objects.count()
    with pytest.raises(CommandError, match=message):
        call_command("import_cabinet", str(path))
    assert (Cabinet.objects.count(), User.objects.count()) == (cabinets, users)


def test_a_person_created_by_the_import_can_choose_a_password(tmp_path, no_documents, client):
    cabinet = CabinetFactory(name="Cabinet du Phare")
    MembershipFactory(cabinet=cabinet, role="titulaire", user__email="nouvelle@example.org")
    path = tmp_path / "export.zip"
    path.write_bytes(export_bytes(cabinet))
    _emptied_database()
    call_command("import_cabinet", str(path), stdout=io.StringIO())

    from django.core import mail

    response = client.post(reverse("account_reset_password"), {"email": "nouvelle@example.org"})
    assert response.status_code == 302
    assert mail.outbox and mail.outbox[-1].to == ["nouvelle@example.org"]


def test_operators_export_a_cabinet_by_command(tmp_path, no_documents):
    cabinet = CabinetFactory(name="Cabinet de la Gare")
    MembershipFactory(cabinet=cabinet, role="titulaire")
    path = tmp_path / "gare.zip"
    out = io.StringIO()
    call_command("export_cabinet", str(cabinet.pk), str(path), stdout=out)
    assert str(path) in out.getvalue()
    assert data_entries(path.read_bytes()) == data_entries(export_bytes(cabinet))
    with pytest.raises(CommandError):
        call_command("export_cabinet", "999999", str(tmp_path / "none.zip"))
