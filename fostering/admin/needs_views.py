"""Administrator pages: needs."""

from __future__ import annotations
