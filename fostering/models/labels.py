"""String enums whose members have a translated label for pages (``member.label``)."""

from __future__ import annotations

from enum import StrEnum

LABELS: dict[type, dict] = {}


class LabelledEnum(StrEnum):
    """Register the labels with ``labels_for(EnumClass, {member: _l("..."), ...})``."""

    @property
    def label(self) -> str:
        return str(LABELS[type(self)][self])

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        """``(value, label)`` pairs for a form field, in the enum's order."""
        return [(member.value, member.label) for member in cls]


def labels_for(enum: type, labels: dict) -> dict:
    missing = set(enum) - set(labels)
    if missing:
        raise ValueError(f"{enum.__name__} has no label for {sorted(missing)}")
    LABELS[enum] = labels
    return labels
