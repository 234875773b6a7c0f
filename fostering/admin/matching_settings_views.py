"""Administrator pages: matching_settings."""

from __future__ import annotations
