from django.contrib import messages
from django.db import transaction
from django.forms.models import model_to_dict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from resilience import audit
from resilience.contacts import national_contacts
from resilience.forms import EmergencyContactForm
from resilience.models import ContactKind, EmergencyContact
from resilience.tenancy import cabinet_view

FIELDS = EmergencyContactForm.Meta.fields


@cabinet_view
def contact_list(request):
    """Every member reads and keeps the list up to date (often the secretary)."""
    return render(
        request,
        "resilience/contacts.html",
        {"contacts": request.tenant.scope(EmergencyContact), "national": national_contacts()},
    )


@cabinet_view
def contact_edit(request, contact_id=None):
    tenant = request.tenant
    contact = tenant.get(EmergencyContact, pk=contact_id) if contact_id else EmergencyContact(cabinet=tenant.cabinet)
    if not contact_id and request.GET.get("type") in ContactKind.values:  # "add it" links from playbook steps
        contact.kind = request.GET["type"]
    before = model_to_dict(contact, FIELDS) if contact_id else {}
    form = EmergencyContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            contact = form.save()
            changes = audit.diff(before, model_to_dict(contact, FIELDS))
            audit.record(
                tenant.cabinet,
                request.user,
                "contact.update" if contact_id else "contact.create",
                (_("Contact d'urgence modifié : %(name)s") if contact_id else _("Contact d'urgence ajouté : %(name)s"))
                % {"name": contact.name},
                changes,
            )
        messages.success(request, _("Le contact %(name)s est enregistré.") % {"name": contact.name})
        return redirect("resilience:contacts")
    return render(request, "resilience/contact_form.html", {"form": form, "contact": contact if contact_id else None})


@cabinet_view
def contact_delete(request, contact_id):
    contact = request.tenant.get(EmergencyContact, pk=contact_id)
    if request.method == "POST":
        with transaction.atomic():
            contact.delete()
            audit.record(
                request.tenant.cabinet, request.user, "contact.delete", _("Contact d'urgence supprimé : %(name)s") % {"name": contact.name}
            )
        messages.success(request, _("Le contact %(name)s est supprimé.") % {"name": contact.name})
        return redirect("resilience:contacts")
    return render(request, "resilience/contact_delete.html", {"contact": contact})
