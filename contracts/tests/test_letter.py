"""The letter's text, built from a review's gaps (pure function, no database)."""

from datetime import date

from contracts.checklist import get_checklist
from contracts.letter import letter_text
from contracts.verdicts import gaps


def make_letter(answers, clause_refs=None):
    checklist = get_checklist()
    present = {item.key: "present" for item in checklist.all_items()}
    return letter_text(
        cabinet_name="Cabinet des Acacias",
        signer="Claire Martin",
        kind_label="Infogérance / maintenance",
        reference="MAINT-118",
        signed_on=date(2024, 1, 10),
        category_gaps=gaps(checklist, {**present, **answers}),
        clause_refs=clause_refs or {},
    )


def test_the_letter_is_formal_and_polite():
    text = make_letter({"backups.restore_test": "absent"})
    assert text.startswith(
        "Objet : contrat « Infogérance / maintenance » n° MAINT-118 signé le 10 janvier 2024 – demande de compléments\n\n"
    )
    assert "Notre cabinet a relu le contrat « Infogérance / maintenance » n° MAINT-118" in text
    assert "\n\nMadame, Monsieur,\n\n" in text
    assert "Je vous prie d'agréer, Madame, Monsieur, l'expression de mes salutations distinguées." in text
    assert text.endswith("Claire Martin\nCabinet des Acacias")


def test_the_letter_lists_each_missing_clause_under_its_category():
    checklist = get_checklist()
    text = make_letter({"backups.restore_test": "absent", "exit.secure_erasure": "absent"})
    assert "4. Sauvegardes\n– (essentiel) " + checklist.item("backups.restore_test").ask in text
    assert "10. Sortie de contrat\n– " + checklist.item("exit.secure_erasure").ask in text
    assert "1. Périmètre" not in text


def test_partial_clauses_cite_the_article_and_unknown_ones_ask_where_they_are():
    text = make_letter(
        {"incidents.critical_response_time": "partial", "hosting.server_location": "unknown"},
        {"incidents.critical_response_time": "Art. 5.1"},
    )
    assert "Le contrat (Art. 5.1) aborde ce point, mais de façon incomplète." in text
    assert "Si cette clause figure déjà dans le contrat, merci de m'indiquer l'article concerné." in text


def test_not_applicable_and_present_clauses_are_not_asked_for():
    checklist = get_checklist()
    text = make_letter({"exit.transfer_support": "na"})
    assert checklist.item("exit.transfer_support").ask not in text
    assert "10. Sortie" not in text
