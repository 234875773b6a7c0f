"""The start form's list of children: found by name or reference, grouped by urgency,
ticked or unticked a group at a time. It all works without JavaScript: the find and tick
buttons post the form back, so what is ticked and the policy typed so far are kept."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from fostering.models.child import Urgency

FIND_LIMIT = 100


@dataclass(frozen=True)
class Choice:
    id: int
    reference: str
    name: str
    urgency: str


@dataclass(frozen=True)
class Group:
    urgency: Urgency
    shown: list[Choice]
    total: int


def choices_from(rows: Iterable) -> list[Choice]:
    """Rows with id, reference, given_name, family_name and urgency."""
    return [
        Choice(row.id, row.reference, f"{row.given_name} {row.family_name}", row.urgency)
        for row in rows
    ]


def matches(choice: Choice, find: str) -> bool:
    words = find.casefold().split()
    text = f"{choice.name} {choice.reference}".casefold()
    return all(word in text for word in words)


def grouped(children: Sequence[Choice], find: str) -> list[Group]:
    """Children by urgency (immediate first); ``shown`` are those the search finds."""
    groups = []
    for urgency in Urgency:
        members = [c for c in children if c.urgency == urgency.value]
        if members:
            shown = [c for c in members if matches(c, find)]
            groups.append(Group(urgency, shown, len(members)))
    return groups


def after_action(
    action: str, selected: set[int], children: Sequence[Choice], find: str
) -> set[int]:
    """``tick:<urgency>`` / ``untick:<urgency>`` change the shown children of one group;
    anything else (``find``) leaves the selection as it is."""
    verb, _sep, urgency = action.partition(":")
    group = {c.id for c in children if c.urgency == urgency and matches(c, find)}
    if verb == "tick":
        return selected | group
    if verb == "untick":
        return selected - group
    return selected


def checkbox_items(group: Group, selected: set[int]) -> list[dict]:
    """The GOV.UK checkboxes macro's items for one group's shown children."""
    return [
        {"value": str(c.id), "text": f"{c.name} ({c.reference})", "checked": c.id in selected}
        for c in group.shown
    ]
