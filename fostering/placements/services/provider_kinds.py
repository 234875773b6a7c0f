"""The kind of provider a placement or proposal is with, named as officers name it."""

from __future__ import annotations

from fostering.models import Agency, ChildrensHome, FosterCarer
from fostering.models.provider import AgencyKind
from fostering.placements.services.providers import KIND_LABELS, kind_of


def kind_label(provider: FosterCarer | ChildrensHome | Agency | None) -> str:
    """In-house foster carer, council children's home, independent fostering agency,
    private children's home or other provider: an agency's own kind, never "Agency"."""
    if provider is None:
        return ""
    if isinstance(provider, Agency):
        return str(AgencyKind(provider.kind).label)
    return str(KIND_LABELS[kind_of(provider)])
