"""Placement officers' pages: imports."""

from __future__ import annotations
