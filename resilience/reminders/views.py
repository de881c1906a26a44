import secrets
from datetime import timedelta

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from resilience.models import CalendarFeed, DeliveryStatus, Digest, Membership, Reminder, ReminderProfile, Role
from resilience.reminders import calendar, registry, unsubscribe
from resilience.reminders.forms import PreferencesForm
from resilience.reminders.stages import local_day
from resilience.tenancy import cabinet_view

LIST_LENGTH = 100
CALENDAR_HORIZON = timedelta(days=730)


def notifications_of(request):
    return (
        request.tenant.scope(Reminder)
        .filter(recipient=request.user)
        .exclude(status=DeliveryStatus.CANCELLED)
        .order_by("-created_at", "-id")
    )


def failing_members(tenant):
    """For the titulaire: members whose reminder emails keep failing (one query)."""
    if tenant.role != Role.TITULAIRE:
        return []
    user_ids = tenant.scope(Membership).values("user_id")
    failing = Digest.objects.filter(recipient_id__in=user_ids, status__in=(DeliveryStatus.RETRY, DeliveryStatus.FAILED))
    return list(registry.latest_per(failing, "recipient_id", "-day").select_related("recipient"))


@cabinet_view
def notifications(request):
    return render(
        request,
        "resilience/reminders/notifications.html",
        {"notifications": notifications_of(request)[:LIST_LENGTH], "failing": failing_members(request.tenant)},
    )


@cabinet_view
@require_POST
def notification_read(request, reminder_id):
    reminder = get_object_or_404(notifications_of(request), pk=reminder_id)
    if reminder.read_at is None:
        Reminder.objects.filter(pk=reminder.pk, read_at__isnull=True).update(read_at=timezone.now())
    return redirect(reminder.url if request.POST.get("open") else "resilience:notifications")


@cabinet_view
def notifications_read_all(request):
    if request.method != "POST":
        return redirect("resilience:notifications")
    count = notifications_of(request).filter(read_at__isnull=True).update(read_at=timezone.now())
    if count:
        messages.success(request, _("Toutes les notifications sont marquées comme lues."))
    return redirect("resilience:notifications")


def _feed(membership) -> CalendarFeed:
    feed = CalendarFeed.objects.filter(membership=membership).first()
    return feed or CalendarFeed.objects.create(membership=membership, token=secrets.token_urlsafe(32))


@cabinet_view
def preferences(request):
    profile, _created = ReminderProfile.objects.get_or_create(user=request.user)
    form = PreferencesForm(request.POST or None, profile=profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Vos préférences de rappels sont enregistrées."))
        return redirect("resilience:reminder_preferences")
    feed = _feed(request.tenant.membership)
    feed_path = reverse("resilience:calendar_feed", args=[feed.token])
    feed_url = request.build_absolute_uri(feed_path)
    webcal_url = "webcal://" + feed_url.split("://", 1)[1]
    return render(
        request,
        "resilience/reminders/preferences.html",
        {"form": form, "feed_url": feed_url, "webcal_url": webcal_url},
        status=400 if request.method == "POST" else 200,
    )


@cabinet_view
def calendar_rotate(request):
    if request.method != "POST":
        return redirect("resilience:reminder_preferences")
    with transaction.atomic():
        CalendarFeed.objects.filter(membership=request.tenant.membership).delete()
        _feed(request.tenant.membership)
    messages.success(request, _("Nouveau lien créé. L'ancien lien ne marche plus : ajoutez le nouveau à votre agenda."))
    return redirect("resilience:reminder_preferences")


@never_cache
def calendar_feed(request, token):
    """Public by design (calendar apps cannot sign in): the random token is the secret."""
    feed = CalendarFeed.objects.filter(token=token).select_related("membership__cabinet").first()
    if feed is None:
        raise Http404
    cabinet = feed.membership.cabinet
    now = timezone.now()
    items = registry.due_items([cabinet.pk], now, horizon=local_day(now) + CALENDAR_HORIZON)
    body = calendar.calendar(_("Résilience cabinet – %(name)s") % {"name": cabinet.name}, items, now)
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


@cabinet_view
def item_ics(request, kind, item_id):
    now = timezone.now()
    items = registry.due_items([request.tenant.cabinet.pk], now, horizon=local_day(now) + CALENDAR_HORIZON)
    item = next((i for i in items if i.kind == kind and i.item_id == item_id), None)
    if item is None:
        raise Http404
    response = HttpResponse(calendar.calendar(str(item.title), [item], now), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{kind}-{item_id}.ics"'
    return response


@csrf_exempt  # RFC 8058: the mail client POSTs without a session; the signed token is the proof
@never_cache
def unsubscribe_view(request, token):
    """GET shows a confirmation (mail scanners open links); POST turns the emails off."""
    data = unsubscribe.read(token)
    if data is None:
        return render(request, "resilience/reminders/unsubscribe.html", {"invalid": True}, status=400)
    user_id, kind_key = data
    kind = registry.get(kind_key)
    digest = kind_key == "digest"
    if kind is None and not digest:
        return render(request, "resilience/reminders/unsubscribe.html", {"invalid": True}, status=400)
    label = _("récapitulatif quotidien des rappels") if digest else kind.label
    locked = kind is not None and kind.urgent
    done = False
    if request.method == "POST" and not locked:
        with transaction.atomic():
            profile, _created = ReminderProfile.objects.select_for_update().get_or_create(user_id=user_id)
            if kind_key not in profile.muted_kinds:
                profile.muted_kinds = [*profile.muted_kinds, kind_key]
                profile.save(update_fields=["muted_kinds"])
        done = True
    return render(
        request,
        "resilience/reminders/unsubscribe.html",
        {"label": label, "locked": locked, "done": done, "token": token},
        status=409 if request.method == "POST" and locked else 200,
    )
