from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.forms.models import model_to_dict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from resilience import audit
from resilience.forms import CabinetForm
from resilience.models import AuditEvent, Membership, Role, User
from resilience.tenancy import SESSION_KEY, cabinet_view, is_urps_admin, switch_cabinet

AUDITED_FIELDS = CabinetForm.Meta.fields


def audited(cabinet) -> dict:
    """What the history records of the cabinet's settings, practitioners by profession included."""
    return {**model_to_dict(cabinet, AUDITED_FIELDS), "practitioners": cabinet.practitioners_summary}


def _may_create_cabinet(user, form) -> bool:
    """At most CABINETS_PER_DAY new cabinets per person in 24 h; otherwise an error on the form, kept as typed.

    The person's row is locked so that two forms sent at once cannot both pass.
    """
    User.objects.select_for_update(of=("self",)).filter(pk=user.pk).first()
    since = timezone.now() - timedelta(days=1)
    created = AuditEvent.objects.filter(actor=user, action="cabinet.create", created_at__gte=since).count()
    if created < settings.CABINETS_PER_DAY:
        return True
    form.add_error(
        None,
        ngettext(
            "Vous avez déjà créé %(count)d cabinet aujourd'hui : c'est le maximum. Réessayez demain, "
            "ou écrivez-nous si vous gérez vraiment plusieurs cabinets.",
            "Vous avez déjà créé %(count)d cabinets aujourd'hui : c'est le maximum. Réessayez demain, "
            "ou écrivez-nous si vous gérez vraiment plusieurs cabinets.",
            created,
        )
        % {"count": created},
    )
    return False


@login_required
def cabinet_create(request):
    if is_urps_admin(request.user):
        raise PermissionDenied(_("Les comptes URPS n'ont pas accès aux pages des cabinets."))
    form = CabinetForm(request.POST or None, submit_label=_("Créer le cabinet"))
    if request.method == "POST" and form.is_valid() and _may_create_cabinet(request.user, form):
        with transaction.atomic():
            cabinet = form.save()
            Membership.objects.create(cabinet=cabinet, user=request.user, role=Role.TITULAIRE)
            audit.record(
                cabinet, request.user, "cabinet.create", _("Cabinet créé"), audited(cabinet)
            )
        request.session[SESSION_KEY] = cabinet.pk
        messages.success(request, _("Le cabinet %(name)s est créé. Invitez maintenant votre équipe.") % {"name": cabinet.name})
        return redirect("resilience:dashboard")
    return render(request, "resilience/cabinet_form.html", {"form": form, "creating": True})


@cabinet_view(roles={Role.TITULAIRE})
def cabinet_settings(request):
    cabinet = request.tenant.cabinet
    before = audited(cabinet)
    form = CabinetForm(request.POST or None, instance=cabinet)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            cabinet = form.save()
            changes = audit.diff(before, audited(cabinet))
            if changes:
                audit.record(
                    cabinet,
                    request.user,
                    "cabinet.update",
                    _("Réglages du cabinet modifiés : %(fields)s")
                    % {"fields": ", ".join(str(cabinet._meta.get_field(f).verbose_name) for f in changes)},
                    changes,
                )
        messages.success(request, _("Les réglages du cabinet sont enregistrés."))
        return redirect("resilience:dashboard")
    return render(request, "resilience/cabinet_form.html", {"form": form, "creating": False})


@login_required
@require_POST
def cabinet_switch(request, cabinet_id):
    membership = switch_cabinet(request, cabinet_id)
    messages.info(request, _("Vous travaillez maintenant pour le cabinet %(name)s.") % {"name": membership.cabinet.name})
    return redirect("resilience:dashboard")
