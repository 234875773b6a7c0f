"""Commissioners' pages: importing the historical placement ledger.

The pages are the placement area's import pages (``register_import_pages``), offering
only the historical ledger kind.
"""

from __future__ import annotations

from fostering.commissioning import bp
from fostering.imports.views import register_import_pages
from fostering.models import Role

register_import_pages(bp, "commissioning", (Role.COMMISSIONER, Role.ADMINISTRATOR))
