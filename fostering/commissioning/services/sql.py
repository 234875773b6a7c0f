"""Portable SQL pieces: max and min of several values in one row.

Dates are stored as whole day and month numbers beside the rates (see
``fostering.models.placement``), so every overlap is integer arithmetic with these, and
runs the same on SQLite (``max``/``min``) and PostgreSQL (``GREATEST``/``LEAST``).
"""

from __future__ import annotations

from sqlalchemy import Integer
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class greatest(FunctionElement):
    type = Integer()
    inherit_cache = True


class least(FunctionElement):
    type = Integer()
    inherit_cache = True


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
