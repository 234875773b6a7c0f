"""What the carer's page needs for its review sections (``_carer_reviews.html`` and
``_carer_terms_history.html``), kept apart so the page's view only adds one call."""

from __future__ import annotations

from typing import Any

from fostering.models import FosterCarer
from fostering.recruitment.services import annual_reviews, terms_history
from fostering.recruitment.services.casework import office_today


def carer_sections(carer: FosterCarer) -> dict[str, Any]:
    today = office_today()
    current = terms_history.in_force(carer, today)
    return {
        "reviews": annual_reviews.reviews_for(carer),
        "open_review": annual_reviews.open_review(carer),
        "terms_history": terms_history.history(carer),
        "terms_now_id": current.id if current is not None else None,
    }
