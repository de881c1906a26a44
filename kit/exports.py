"""The kit's documents in the cabinet's export: the printed kit and the patient notice."""

from django.utils.translation import gettext as _

from kit import printables
from resilience.pdf import render_pdf
from resilience.portability.documents import Document


def kit_documents(tenant):
    yield Document(
        "kit/kit-mode-degrade.pdf",
        _("Le kit « mode dégradé » imprimable"),
        lambda: render_pdf("kit/pdf/kit.html", printables.kit_context(tenant)),
    )
    yield Document(
        "kit/affiche-patients.pdf",
        _("L'affiche pour les patients"),
        lambda: render_pdf("kit/pdf/notice.html", printables.notice_context(tenant)),
    )
