"""`{% menu_links %}` writes the same menus as the template loops it replaced (whitespace between tags aside)."""

import re
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils.safestring import mark_safe

from resilience.navigation import NavItem

pytestmark = pytest.mark.django_db

# The loops of templates/base.html before {% menu_links %}, word for word.
OLD_MAIN = """{% for item in nav_items %}
          <li class="nav-item"><a class="nav-link{% if request.resolver_match.view_name == item.url_name %} active{% endif %}" href="{{ item.url }}"{% if request.resolver_match.view_name == item.url_name %} aria-current="page"{% endif %}>{{ item.label }}</a></li>
          {% endfor %}"""
OLD_CABINET = """{% for item in cabinet_nav_items %}
              <li><a class="dropdown-item{% if request.resolver_match.view_name == item.url_name %} active{% endif %}" href="{{ item.url }}"{% if request.resolver_match.view_name == item.url_name %} aria-current="page"{% endif %}>{{ item.label }}</a></li>
              {% endfor %}"""
NEW_MAIN = '{% load navigation %}{% menu_links nav_items "nav-item" "nav-link" %}'
NEW_CABINET = '{% load navigation %}{% menu_links cabinet_nav_items "" "dropdown-item" %}'


def squeezed(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


def render(source, **context):
    return Template(source).render(Context(context))


@pytest.mark.parametrize("url_name", ["resilience:dashboard", "resilience:members", "resilience:contacts", "resilience:cabinet_settings", "kit:home"])
@pytest.mark.parametrize("role", ["titulaire", "member", "secretary"])
def test_every_page_s_menus_are_the_old_loops_output(team, role, url_name):
    response = team.client_for(getattr(team, role)).get(reverse(url_name))
    if response.status_code == 403:
        return  # the secretary's settings page
    page = response.content.decode()
    context = {name: response.context[name] for name in ("request", "nav_items", "cabinet_nav_items")}
    main = re.search(r'(?s)<ul class="navbar-nav main-nav">(.*?)</ul>', page).group(1)
    old_main = render(OLD_MAIN, **context)
    assert squeezed(old_main) in squeezed(main)
    assert squeezed(old_main) == squeezed(render(NEW_MAIN, **context))
    assert squeezed(render(OLD_CABINET, **context)) == squeezed(render(NEW_CABINET, **context))
    assert ('aria-current="page"' in old_main) == any(item.url_name == url_name for item in context["nav_items"])


def test_labels_and_addresses_are_escaped_as_the_template_escaped_them():
    items = [
        NavItem("a", "Contacts d'urgence <b> & \"co\"", "resilience:contacts", 1),
        NavItem("b", mark_safe("<em>Sûr</em>"), "resilience:dashboard", 2),
        SimpleNamespace(label="Lien", url_name="x", url="/a?b=1&c=<2>"),
    ]
    for current in ("resilience:contacts", "resilience:dashboard", None):
        request = SimpleNamespace(resolver_match=SimpleNamespace(view_name=current) if current else None)
        context = {"request": request, "nav_items": items, "cabinet_nav_items": items}
        assert squeezed(render(OLD_MAIN, **context)) == squeezed(render(NEW_MAIN, **context))
        assert squeezed(render(OLD_CABINET, **context)) == squeezed(render(NEW_CABINET, **context))
    assert "&amp;c=&lt;2&gt;" in render(NEW_MAIN, **context) and "<em>Sûr</em>" in render(NEW_MAIN, **context)


def test_an_optional_fixed_url_of_an_unknown_name_is_empty():
    assert render("{% load navigation %}[{% fixed_url 'nowhere:page' optional=True as u %}{{ u }}]") == "[]"
    assert render("{% load navigation %}{% fixed_url 'resilience:dashboard' optional=True %}") == reverse("resilience:dashboard")
