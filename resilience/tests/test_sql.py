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


def test_a_parameter_may_appear_several_times(team):
    def build(pk):
        return Cabinet.objects.filter(Q(pk=pk) | Q(pk=Subquery(Cabinet.objects.filter(pk=pk).values("pk")))).values("name")

    assert CompiledOnce(build).first(team.other_cabinet.pk) == {"name": team.other_cabinet.name}


def test_a_parameter_that_never_appears_is_refused(team):
    with pytest.raises(ValueError, match="at least once"):
        CompiledOnce(lambda pk: Cabinet.objects.filter(name="x").values("name")).first(team.cabinet.pk)


def memberships(cabinet_pk, role_rank):
    """Model instances with a two-level select_related, an annotation and a second parameter."""
    return (
        Membership.objects.filter(cabinet=cabinet_pk, pk__gte=role_rank)
        .select_related("user", "cabinet")
        .annotate(cabinet_name=F("cabinet__name"), email=F("user__email"))
        .order_by("-pk")
    )


def test_model_instances_are_what_iterating_the_queryset_gives(team):
    compiled = CompiledOnce(memberships, parameters=2)
    for cabinet, since in ((team.cabinet, 0), (team.other_cabinet, 0), (team.cabinet, team.member.memberships.get().pk)):
        objects, expected = compiled.all(cabinet.pk, since), list(memberships(cabinet.pk, since))
        assert [o.pk for o in objects] == [e.pk for e in expected] and objects
        for got, want in zip(objects, expected):
            assert {f.attname: getattr(got, f.attname) for f in Membership._meta.concrete_fields} == {
                f.attname: getattr(want, f.attname) for f in Membership._meta.concrete_fields
            }
            assert (got.cabinet_name, got.email) == (want.cabinet_name, want.email)
            assert got.user == want.user and got.user.email == want.user.email and got.cabinet.name == want.cabinet.name
            assert Membership.user.is_cached(got) and Membership.cabinet.is_cached(got)  # no query to read them
            assert not got._state.adding and got._state.db == "default"


def test_deferred_fields_stay_deferred(team):
    compiled = CompiledOnce(lambda pk: Cabinet.objects.filter(pk=pk).only("name"))
    (cabinet,) = compiled.all(team.cabinet.pk)
    assert cabinet.name == team.cabinet.name and cabinet.get_deferred_fields() >= {"address", "phone"}


def test_a_tenant_fetches_its_own_rows_of_a_query_compiled_once(team):
    from resilience.tenancy import Tenant, compiled_once

    query = compiled_once(lambda tenant, since: tenant.scope(Membership).filter(pk__gte=since).order_by("pk"), int)
    for cabinet in (team.cabinet, team.other_cabinet):
        tenant = Tenant(Membership.objects.filter(cabinet=cabinet).first())
        assert tenant.fetch(query, 0) == list(Membership.objects.filter(cabinet=cabinet).order_by("pk"))


def test_a_time_parameter(team):
    from datetime import datetime, timedelta

    from django.db.models import Count
    from django.utils import timezone

    from resilience.models import Invitation
    from resilience.tests.factories import InvitationFactory

    soon, later = InvitationFactory(cabinet=team.cabinet), InvitationFactory(cabinet=team.cabinet)
    Invitation.objects.filter(pk=soon.pk).update(expires_at=timezone.now() + timedelta(days=1))
    Invitation.objects.filter(pk=later.pk).update(expires_at=timezone.now() + timedelta(days=5))

    def pending(cabinet_pk, now):
        return Invitation.objects.filter(cabinet=cabinet_pk).pending(now).values("cabinet").annotate(n=Count("pk")).values("n")

    compiled = CompiledOnce(pending, (int, datetime))
    for days, expected in ((0, 2), (3, 1), (9, None)):
        now = timezone.now() + timedelta(days=days)
        assert compiled.first(team.cabinet.pk, now) == next(iter(pending(team.cabinet.pk, now)), None)
        assert (compiled.first(team.cabinet.pk, now) or {}).get("n") == expected


def test_fetch_one_is_a_404_for_another_cabinet_s_object_or_an_id_no_row_has(team):
    from django.http import Http404

    from resilience.tenancy import Tenant, compiled_once

    query = compiled_once(lambda tenant, pk: tenant.scope(Membership).filter(pk=pk), int)
    tenant = Tenant(Membership.objects.filter(cabinet=team.cabinet).first())
    own = Membership.objects.filter(cabinet=team.cabinet).last()
    assert tenant.fetch_one(query, own.pk) == own
    for pk in (Membership.objects.filter(cabinet=team.other_cabinet).first().pk, 10**20, -(10**20)):
        with pytest.raises(Http404):
            tenant.fetch_one(query, pk)


def test_rows_of_a_values_list_query_as_the_orm_gives_them(team):
    """A parameter twice in an `__in` list, dates converted: the tuples `.values_list()` gives, per cabinet."""
    from resilience.tenancy import Tenant, compiled_once

    def members(tenant, first, second):
        return tenant.scope(Membership).filter(pk__in=[first, second]).order_by("pk").values_list("pk", "role", "created_at")

    query = compiled_once(members, int, int)
    own = list(Membership.objects.filter(cabinet=team.cabinet).order_by("pk"))
    tenant = Tenant(own[0])
    for first, second in ((own[0].pk, own[-1].pk), (own[0].pk, own[0].pk)):
        expected = list(Membership.objects.filter(pk__in=[first, second]).order_by("pk").values_list("pk", "role", "created_at"))
        assert tenant.fetch_rows(query, first, second) == expected
    other = Membership.objects.filter(cabinet=team.other_cabinet).first()
    assert tenant.fetch_rows(query, other.pk, other.pk) == []


@pytest.mark.django_db(transaction=True)  # the connection is closed half-way
def test_on_postgresql_a_query_compiled_once_is_prepared_once_per_connection(team, settings):
    """PREPARE the first time a connection runs it (not a query of the page), EXECUTE after; a new connection (as
    after a PostgreSQL restart) prepares it again; PREPARED_STATEMENTS=False runs the plain SQL."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")

    def names(cabinet_pk):
        return Cabinet.objects.filter(pk=cabinet_pk).values("name")

    def prepared_here():
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM pg_prepared_statements")
            return {name for (name,) in cursor.fetchall()}

    compiled = CompiledOnce(names)
    with CaptureQueriesContext(connection) as queries:
        assert compiled.first(team.cabinet.pk) == {"name": team.cabinet.name}
        assert compiled.first(team.other_cabinet.pk) == {"name": team.other_cabinet.name}
    assert [q["sql"].split("(")[0] for q in queries.captured_queries] == [f"EXECUTE resilience_cabinet_{compiled._number}"] * 2
    assert f"resilience_cabinet_{compiled._number}" in prepared_here()

    connection.close()  # a new server session next, as after a PostgreSQL restart
    assert f"resilience_cabinet_{compiled._number}" not in prepared_here()
    assert compiled.first(team.cabinet.pk) == {"name": team.cabinet.name}  # prepared again on the new session

    settings.PREPARED_STATEMENTS = False
    plain = CompiledOnce(names)
    with CaptureQueriesContext(connection) as queries:
        assert plain.first(team.cabinet.pk) == {"name": team.cabinet.name}
    assert queries.captured_queries[0]["sql"].startswith("SELECT")
