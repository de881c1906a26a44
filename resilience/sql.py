"""Portable SQL pieces the ORM lacks (PostgreSQL in production, SQLite for the quick start)."""

import itertools
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Aggregate, JSONField
from django.db.models.query import ModelIterable, get_related_populators


class JSONObjectAgg(Aggregate):
    """{key: value} of the grouped rows as one JSON object: a set of rows read as one column of another query."""

    function = "JSONB_OBJECT_AGG"
    output_field = JSONField()
    arity = 2

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="JSON_GROUP_OBJECT", **extra_context)


class CompiledOnce:
    """A query whose shape never changes, built and compiled once per process; only its parameters vary.

    Building a query of dozens of annotations and compiling it costs milliseconds of Python on every
    request (resolving each expression, its joins, its subqueries) for the same SQL each time. `build`
    returns the queryset for given values of its `parameters`; it is called once per database with
    marker values, the SQL and its parameters are kept, and each call then runs that SQL with the real
    values in the markers' places, converting the columns as the ORM would (dates on SQLite, JSON).
    `first` answers for a `.values()` query, `rows` for a `.values_list()` one, `all` for a query of
    model instances (`select_related` included, as iterating the queryset would give them).

    On PostgreSQL the SQL is also a prepared statement of each connection (`PREPARE` the first time a
    connection runs it, then `EXECUTE`): the server parses and plans it once instead of on every
    request, which took it longer than running the query (the kit's row: 0.57 ms a request, 0.14 ms
    prepared). `PREPARED_STATEMENTS = False` turns it off, for a pooler that shares one server
    connection between clients (PgBouncer in transaction mode).
    """

    _numbers = itertools.count(1)  # the prepared statements' names, unique in the process

    # Ids no row has, within any integer column's range, and instants no row holds: they mark the
    # parameters' places among the SQL's.
    MARKER = -730_491_113
    TIME_MARKER = datetime(1901, 2, 3, 4, 5, 0, 730_491, tzinfo=UTC)

    def __init__(self, build, parameters: int | tuple = 1):
        """`parameters`: how many integer parameters, or their types in order (`int` or `datetime`)."""
        types = (int,) * parameters if isinstance(parameters, int) else tuple(parameters)
        self._build = build
        self._types = types
        self._markers = [self._marker(kind, n) for n, kind in enumerate(types)]
        self._compiled = {}
        self._number = next(self._numbers)

    @classmethod
    def _marker(cls, kind, n):
        if kind is int:
            return cls.MARKER - n
        if kind is datetime:
            return cls.TIME_MARKER + timedelta(seconds=n)
        raise TypeError(f"a parameter is an int or a datetime, not {kind}")

    @staticmethod
    def _adapt(value, connection):
        """The parameter as the ORM hands it to the database driver (a string for SQLite's datetimes)."""
        return connection.ops.adapt_datetimefield_value(value) if isinstance(value, datetime) else value

    def _compile(self, connection):
        key = (connection.alias, connection.vendor)
        if key not in self._compiled:
            queryset = self._build(*self._markers)
            if queryset._prefetch_related_lookups or queryset._known_related_objects:
                raise ValueError("prefetch_related and related managers' queries are not compiled once")
            compiler = queryset.query.get_compiler(connection=connection)
            sql, params = compiler.as_sql()
            params = list(params)
            # A parameter may appear several times (a cabinet's filter in the query and its subqueries).
            markers = [self._adapt(marker, connection) for marker in self._markers]
            places = [[n for n, param in enumerate(params) if param == marker] for marker in markers]
            if not all(places):
                raise ValueError("each parameter must appear at least once in the query's parameters")
            select = compiler.select[: compiler.col_count]
            expressions = [expression for expression, _, _ in select]
            converters = [(position, list(functions), expression) for position, (functions, expression) in compiler.get_converters(expressions).items()]
            names = [alias for _, _, alias in select]
            instances = self._instances(compiler, connection.alias) if queryset._iterable_class is ModelIterable else None
            statement = self._statement(connection, queryset.model._meta.db_table, sql, params, places)
            self._compiled[key] = (sql, params, places, names, converters, instances, statement)
        return self._compiled[key]

    # A parameter's type in the prepared statement.
    SQL_TYPES = {int: "bigint", datetime: "timestamptz"}

    def _statement(self, connection, table, sql, params, places):
        """(name, PREPARE text) on PostgreSQL: the constants written in, the n-th parameter as `$n`."""
        if connection.vendor != "postgresql" or not getattr(settings, "PREPARED_STATEMENTS", True):
            return None
        from psycopg2.extensions import AsIs

        params = list(params)
        for number, positions in enumerate(places, start=1):
            for position in positions:
                params[position] = AsIs(f"${number}")
        with connection.cursor() as cursor:
            body = cursor.mogrify(sql, params).decode()
        # Named after its table, so that the query log still says what an EXECUTE reads.
        name = f"{table}_{self._number}"
        types = ", ".join(self.SQL_TYPES[kind] for kind in self._types)
        return name, f"PREPARE {name} ({types}) AS {body}"

    @staticmethod
    def _prepared_on(connection) -> set:
        """The names prepared on the connection's current server session (a new session has none)."""
        session, names = getattr(connection, "_compiled_once_prepared", (None, None))
        if session is not connection.connection:
            names = set()
            connection._compiled_once_prepared = (connection.connection, names)
        return names

    @staticmethod
    def _instances(compiler, alias):
        """How `ModelIterable` makes a model instance of a row."""
        klass_info = compiler.klass_info
        select_fields = klass_info["select_fields"]
        start, end = select_fields[0], select_fields[-1] + 1
        init_list = [column[0].target.attname for column in compiler.select[start:end]]
        populators = get_related_populators(klass_info, compiler.select, alias)
        return klass_info["model"], start, end, init_list, populators, dict(compiler.annotation_col_map)

    def _rows(self, values, using):
        connection = connections[using]
        sql, params, places, names, converters, instances, statement = self._compile(connection)
        if len(values) != len(places):
            raise TypeError(f"{len(places)} parameters expected, {len(values)} given")
        if any(isinstance(value, int) and not -(2**63) <= value < 2**63 for value in values):
            return [], names, instances  # an id no row can have (and a number SQLite refuses), as the ORM answers
        values = [self._adapt(value, connection) for value in values]
        with connection.cursor() as cursor:
            if statement is None:
                params = list(params)
                for positions, value in zip(places, values):
                    for position in positions:
                        params[position] = value
                cursor.execute(sql, params)
            else:
                name, prepare = statement
                prepared = self._prepared_on(connection)
                if name not in prepared:
                    # Once per server session, like Django's own session settings: not a query of the page.
                    with connection.wrap_database_errors:
                        cursor.cursor.execute(prepare)
                    prepared.add(name)
                cursor.execute(f"EXECUTE {name}({', '.join(['%s'] * len(values))})", values)
            rows = [list(row) for row in cursor.fetchall()]
        for row in rows:
            for position, functions, expression in converters:
                for function in functions:
                    row[position] = function(row[position], expression, connection)
        return rows, names, instances

    def first(self, *values, using=DEFAULT_DB_ALIAS) -> dict | None:
        """The first row for these values of the parameters, as `.values().first()` would give it, or None."""
        rows, names, _ = self._rows(values, using)
        return dict(zip(names, rows[0])) if rows else None

    def rows(self, *values, using=DEFAULT_DB_ALIAS) -> list[tuple]:
        """Every row for these values of the parameters, as the tuples of `.values_list()`."""
        return [tuple(row) for row in self._rows(values, using)[0]]

    def all(self, *values, using=DEFAULT_DB_ALIAS) -> list:
        """The model instances for these values of the parameters, as `list(queryset)` would give them."""
        rows, _, instances = self._rows(values, using)
        if instances is None:
            raise TypeError("all() is for a query of model instances; first() reads a .values() query")
        model, start, end, init_list, populators, annotations = instances
        objects = []
        for row in rows:
            instance = model.from_db(using, init_list, row[start:end])
            for populator in populators:
                populator.populate(row, instance)
            for name, position in annotations.items():
                setattr(instance, name, row[position])
            objects.append(instance)
        return objects
