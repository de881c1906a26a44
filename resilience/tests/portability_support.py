"""A cabinet that uses every part of the product, for the export, import and deletion tests.

The demo data of every app (registered from their AppConfig.ready) fills the
tables; a few rows are added for the awkward cases: an uploaded PDF, rows that
point to a row of the same table, an author who has left the cabinet.
"""

import io
import zipfile
from datetime import timedelta

from django.utils import timezone

from contracts.tests.factories import PDF_BYTES, AnswerFactory, DocumentFactory, ReviewFactory
from incidents.tests.factories import DrillFactory
from kit.models import KitTest
from resilience import audit, demo
from resilience.models import Assessment, Cabinet, Membership, Role
from resilience.portability.export import write_export
from resilience.tenancy import Tenant
from resilience.tests.factories import ActionItemFactory, MembershipFactory, UserFactory

BIG_PDF = PDF_BYTES + b"%" + b"x" * 300_000 + b"\n"


def rich_cabinet() -> Cabinet:
    cabinets = demo.load("demo-password-2026")["cabinets"]
    cabinet = cabinets[demo.DEMO_CABINET]
    titulaire = Membership.objects.get(cabinet=cabinet, role=Role.TITULAIRE)
    document = DocumentFactory(contract__cabinet=cabinet, contract__provider="Infogérance Atlantique", content=BIG_PDF, size=len(BIG_PDF))
    first = ReviewFactory(contract=document.contract, cabinet=cabinet)
    second = ReviewFactory(contract=document.contract, cabinet=cabinet, previous=first)
    AnswerFactory(review=second, cabinet=cabinet, note="Clause 7.2 « réversibilité » — à revoir ✓")
    older = Assessment.objects.filter(cabinet=cabinet).order_by("pk").first()
    newer = Assessment.objects.create(
        cabinet=cabinet, questionnaire_version=1, started_at=timezone.now(), finished_at=timezone.now(), score=40,
        previous=older, theme_scores={"sauvegardes": 40},
    )
    ActionItemFactory(assessment=newer, owner=titulaire, due_date=timezone.localdate() + timedelta(days=30))
    drill = DrillFactory(cabinet=cabinet)
    KitTest.objects.create(
        cabinet=cabinet, performed_on=timezone.localdate(), performed_by_name="Claire Martin", next_due=timezone.localdate() + timedelta(days=182),
        source="drill", source_drill=drill, catalogue_version="1", checks=[{"key": "classeur", "result": "ok"}],
    )
    leaver = MembershipFactory(cabinet=cabinet, role=Role.PRATICIEN, user=UserFactory(email="parti@example.org"))
    audit.record(cabinet, leaver.user, "contact.create", "Contact ajouté par un praticien parti depuis")
    leaver.delete()
    return cabinet


def export_bytes(cabinet) -> bytes:
    membership = Membership.objects.filter(cabinet=cabinet, role=Role.TITULAIRE).first()
    out = io.BytesIO()
    write_export(Tenant(membership), out)
    return out.getvalue()


def data_entries(content: bytes) -> dict[str, bytes]:
    """The JSON, CSV and uploaded files of an export: what an import must give back unchanged."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {
            name: archive.read(name)
            for name in archive.namelist()
            if name.endswith((".json", ".csv")) or name.startswith("fichiers/")
        }
