"""Portable SQL pieces the ORM lacks (PostgreSQL in production, SQLite for the quick start)."""

from django.db.models import Aggregate, JSONField


class JSONObjectAgg(Aggregate):
    """{key: value} of the grouped rows as one JSON object: a set of rows read as one column of another query."""

    function = "JSONB_OBJECT_AGG"
    output_field = JSONField()
    arity = 2

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="JSON_GROUP_OBJECT", **extra_context)
