"""`CompiledOnce`: the SQL compiled once gives each cabinet what the ORM's own query gives it."""

import pytest
from django.db.models import CharField, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Concat

from resilience.models import Cabinet, Membership
from resilience.sql import CompiledOnce, JSONObjectAgg

pytestmark = pytest.mark.django_db


def cabinet_row(cabinet_pk):
    """Dates, a joined count, a scalar subquery and a JSON aggregate: every kind of column a converter touches."""
    members = Membership.objects.filter(cabinet=OuterRef("pk")).order_by().values("cabinet")
    return Cabinet.objects.filter(pk=cabinet_pk).annotate(
        created=F("created_at"),
        label=Concat("name", Value(" | "), "departement", output_field=CharField()),
        first_role=Subquery(Membership.objects.filter(cabinet=OuterRef("pk")).order_by("pk").values("role")[:1]),
        roles=Subquery(members.annotate(json=JSONObjectAgg("user__email", "role")).values("json")),
    ).values("name", "created", "label", "first_role", "roles", "deletion_scheduled_for")


def test_each_cabinet_gets_what_the_orm_query_gives_it(team):
    compiled = CompiledOnce(cabinet_row)
    for cabinet in (team.cabinet, team.other_cabinet, team.cabinet):
        row = compiled.first(cabinet.pk)
        assert row == cabinet_row(cabinet.pk).first()
        assert row["name"] == cabinet.name and row["created"] == cabinet.created_at
        assert len(row["roles"]) == Membership.objects.filter(cabinet=cabinet).count()


def test_no_row_is_none(team):
    assert CompiledOnce(cabinet_row).first(team.other_cabinet.pk + 1000) is None


@pytest.mark.parametrize("build", [
    lambda pk: Cabinet.objects.filter(Q(pk=pk) | Q(pk=pk)).values("name"),
    lambda pk: Cabinet.objects.filter(name="x").values("name"),
], ids=["twice", "never"])
def test_the_parameter_must_appear_exactly_once(build, team):
    with pytest.raises(ValueError, match="once"):
        CompiledOnce(build).first(team.cabinet.pk)
