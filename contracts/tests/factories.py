import factory

from contracts.models import Contract, ContractDocument, ContractReview, Kind, ReviewAnswer
from resilience.tests.factories import CabinetFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


class ContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contract

    cabinet = factory.SubFactory(CabinetFactory)
    provider = factory.Sequence(lambda n: f"Prestataire {n}")
    kind = Kind.INFOGERANCE
    reference = "REF-42"


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContractDocument

    contract = factory.SubFactory(ContractFactory)
    cabinet = factory.SelfAttribute("contract.cabinet")
    name = "contrat.pdf"
    content = PDF_BYTES
    size = len(PDF_BYTES)
    sha256 = "0" * 64


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContractReview

    contract = factory.SubFactory(ContractFactory)
    cabinet = factory.SelfAttribute("contract.cabinet")
    checklist_version = "1"


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewAnswer

    review = factory.SubFactory(ReviewFactory)
    cabinet = factory.SelfAttribute("review.cabinet")
    item_key = "scope.services"
    value = "present"
