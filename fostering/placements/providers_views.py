"""Placement officers' pages: providers."""

from __future__ import annotations
