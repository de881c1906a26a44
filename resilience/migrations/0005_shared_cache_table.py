"""The database cache's table, so that `migrate` is all a deployment without Redis needs.

Without REDIS_URL, login throttling and every other cached value live in this
table (settings.CACHES), shared by every web process; a per-process memory
cache would let each gunicorn worker count sign-in failures on its own.
The table is created whatever the settings, so switching off Redis later
needs no extra command.
"""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

TABLE = "resilience_cache"


def create_table(apps, schema_editor):
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, TABLE, dry_run=False)


def drop_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("resilience", "0004_text_and_date_limits")]

    operations = [migrations.RunPython(create_table, drop_table)]
