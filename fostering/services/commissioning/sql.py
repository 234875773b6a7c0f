"""Portable SQL pieces for date arithmetic: day numbers and two-argument max and min.

SQLite and PostgreSQL subtract dates differently, so dates become whole day numbers
(days since 1970-01-01) and every overlap is integer arithmetic that runs the same on both.
"""

from __future__ import annotations

from sqlalchemy import Integer
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class day_number(FunctionElement):
    """Days since 1970-01-01 of a date column."""

    type = Integer()
    inherit_cache = True


class greatest(FunctionElement):
    type = Integer()
    inherit_cache = True


class least(FunctionElement):
    type = Integer()
    inherit_cache = True


@compiles(day_number, "sqlite")
def _day_number_sqlite(element, compiler, **kw):
    # julianday() of a date is a whole day plus .5, so the difference is exact.
    return f"CAST(julianday({compiler.process(element.clauses, **kw)}) - 2440587.5 AS INTEGER)"


@compiles(day_number)
def _day_number_default(element, compiler, **kw):
    return f"(({compiler.process(element.clauses, **kw)}) - DATE '1970-01-01')"


@compiles(greatest, "sqlite")
def _greatest_sqlite(element, compiler, **kw):
    return f"max({compiler.process(element.clauses, **kw)})"


@compiles(least, "sqlite")
def _least_sqlite(element, compiler, **kw):
    return f"min({compiler.process(element.clauses, **kw)})"


@compiles(greatest)
def _greatest_default(element, compiler, **kw):
    return f"GREATEST({compiler.process(element.clauses, **kw)})"


@compiles(least)
def _least_default(element, compiler, **kw):
    return f"LEAST({compiler.process(element.clauses, **kw)})"
