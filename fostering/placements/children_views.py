"""Placement officers' pages: children."""

from __future__ import annotations
