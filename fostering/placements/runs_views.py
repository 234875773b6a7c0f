"""Placement officers' pages: runs."""

from __future__ import annotations
