"""The titulaire's pages: download the cabinet's data, ask for (or cancel) its deletion."""

import tempfile

from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from resilience import audit
from resilience.models import Role
from resilience.pdf import safe_filename
from resilience.portability import deletion
from resilience.portability.export import write_export
from resilience.portability.forms import DeletionForm
from resilience.tenancy import cabinet_view

TITULAIRE_ONLY = {Role.TITULAIRE}


@cabinet_view(roles=TITULAIRE_ONLY)
def export(request):
    """GET explains what the zip holds; POST (one click) downloads it."""
    if request.method != "POST":
        return render(request, "resilience/portability/export.html")
    cabinet = request.tenant.cabinet
    archive = tempfile.TemporaryFile()  # on disk, deleted when closed: never the whole zip in memory
    try:
        report = write_export(request.tenant, archive)
    except BaseException:
        archive.close()
        raise
    audit.record(
        cabinet,
        request.user,
        "cabinet.export",
        _("Données du cabinet téléchargées (%(rows)s lignes, %(documents)s documents)")
        % {"rows": sum(report.counts.values()), "documents": len(report.documents)},
    )
    archive.seek(0)
    filename = f"donnees-{safe_filename(cabinet.name)}-{timezone.localdate():%Y-%m-%d}.zip"
    response = FileResponse(archive, as_attachment=True, filename=filename, content_type="application/zip")
    response["Cache-Control"] = "private, no-store"
    return response


@cabinet_view(roles=TITULAIRE_ONLY)
def delete(request):
    cabinet = request.tenant.cabinet
    form = DeletionForm(request.POST or None, cabinet=cabinet)
    if request.method == "POST" and cabinet.deletion_scheduled_for is None and form.is_valid():
        cabinet = deletion.request_deletion(cabinet, request.user)
        messages.warning(
            request,
            _("Le cabinet sera supprimé le %(date)s. Chaque titulaire a reçu un e-mail et peut l'annuler d'ici là.")
            % {"date": timezone.localtime(cabinet.deletion_scheduled_for).strftime("%d/%m/%Y à %H:%M")},
        )
        return redirect("resilience:cabinet_delete")
    return render(request, "resilience/portability/delete.html", {"form": form, "cabinet": cabinet})


@cabinet_view(roles=TITULAIRE_ONLY)
def cancel_delete(request):
    if request.method == "POST":
        if deletion.cancel_deletion(request.tenant.cabinet, request.user):
            messages.success(request, _("La suppression du cabinet est annulée. Rien n'a été effacé."))
        return redirect("resilience:cabinet_settings")
    return redirect("resilience:cabinet_delete")
