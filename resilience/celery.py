"""The Celery application: Redis as broker, django-celery-beat as scheduler.

Without REDIS_URL (quick start) tasks run in-process (CELERY_TASK_ALWAYS_EAGER).
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "resilience.settings")

app = Celery("resilience")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
