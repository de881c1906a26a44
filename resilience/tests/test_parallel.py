"""Side-by-side test processes get Redis databases of their own (resilience/tests/parallel.py)."""

from resilience.tests.parallel import redis_url_for_worker


def test_the_first_process_keeps_redis_url_and_the_next_ones_take_the_next_databases():
    assert redis_url_for_worker("redis://127.0.0.1:6379/1", "gw0") == "redis://127.0.0.1:6379/1"
    assert redis_url_for_worker("redis://127.0.0.1:6379/1", "gw1") == "redis://127.0.0.1:6379/2"
    assert redis_url_for_worker("redis://:secret@cache:6380", "gw2") == "redis://:secret@cache:6380/2"


def test_the_numbers_wrap_around_redis_sixteen_databases():
    assert redis_url_for_worker("redis://127.0.0.1:6379/15", "gw1") == "redis://127.0.0.1:6379/0"

