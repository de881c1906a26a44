"""For tests comparing HTML written in Python with the template it replaced (kept in `<app>/tests/templates_before/`)."""

import re

from django.test import RequestFactory

from resilience.models import Membership
from resilience.tenancy import Tenant


def squeeze(html: str) -> str:
    """Whitespace between tags left out, and the CSRF token (masked afresh each time it is asked) blanked."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken" value=""', html)
    html = re.sub(r"\s+", " ", html)
    return re.sub(r"\s*(<|>)\s*", r"\1", html).strip()


def tenant_request(cabinet, user):
    """A GET request of `user` in `cabinet`, its tenant resolved as `cabinet_view` resolves it."""
    request = RequestFactory().get("/")
    request.user = user
    request.tenant = request._tenant = Tenant(Membership.objects.get(cabinet=cabinet, user=user))
    return request


def panel_written_as_before(test_file: str, library: str, tag: str, build_panel, request, before="dashboard_panel.html") -> str:
    """A dashboard panel's HTML through its Python tag and through the template it replaced
    (`templates_before/<before>` beside `test_file`): the same, whitespace aside. Returns it."""
    from pathlib import Path

    from django.template import engines

    before = (Path(test_file).parent / "templates_before" / before).read_text()
    context = {"panel": build_panel(request).context}
    expected = squeeze(engines["django"].from_string(before).render(context, request))
    written = squeeze(engines["django"].from_string(f"{{% load {library} %}}{{% {tag} panel %}}").render(context, request))
    assert written == expected
    return written
