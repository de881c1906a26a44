"""Sending email: rendered in the web process, delivered by a Celery worker.

Templates are triplets, as in healthchecks: `emails/NAME_subject.txt`,
`emails/NAME.txt` and `emails/NAME.html`.
"""

from django.conf import settings
from django.template.loader import render_to_string

from resilience.tasks import send_email


def deliver(subject: str, body: str, to: list[str], html: str | None = None, from_email: str | None = None):
    send_email.delay(" ".join(subject.split()), body, from_email or settings.DEFAULT_FROM_EMAIL, to, html)


def send_template(name: str, to: list[str], context: dict) -> None:
    context = {"site_url": settings.SITE_URL, **context}
    subject = render_to_string(f"emails/{name}_subject.txt", context)
    body = render_to_string(f"emails/{name}.txt", context)
    html = render_to_string(f"emails/{name}.html", context)
    deliver(subject, body, to, html)
