"""Summary-list rows for an application's answers (check your answers, read-only view,
and the fostering team's case page).

Labels come from the section's own form, so a question reads the same on the page where
it is asked and where it is checked. Every section has a form here, the joint
applicant's own sections included (``SectionKey.JOINT_HEALTH`` and the rest, whose
questions are the main applicant's, answered by the joint applicant): for the whole
application, go through ``apply.views.PAGES`` (or :func:`required_pages`) and call
:func:`section_rows` and, for list sections, :func:`item_rows` on each item.
:func:`adult_rows` says who each adult is and what they have signed or consented to.
"""

from __future__ import annotations

from datetime import date

from flask import url_for
from flask_babel import format_date
from flask_babel import gettext as _

from fostering.models.application import JOINT_SECTIONS, Person, RefereeKind, SectionKey
from fostering.recruitment.apply import forms as f

SECTION_FORMS = {
    SectionKey.ABOUT_YOU: f.AboutYouForm,
    SectionKey.JOINT_APPLICANT: f.JointApplicantForm,
    SectionKey.FINANCES: f.FinancesForm,
    SectionKey.HEALTH: f.HealthForm,
    SectionKey.DISCLOSURES: f.DisclosuresForm,
    SectionKey.PREVIOUS_FOSTERING: f.PreviousFosteringForm,
    SectionKey.YOUR_HOME: f.YourHomeForm,
    SectionKey.CONSENTS: f.ConsentsForm,
    SectionKey.REFEREES: f.RefereesSectionForm,
}
SECTION_FORMS.update({joint: SECTION_FORMS[own] for joint, own in JOINT_SECTIONS.items()})
ITEM_FORMS = {
    SectionKey.HOUSEHOLD: f.HouseholdMemberForm,
    SectionKey.ADDRESS_HISTORY: f.AddressForm,
    SectionKey.EMPLOYMENT: f.EmploymentForm,
    SectionKey.REFEREES: f.RefereeForm,
}


def _blank_form(form_class, **kwargs):
    return form_class(formdata=None, meta={"csrf": False}, **kwargs)


def display(field, value) -> str:
    """A saved answer as words: Yes/No, dates in full, choices by their label."""
    if value is None or value == "" or value == []:
        return _("Not answered")
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, date):
        return format_date(value, "d MMMM yyyy")
    choices = dict((str(k), str(v)) for k, v in (getattr(field, "choices", None) or []))
    if isinstance(value, list):
        return ", ".join(choices.get(str(v), str(v)) for v in value)
    if choices:
        return choices.get(str(value), str(value))
    return str(value)


def section_rows(application, key: SectionKey, *, editable: bool) -> list[dict]:
    from fostering.recruitment.services.applications import JOINT_DETAIL_FIELDS, section_values

    form_class = SECTION_FORMS.get(key)
    if form_class is None:
        return []
    values = section_values(application, key)
    form = _blank_form(form_class)
    rows = []
    hidden_when_no = set(JOINT_DETAIL_FIELDS)
    for field in form.question_fields():
        if field.name in hidden_when_no and values.get("has_joint_applicant") != "yes":
            continue
        row = {
            "key": {"text": str(field.label.text)},
            "value": {"text": display(field, values.get(field.name))},
        }
        if editable:
            row["actions"] = {
                "items": [
                    {
                        "href": url_for("apply.section", slug=key.value.replace("_", "-")),
                        "text": _("Change"),
                        "visuallyHiddenText": str(field.label.text),
                    }
                ]
            }
        rows.append(row)
    return rows


def item_title(key: SectionKey, item) -> str:
    if key == SectionKey.ADDRESS_HISTORY:
        return ", ".join(p for p in (item.address_line_1, item.town, item.postcode) if p)
    if key == SectionKey.EMPLOYMENT:
        return _("%(job)s at %(employer)s", job=item.job_title, employer=item.employer)
    return item.full_name


def _row(key, value) -> dict:
    return {"key": {"text": str(key)}, "value": {"text": str(value)}}


def item_rows(
    key: SectionKey, item, *, joint: bool = False, include_private: bool = True
) -> list[dict]:
    """The rows of one item of a list section. ``include_private=False`` leaves out what
    a household member disclosed on their own consent page (for the applicants' pages:
    only the fostering team sees it)."""
    form = _blank_form(ITEM_FORMS[key], **({"joint": True} if hasattr(item, "person") else {}))
    rows = []
    for field in form.question_fields():
        value = getattr(item, field.name, None)
        if field.name == "person":
            if not joint:
                continue
            value = Person(value).label
        elif field.name == "kind":
            value = RefereeKind(value).label
        elif field.name == "date_to" and value is None:
            value = _("Now")
        rows.append(
            {"key": {"text": str(field.label.text)}, "value": {"text": display(field, value)}}
        )
    if key == SectionKey.HOUSEHOLD and item.is_adult:
        rows.append(_row(_("Checks"), _("Aged 18 or over: needs an enhanced DBS check")))
        if item.lives_here:
            rows.append(_row(_("Consent to their DBS check"), _consent_text(item)))
        if include_private and item.dbs_consent_at is not None:
            rows.append(
                _row(
                    _("Convictions or cautions they told us about"),
                    item.convictions_details if item.has_convictions else _("None"),
                )
            )
    if key == SectionKey.ADDRESS_HISTORY and item.is_overseas:
        rows.append(_row(_("Checks"), _("Outside the UK: needs an overseas check")))
    return rows


def _consent_text(member) -> str:
    if member.dbs_consent_at is not None:
        return _("Given on %(date)s", date=format_date(member.dbs_consent_at, "d MMMM yyyy"))
    return _("Not given yet")


def adult_rows(application) -> list[dict]:
    """Each adult's own part: the applicants' accounts and declarations, and each adult
    in the household's consent to their DBS check."""

    def signed(when) -> str:
        if when is None:
            return _("Not signed yet")
        return _("Signed on %(date)s", date=format_date(when, "d MMMM yyyy"))

    rows = [
        _row(
            _("Declaration: %(name)s", name=application.applicant_name),
            signed(application.declaration_agreed_at),
        )
    ]
    if application.has_joint_applicant:
        joint = application.joint_applicant
        name = application.joint_applicant_name or ""
        if joint is None or joint.password_hash is None:
            rows.append(_row(_("Declaration: %(name)s", name=name), _("Not signed in yet")))
        else:
            rows.append(
                _row(
                    _("Declaration: %(name)s", name=name),
                    signed(application.joint_declaration_agreed_at),
                )
            )
    for member in application.household_members:
        if member.lives_here and member.is_adult:
            rows.append(
                _row(
                    _("Consent to a DBS check: %(name)s", name=member.full_name),
                    _consent_text(member),
                )
            )
    return rows
