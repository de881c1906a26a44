"""The titulaire's pages: download the cabinet's data, ask for (or cancel) its deletion."""

from django.contrib import messages
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from resilience.models import Role
from resilience.portability import archives, deletion, tasks
from resilience.portability.forms import DeletionForm
from resilience.portability.models import CabinetExport, ExportStatus
from resilience.tenancy import cabinet_view

TITULAIRE_ONLY = {Role.TITULAIRE}


def _export_context(request) -> dict:
    export = archives.current(request.tenant)
    return {"export": export, "state": archives.state(export)}


@cabinet_view(roles=TITULAIRE_ONLY)
def export(request):
    """GET explains what the zip holds and shows where its preparation is; POST (one click) asks for it."""
    if request.method == "POST":
        tasks.request_export(request.tenant, request.user)
        return redirect("resilience:cabinet_export")
    return render(request, "resilience/portability/export.html", _export_context(request))


@cabinet_view(roles=TITULAIRE_ONLY)
def export_state(request):
    """The state block alone: the page polls it (htmx) while the zip is being prepared."""
    return render(request, "resilience/portability/export_state.html", _export_context(request))


@cabinet_view(roles=TITULAIRE_ONLY)
def export_download(request, export_id):
    """The stored zip, streamed part by part from the database; 404 once expired or for another cabinet."""
    export = request.tenant.get(CabinetExport, pk=export_id, status=ExportStatus.READY, expires_at__gt=timezone.now())
    archives.downloaded(export, request.user)
    response = StreamingHttpResponse(archives.parts(export), content_type="application/zip")
    response["Content-Length"] = str(export.size)
    response["Content-Disposition"] = content_disposition_header(True, export.filename)
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
