"""Commissioners' pages: importing the historical placement ledger."""

from __future__ import annotations
