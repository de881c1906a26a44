"""The letter asking the provider for the missing clauses: plain text, built from a review's gaps.

The cabinet edits the text before sending it, so it is plain text, in formal
French, one paragraph per block; the PDF adds the sender, the addressee and the
date around it. The sentences asked for come from each item's ``ask`` in the
checklist file.
"""

from collections.abc import Iterable, Mapping
from datetime import date

from contracts.verdicts import PARTIAL, UNKNOWN, CategoryGaps
from resilience.french_dates import date_format

MAX_LENGTH = 20_000


def _contract_words(kind_label: str, reference: str, signed_on: date | None) -> str:
    words = f"contrat « {kind_label} »"
    if reference:
        words += f" n° {reference}"
    if signed_on:
        words += f" signé le {date_format(signed_on, 'j F Y')}"
    return words


def _line(gap, clause_refs: Mapping[str, str]) -> str:
    text = "– (essentiel) " if gap.item.critical else "– "
    text += gap.item.ask
    clause = clause_refs.get(gap.item.key, "").strip()
    if gap.answer == PARTIAL:
        where = f" ({clause})" if clause else ""
        text += f" Le contrat{where} aborde ce point, mais de façon incomplète."
    elif gap.answer == UNKNOWN:
        text += " Si cette clause figure déjà dans le contrat, merci de m'indiquer l'article concerné."
    return text


def letter_text(
    *,
    cabinet_name: str,
    signer: str,
    kind_label: str,
    signer_role: str = "",
    reference: str = "",
    signed_on: date | None = None,
    category_gaps: Iterable[CategoryGaps],
    clause_refs: Mapping[str, str] | None = None,
) -> str:
    """The body of the letter, from "Objet" to the signature."""
    clause_refs = clause_refs or {}
    category_gaps = list(category_gaps)
    contract = _contract_words(kind_label, reference, signed_on)
    blocks = [
        f"Objet : {contract} – demande de compléments",
        "Madame, Monsieur,",
        f"Notre cabinet a relu le {contract}, qui le lie à votre société, à l'aide du guide « Dix points "
        "à vérifier » publié par l'URPS Médecins Libéraux Nouvelle-Aquitaine. Plusieurs clauses "
        "importantes pour la sécurité des données de nos patients et pour la continuité des soins "
        "n'y figurent pas, ou pas de façon assez précise.",
        "Je vous remercie de bien vouloir me proposer un avenant qui reprenne les points suivants. "
        "Ceux marqués « essentiel » sont, pour le cabinet, les plus importants.",
    ]
    for group in category_gaps:
        lines = [f"{group.category.number}. {group.category.title}"]
        lines += [_line(gap, clause_refs) for gap in group.gaps]
        blocks.append("\n".join(lines))
    blocks += [
        "Dans l'attente de votre réponse, que je souhaiterais recevoir dans un délai d'un mois, je "
        "reste à votre disposition pour en parler.",
        "Je vous prie d'agréer, Madame, Monsieur, l'expression de mes salutations distinguées.",
        "\n".join(line for line in (signer, signer_role, cabinet_name) if line),
    ]
    return "\n\n".join(blocks)
