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


class month_of(FunctionElement):
    """The month (year * 12 + month - 1) of a day number."""

    type = Integer()
    inherit_cache = True


@compiles(month_of, "sqlite")
def _month_of_sqlite(element, compiler, **kw):
    # A number given to strftime is a Julian day; day 0 is Julian day 2440587.5.
    day = f"({compiler.process(element.clauses, **kw)}) + 2440588"
    year_month = f"CAST(strftime('%Y%m', {day}) AS INTEGER)"
    return f"(({year_month}) / 100 * 12 + ({year_month}) % 100 - 1)"


@compiles(month_of)
def _month_of_default(element, compiler, **kw):
    day = f"(DATE '1970-01-01' + ({compiler.process(element.clauses, **kw)}))"
    return f"CAST(EXTRACT(YEAR FROM {day}) * 12 + EXTRACT(MONTH FROM {day}) - 1 AS INTEGER)"
