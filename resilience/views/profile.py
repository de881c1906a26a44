from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from resilience.forms import submit_helper
from resilience.profiles import ProfileForm


@login_required
def profile(request):
    """« Mon profil »: the name the cabinet's pages, documents and journal show."""
    form = ProfileForm(request.POST or None, user=request.user)
    form.helper = submit_helper(_("Enregistrer"))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Votre profil est enregistré."))
        return redirect("resilience:home")
    return render(request, "resilience/profile.html", {"form": form})
