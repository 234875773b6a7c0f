"""Letters to the household: the invitation to the fostering panel and the decision
letter, each applicant's copy written in their own language, whatever the language of
the member of staff who reads or sends them.

A letter is built as plain parts (:class:`Letter`): the team reads and prints it as a
page, and sends the same words by email through :mod:`fostering.services.mail`. Each
letter sent is kept (:class:`~fostering.models.CaseLetter`) and audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import current_app
from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from sqlalchemy import select

from fostering.extensions import db
from fostering.models import Application, CaseLetter, User
from fostering.models.application import Person
from fostering.models.assessment import Recommendation
from fostering.models.casework import LetterKind
from fostering.recruitment.services import progress, stage2
from fostering.recruitment.services.casework import (
    CaseworkError,
    office_today,
    require_case_worker,
)
from fostering.recruitment.services.errors import RecruitmentCode
from fostering.recruitment.services.terms import Terms
from fostering.services import audit, mail
from fostering.services.transactions import after_commit, transaction

LETTER_DATE = "d MMMM yyyy"


@dataclass(frozen=True)
class Letter:
    kind: LetterKind
    locale: str
    dated: str
    names: str
    address: tuple[str, ...]
    reference: str
    subject: str
    greeting: str
    opening: tuple[str, ...]
    # Label and value pairs: the meeting's details, the terms, or the reasons.
    details: tuple[tuple[str, str], ...]
    closing: tuple[str, ...]
    sign_off: str
    signed: str


def locale_of(application: Application, user: User | None = None) -> str:
    """The language to write to ``user`` (the main applicant by default) in: their own
    choice, else the one the household enquired in."""
    locale = application.language_of(user or application.applicant)
    return locale if locale in current_app.config["LANGUAGES"] else "en"


def _names(application: Application) -> str:
    if application.joint_applicant_name:
        return _(
            "%(first)s and %(second)s",
            first=application.applicant_name,
            second=application.joint_applicant_name,
        )
    return application.applicant_name


def _address(application: Application) -> tuple[str, ...]:
    """Where the applicant lives now, from their address history, if they gave it."""
    for entry in application.addresses:
        if entry.person == Person.APPLICANT.value and entry.date_to is None:
            parts = (entry.address_line_1, entry.address_line_2, entry.town, entry.postcode)
            return tuple(part for part in parts if part)
    return ()


def _day(value: date) -> str:
    return format_date(value, LETTER_DATE)


def _contact(application: Application) -> str:
    config = current_app.config
    return _(
        "If you have any questions, call us on %(phone)s or email %(email)s, giving your "
        "reference number %(reference)s.",
        phone=config["TEAM_PHONE"],
        email=config["TEAM_EMAIL"],
        reference=application.reference,
    )


def _panel_invitation(application: Application) -> dict:
    panel = stage2.panel_for(application)
    meeting = panel.meeting if panel is not None else None
    if meeting is None or panel.recommendation is not None or meeting.meeting_date < office_today():
        raise CaseworkError(RecruitmentCode.PANEL_LETTER_NOT_READY)
    worker = application.assessing_worker
    return {
        "subject": _("Your application to foster: the fostering panel"),
        "opening": (
            _(
                "Your assessment is complete, and your application to foster with "
                "%(council)s will now be considered by our fostering panel.",
                council=current_app.config["COUNCIL_NAME"],
            ),
            _("The panel meets at:"),
        ),
        "details": (
            (_("Date"), _day(meeting.meeting_date)),
            (_("Time"), meeting.starts_at),
            (_("Place"), meeting.venue),
        ),
        "closing": (
            _(
                "You are welcome to come to the part of the meeting about your "
                "application, with your assessing social worker, %(worker)s. The panel "
                "will have read the assessment report and may ask you about it.",
                worker=worker.name if worker else "",
            ),
            _(
                "After the meeting the panel makes a recommendation. The agency decision "
                "maker then decides whether to approve you, and we will write to tell you "
                "the decision."
            ),
            _("Please let us know if you cannot come, or if you need any support to take part."),
            _contact(application),
        ),
    }


def _terms_details(terms: Terms) -> tuple[tuple[str, str], ...]:
    return (
        (_("Number of children"), str(terms.places)),
        (_("Ages"), _("%(youngest)d to %(oldest)d", youngest=terms.min_age, oldest=terms.max_age)),
        (_("Kinds of fostering"), ", ".join(terms.placement_type_labels)),
    )


def _decision(application: Application) -> dict:
    decision = stage2.decision_for(application)
    panel = stage2.panel_for(application)
    if decision is None or panel is None:
        raise CaseworkError(RecruitmentCode.DECISION_LETTER_NOT_READY)
    if panel.recommendation == Recommendation.APPROVE.value:
        recommended = _(
            "The fostering panel considered your application on %(date)s and recommended "
            "that you be approved as foster carers.",
            date=_day(panel.panel_date),
        )
    else:
        recommended = _(
            "The fostering panel considered your application on %(date)s and recommended "
            "that you not be approved as foster carers.",
            date=_day(panel.panel_date),
        )
    maker = decision.decision_maker.name if decision.decision_maker else ""
    if decision.decision == Recommendation.APPROVE.value:
        carer = decision.carer
        return {
            "subject": _("Your application to foster: you are approved"),
            "opening": (
                recommended,
                _(
                    "On %(date)s the agency decision maker, %(name)s, decided to approve "
                    "you as foster carers. Your terms of approval are:",
                    date=_day(decision.decided_on),
                    name=maker,
                ),
            ),
            "details": _terms_details(Terms.from_dict(decision.terms or {})),
            "closing": (
                *(
                    (
                        _(
                            "Your first annual review will be by %(date)s.",
                            date=_day(carer.annual_review_due),
                        ),
                    )
                    if carer is not None and carer.annual_review_due
                    else ()
                ),
                _(
                    "Your supervising social worker will be in touch to talk about what "
                    "happens next."
                ),
                _contact(application),
            ),
        }
    return {
        "subject": _("Your application to foster: the decision"),
        "opening": (
            recommended,
            _(
                "On %(date)s the agency decision maker, %(name)s, decided not to approve "
                "you as foster carers.",
                date=_day(decision.decided_on),
                name=maker,
            ),
        ),
        "details": ((_("The reasons for the decision"), decision.reasons or ""),),
        "closing": (
            _(
                "If you disagree with this decision, you can, within 28 days of the date "
                "of this letter, send us your comments in writing, or ask the Independent "
                "Review Mechanism Cymru to review it."
            ),
            _contact(application),
        ),
    }


BUILDERS = {LetterKind.PANEL_INVITATION: _panel_invitation, LetterKind.DECISION: _decision}


def build(application: Application, kind: LetterKind | str, locale: str | None = None) -> Letter:
    """The letter in ``locale`` (the main applicant's language by default), or
    :class:`CaseworkError` if the case has not got that far."""
    kind = LetterKind(kind)
    locale = locale or locale_of(application)
    with force_locale(locale):
        names = _names(application)
        parts = BUILDERS[kind](application)
        return Letter(
            kind=kind,
            locale=locale,
            dated=_day(office_today()),
            names=names,
            address=_address(application),
            reference=_("Our reference: %(reference)s", reference=application.reference),
            greeting=_("Dear %(names)s,", names=names),
            sign_off=_("Yours sincerely,"),
            signed=_("The fostering team"),
            **parts,
        )


def ready(application: Application) -> list[LetterKind]:
    """The letters the case has got far enough for."""
    kinds = []
    for kind in LetterKind:
        try:
            build(application, kind)
        except CaseworkError:
            continue
        kinds.append(kind)
    return kinds


def recipients(application: Application) -> list[User]:
    """The applicants with an open account: each is emailed the letter."""
    return [user for user, _name in progress.recipients(application) if user.email]


def send(application: Application, kind: LetterKind | str, *, actor: User) -> CaseLetter:
    """Email the letter to each applicant, in their own language, once it is stored."""
    require_case_worker(application, actor)
    letter = build(application, kind)
    people = recipients(application)
    if not people:
        raise CaseworkError(RecruitmentCode.NO_EMAIL_FOR_LETTER)
    with transaction():
        record = CaseLetter(
            application_id=application.id,
            kind=letter.kind.value,
            locale=letter.locale,
            recipients=len(people),
            sent_by_id=actor.id,
        )
        db.session.add(record)
        db.session.flush()
        audit.record(actor, "letter_sent", application, detail=f"kind={letter.kind}")
        for user in people:
            locale = locale_of(application, user)
            theirs = letter if locale == letter.locale else build(application, kind, locale)
            after_commit(
                lambda to=user.email, written=theirs: mail.send_safely(
                    to, "letter", locale=written.locale, letter=written
                )
            )
    return record


def letters_sent(application: Application) -> list[CaseLetter]:
    return list(
        db.session.scalars(
            select(CaseLetter)
            .where(CaseLetter.application_id == application.id)
            .order_by(CaseLetter.sent_at, CaseLetter.id)
        )
    )
