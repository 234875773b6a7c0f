"""The Health and Social Care (Wales) Act 2025: removing profit from the care of
looked-after children, as the service applies it.

The Act's dates (checked against Care Inspectorate Wales's and the Welsh Government's
guidance, December 2026):

- 1 April 2026: a new provider of a fostering service, children's home or secure
  accommodation must be a not-for-profit entity to register (one of the four legal forms
  in ``LegalForm``); the council's sufficiency duty (s.75(1) of the 2014 Act) becomes
  one to secure accommodation with the council or not-for-profit providers within or
  near its area, with an annual sufficiency plan (s.75A).
- 1 April 2027: existing for-profit providers may not expand (no added places, no new
  foster carers approved).
- 1 April 2030: a Welsh council may place a child with a for-profit provider only as a
  supplementary placement the Welsh Ministers approve (s.81B). The service's date for
  this is the setting ``SUPPLEMENTARY_PLACEMENTS_FROM`` (2030-04-01 unless changed), so
  a council can follow a commencement order that moves it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import current_app
from flask_babel import lazy_gettext as _l

from fostering.models import Agency

NEW_PROVIDERS_FROM = date(2026, 4, 1)
NO_EXPANSION_FROM = date(2027, 4, 1)
APPROVAL_REFERENCE_LENGTH = 100


@dataclass(frozen=True)
class Milestone:
    day: date
    what: str


def supplementary_from() -> date:
    """The day from which a placement with a for-profit provider needs approval."""
    return current_app.config["SUPPLEMENTARY_PLACEMENTS_FROM"]


def milestones() -> list[Milestone]:
    """The Act's dates, in order, each with what changes on it."""
    return sorted(
        [
            Milestone(
                NEW_PROVIDERS_FROM,
                _l("New fostering services and children's homes must be not-for-profit"),
            ),
            Milestone(
                NO_EXPANSION_FROM,
                _l("Existing for-profit providers may not add places or approve new carers"),
            ),
            Milestone(
                supplementary_from(),
                _l(
                    "Placements with for-profit providers need the Welsh Ministers' approval "
                    "(supplementary placements)"
                ),
            ),
        ],
        key=lambda milestone: milestone.day,
    )


def needs_approval(provider, start_date: date) -> bool:
    """Whether a placement with ``provider`` from ``start_date`` is a supplementary
    placement: the provider is for-profit and the placement starts on or after the day."""
    return (
        isinstance(provider, Agency)
        and not provider.not_for_profit
        and start_date >= supplementary_from()
    )
