"""Portable SQL pieces the ORM lacks (PostgreSQL in production, SQLite for the quick start)."""

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Aggregate, JSONField


class JSONObjectAgg(Aggregate):
    """{key: value} of the grouped rows as one JSON object: a set of rows read as one column of another query."""

    function = "JSONB_OBJECT_AGG"
    output_field = JSONField()
    arity = 2

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="JSON_GROUP_OBJECT", **extra_context)


class CompiledOnce:
    """A `.values()` query whose shape never changes, built and compiled once per process; one parameter varies.

    Building a query of dozens of annotations and compiling it costs milliseconds of Python on every
    request (resolving each expression, its joins, its subqueries) for the same SQL each time. `build`
    returns the queryset for a given value of the parameter; it is called once per database with a
    marker value, the SQL and its parameters are kept, and each call then runs that SQL with the real
    value in the marker's place, converting the columns as the ORM would (dates on SQLite, JSON).
    """

    # An id no row has, within any integer column's range: marks the parameter's place among the SQL's parameters.
    MARKER = -730_491_113

    def __init__(self, build):
        self._build = build
        self._compiled = {}

    def _compile(self, connection):
        key = (connection.alias, connection.vendor)
        if key not in self._compiled:
            compiler = self._build(self.MARKER).query.get_compiler(connection=connection)
            sql, params = compiler.as_sql()
            params = list(params)
            if params.count(self.MARKER) != 1:
                raise ValueError(f"the parameter must appear once in the query's parameters, not {params.count(self.MARKER)} times")
            expressions = [expression for expression, _, _ in compiler.select]
            converters = [(position, list(functions), expression) for position, (functions, expression) in compiler.get_converters(expressions).items()]
            names = [alias for _, _, alias in compiler.select]
            self._compiled[key] = (sql, params, params.index(self.MARKER), names, converters)
        return self._compiled[key]

    def first(self, value, using=DEFAULT_DB_ALIAS) -> dict | None:
        """The first row for this value of the parameter, as `.values().first()` would give it, or None."""
        connection = connections[using]
        sql, params, place, names, converters = self._compile(connection)
        params = [*params[:place], value, *params[place + 1 :]]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
        if row is None:
            return None
        row = list(row)
        for position, functions, expression in converters:
            for function in functions:
                row[position] = function(row[position], expression, connection)
        return dict(zip(names, row))
