import redis
from django.conf import settings
from django.db import connection, transaction
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:  # any failure means "down" for the probe
        return False


def _broker_state() -> str:
    if not settings.REDIS_URL:
        return "in-process"
    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_timeout=1, socket_connect_timeout=1).ping()
        return "ok"
    except redis.RedisError:
        return "error"


@never_cache
@transaction.non_atomic_requests
def healthz(request):
    """For load balancers and monitors: 200 when the database and broker answer, else 503."""
    report = {"database": "ok" if _database_ok() else "error", "broker": _broker_state()}
    healthy = "error" not in report.values()
    report["status"] = "ok" if healthy else "error"
    return JsonResponse(report, status=200 if healthy else 503)
