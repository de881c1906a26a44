"""The one tenancy mechanism.

Every piece of cabinet data is a `CabinetScopedModel` (`resilience.models.scoped`). A request's current
cabinet is resolved in one place, `current_tenant`, from the session and the
signed-in person's memberships; views reach cabinet data only through
`request.tenant` (set by the `cabinet_view` decorator), whose queries are
filtered on that cabinet. An object of another cabinet is therefore a 404,
never a 403 that would confirm it exists.
"""

from dataclasses import dataclass
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _

from resilience.models import PractitionerCount
from resilience.reminders import unread
from resilience.sql import CompiledOnce

SESSION_KEY = "cabinet_id"


@dataclass(frozen=True)
class Tenant:
    """The current cabinet of a request and the signed-in person's membership in it."""

    membership: object

    @property
    def cabinet(self):
        return self.membership.cabinet

    @property
    def role(self):
        return self.membership.role

    def scope(self, model_or_queryset):
        """The rows of this cabinet only: the start of every query of cabinet data."""
        queryset = (
            model_or_queryset._default_manager.all()
            if isinstance(model_or_queryset, type)
            else model_or_queryset
        )
        return queryset.filter(cabinet=self.membership.cabinet_id)

    def get(self, model_or_queryset, **lookups):
        """One object of this cabinet, or 404 (never 403) when it is another's."""
        return get_object_or_404(self.scope(model_or_queryset), **lookups)

    def fetch(self, query, *values) -> list:
        """This cabinet's objects from a query compiled once (`compiled_once`), for these values of its other parameters."""
        return query.all(self.membership.cabinet_id, *values)

    def fetch_rows(self, query, *values) -> list[tuple]:
        """`fetch` for a `.values_list()` query compiled once: this cabinet's rows as tuples."""
        return query.rows(self.membership.cabinet_id, *values)

    def fetch_one(self, query, *values):
        """The one object of `fetch`, or 404 (never 403) when it is another cabinet's or does not exist."""
        found = self.fetch(query, *values)
        if not found:
            raise Http404
        return found[0]


@dataclass(frozen=True)
class _MarkedMembership:
    cabinet_id: int


def compiled_once(build, *parameters) -> CompiledOnce:
    """A query of cabinet data through `Tenant.scope`, built and compiled once per process (`CompiledOnce`).

    `build(tenant, *values)` is called once with a stand-in tenant whose cabinet id is a marker, and
    a marker for each other parameter (their types: `int` or `datetime`); `request.tenant.fetch(query,
    *values)` runs the SQL for the request's cabinet. For the queries a page runs on every visit,
    whose building costs more than their running.
    """
    return CompiledOnce(lambda cabinet_id, *values: build(Tenant(_MarkedMembership(cabinet_id)), *values), (int, *parameters))


def is_urps_admin(user) -> bool:
    return user.is_authenticated and hasattr(user, "urps_admin")


def memberships_of(user) -> list:
    """The person's memberships (a handful), most recent first, in one query that every page reuses.

    Each comes with its cabinet, the cabinet's practitioners by profession (the header, the kit's
    quantities and the questionnaire read them: `Cabinet.practitioner_counts_map` finds them in its
    prefetch cache) and the person's unread notifications there (the bell). The practitioner rows are
    joined, so a membership comes back once per profession of its cabinet and is folded here.
    """
    rows = (
        user.memberships.select_related("cabinet")
        .annotate(
            unread_notifications=unread.per_membership(),
            counted_pk=models.F("cabinet__practitioner_counts__pk"),
            counted_profession=models.F("cabinet__practitioner_counts__profession"),
            counted_practitioners=models.F("cabinet__practitioner_counts__count"),
        )
        .order_by("-created_at", "-pk")
    )
    memberships, counts = {}, {}
    for row in rows:
        membership = memberships.setdefault(row.pk, row)
        professions = counts.setdefault(row.pk, [])
        if row.counted_pk is not None:
            professions.append(
                PractitionerCount(
                    pk=row.counted_pk, cabinet=membership.cabinet, profession=row.counted_profession, count=row.counted_practitioners
                )
            )
    for pk, membership in memberships.items():
        cached = membership.cabinet.practitioner_counts.all()  # a queryset not run: filled here, as a prefetch would
        cached._result_cache, cached._prefetch_done = counts[pk], True
        membership.cabinet._prefetched_objects_cache = {"practitioner_counts": cached}
    return list(memberships.values())


def current_tenant(request):
    """Resolve the current cabinet once per request, or None.

    The session remembers the cabinet chosen last; it is trusted only if the
    person is still a member. Otherwise the most recent membership is used.
    URPS admins never have a cabinet.
    """
    if hasattr(request, "_tenant"):
        return request._tenant
    tenant = None
    user = request.user
    if user.is_authenticated and not is_urps_admin(user):
        memberships = memberships_of(user)
        request._memberships = memberships
        chosen = request.session.get(SESSION_KEY)
        membership = next((m for m in memberships if chosen and m.cabinet_id == chosen), None) or next(
            iter(memberships), None
        )
        if membership is not None:
            tenant = Tenant(membership)
            if chosen != membership.cabinet_id:
                request.session[SESSION_KEY] = membership.cabinet_id
    request._tenant = tenant
    return tenant


def switch_cabinet(request, cabinet_id):
    """Make another of the person's cabinets current; 404 when not a member."""
    membership = get_object_or_404(request.user.memberships, cabinet_id=cabinet_id)
    request.session[SESSION_KEY] = membership.cabinet_id
    request._tenant = Tenant(membership)
    return membership


def cabinet_view(view=None, *, roles=None):
    """Decorate a view that works on the current cabinet's data.

    Anonymous people go to sign-in; URPS admins are refused (they never see a
    cabinet); people without a cabinet are sent to create one; `roles` limits
    the view to some roles of the cabinet (403: the cabinet is their own).
    Every response it lets through is `Cache-Control: private, no-store`.
    """

    def decorator(view_func):
        @wraps(view_func)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                from django.contrib.auth.views import redirect_to_login  # needs the user model loaded

                return redirect_to_login(request.get_full_path())
            if is_urps_admin(request.user):
                raise PermissionDenied(_("Les comptes URPS n'ont pas accès aux pages des cabinets."))
            tenant = current_tenant(request)
            if tenant is None:
                return redirect("resilience:cabinet_create")
            if roles is not None and tenant.role not in roles:
                raise PermissionDenied(_("Cette action est réservée au titulaire du cabinet."))
            request.tenant = tenant
            response = view_func(request, *args, **kwargs)
            # Cabinet data (pages, PDFs, files) stays out of shared and disk caches.
            patch_cache_control(response, private=True, no_store=True)
            return response

        wrapper.cabinet_view = True
        return wrapper

    return decorator(view) if view is not None else decorator
