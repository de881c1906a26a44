from django.shortcuts import render


def csrf_failure(request, reason=""):
    """A French page instead of Django's English one when a form is stale or forged."""
    return render(request, "403_csrf.html", status=403)
