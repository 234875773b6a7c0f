"""Summary-list rows for an application's answers (check your answers, read-only view).

Labels come from the section's own form, so a question reads the same on the page where
it is asked and where it is checked.
"""

from __future__ import annotations

from datetime import date

from flask import url_for
from flask_babel import format_date
from flask_babel import gettext as _

from fostering.models.application import Person, RefereeKind, SectionKey
from fostering.recruitment.apply import forms as f

SECTION_FORMS = {
    SectionKey.ABOUT_YOU: f.AboutYouForm,
    SectionKey.JOINT_APPLICANT: f.JointApplicantForm,
    SectionKey.HEALTH: f.HealthForm,
    SectionKey.PREVIOUS_FOSTERING: f.PreviousFosteringForm,
    SectionKey.YOUR_HOME: f.YourHomeForm,
    SectionKey.CONSENTS: f.ConsentsForm,
    SectionKey.REFEREES: f.RefereesSectionForm,
}
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


def item_rows(key: SectionKey, item, *, joint: bool = False) -> list[dict]:
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
        rows.append(
            {
                "key": {"text": _("Checks")},
                "value": {"text": _("Aged 18 or over: needs an enhanced DBS check")},
            }
        )
    return rows
