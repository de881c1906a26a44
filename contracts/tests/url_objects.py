"""What the URL walk (resilience/tests/test_tenancy_urls) needs to know about the contracts URLs."""

from contracts.tests.factories import ContractFactory, DocumentFactory, ReviewFactory

# URL argument -> a value designating an object of the victim cabinet.
OBJECT_FACTORIES = {
    "contract_id": lambda team: ContractFactory(cabinet=team.cabinet).pk,
    "document_id": lambda team: DocumentFactory(contract=ContractFactory(cabinet=team.cabinet)).pk,
    "review_id": lambda team: ReviewFactory(contract=ContractFactory(cabinet=team.cabinet)).pk,
    # Checklist keys, valid in every cabinet: the review_id beside them is what must 404.
    "category_key": lambda team: "backups",
    "item_key": lambda team: "backups.restore_test",
}

PUBLIC_URL_NAMES = set()
NOT_CABINET_PAGES = set()
