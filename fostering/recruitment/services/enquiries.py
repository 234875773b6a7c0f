"""Receiving an enquiry from the public, and telling them we have it."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app

from fostering.extensions import db
from fostering.models import Enquiry, EnquiryStatus
from fostering.models.enquiry import HeardFrom, PlacementInterest, SpareBedroom
from fostering.models.types import utcnow
from fostering.recruitment.services.errors import RecruitmentCode, RecruitmentError
from fostering.services import audit, mail
from fostering.services.contact import normalise_phone, normalise_postcode
from fostering.services.references import new_enquiry_reference
from fostering.services.transactions import after_commit, transactional


class EnquiryError(RecruitmentError):
    """The answers do not make a complete enquiry (a page was skipped or tampered with);
    ``problems`` names the answers at fault."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(RecruitmentCode.ENQUIRY_INCOMPLETE)
        self.problems = problems


@dataclass
class EnquiryAnswers:
    first_name: str
    last_name: str
    postcode: str
    household: str
    adults_at_home: int
    children_at_home: int
    spare_bedroom: str
    heard_from: str
    consent_to_contact: bool
    email: str = ""
    phone: str = ""
    interests: list[str] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict) -> EnquiryAnswers:
        try:
            return cls(
                first_name=str(data["first_name"]).strip(),
                last_name=str(data["last_name"]).strip(),
                email=str(data.get("email") or "").strip().lower(),
                phone=str(data.get("phone") or "").strip(),
                postcode=str(data["postcode"]),
                household=str(data["household"]).strip(),
                adults_at_home=int(data["adults_at_home"]),
                children_at_home=int(data["children_at_home"]),
                spare_bedroom=str(data["spare_bedroom"]),
                interests=[str(item) for item in data["interests"]],
                heard_from=str(data["heard_from"]),
                consent_to_contact=bool(data["consent_to_contact"]),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise EnquiryError(["missing"]) from error

    def check(self) -> None:
        """The rules the question pages enforce, checked again before anything is saved."""
        problems = []
        if not self.first_name or not self.last_name:
            problems.append("name")
        if not self.email and not self.phone:
            problems.append("contact")
        if self.phone and normalise_phone(self.phone) is None:
            problems.append("phone")
        if normalise_postcode(self.postcode) is None:
            problems.append("postcode")
        if not self.household:
            problems.append("household")
        if self.spare_bedroom not in set(SpareBedroom):
            problems.append("spare_bedroom")
        if not self.interests or not set(self.interests) <= set(PlacementInterest):
            problems.append("interests")
        if self.heard_from not in set(HeardFrom):
            problems.append("heard_from")
        if not self.consent_to_contact:
            problems.append("consent_to_contact")
        if problems:
            raise EnquiryError(problems)


@transactional
def submit_enquiry(answers: EnquiryAnswers, *, locale: str) -> Enquiry:
    """Store the enquiry, audit it, and email the person a copy if they gave an address.

    ``locale`` is the language they enquired in; the team replies in the same language.
    """
    answers.check()
    enquiry = Enquiry(
        reference=new_enquiry_reference(),
        first_name=answers.first_name,
        last_name=answers.last_name,
        email=answers.email or None,
        phone=normalise_phone(answers.phone) if answers.phone else None,
        postcode=normalise_postcode(answers.postcode),
        household=answers.household,
        adults_at_home=answers.adults_at_home,
        children_at_home=answers.children_at_home,
        spare_bedroom=answers.spare_bedroom,
        interests=[i.value for i in PlacementInterest if i.value in answers.interests],
        heard_from=answers.heard_from,
        consent_to_contact=answers.consent_to_contact,
        preferred_language=locale if locale in current_app.config["LANGUAGES"] else "en",
        received_at=utcnow(),
        status=EnquiryStatus.NEW.value,
    )
    db.session.add(enquiry)
    db.session.flush()
    audit.record(None, "enquiry_received", enquiry)
    if enquiry.email:
        after_commit(
            lambda: mail.send_safely(
                enquiry.email,
                "enquiry_received",
                locale=enquiry.preferred_language,
                enquiry=enquiry,
            )
        )
    return enquiry
