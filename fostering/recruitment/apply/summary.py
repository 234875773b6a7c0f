"""The application's sections (:data:`PAGES`, in task-list order) and the summary-list
rows of their answers, for the applicant's check-your-answers page and the fostering
team's case page alike.

Labels come from the section's own form, so a question reads the same on the page where
it is asked, where it is checked and where the team reads it. A section added to
:data:`PAGES` appears on every one of those pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from fostering.models.application import Person, RefereeKind, SectionKey
from fostering.recruitment.apply import forms as f


@dataclass(frozen=True)
class SectionPage:
    key: SectionKey
    form: type
    # For list sections: the item form, and the texts of its pages.
    item_form: type | None = None
    add_text: object = None
    add_title: object = None
    change_title: object = None
    intro: object = None

    @property
    def slug(self) -> str:
        return self.key.value.replace("_", "-")

    @property
    def is_list(self) -> bool:
        return self.item_form is not None


PAGES = (
    SectionPage(SectionKey.ABOUT_YOU, f.AboutYouForm),
    SectionPage(SectionKey.JOINT_APPLICANT, f.JointApplicantForm),
    SectionPage(
        SectionKey.HOUSEHOLD,
        f.ListSectionForm,
        f.HouseholdMemberForm,
        _l("Add a person"),
        _l("Add someone who lives with you"),
        _l("Change the details of someone who lives with you"),
        _l(
            "Tell us about everyone else who lives in your home or stays often, including "
            "children. Do not include yourself or your joint applicant. Adults need an "
            "enhanced DBS check."
        ),
    ),
    SectionPage(
        SectionKey.ADDRESS_HISTORY,
        f.ListSectionForm,
        f.AddressForm,
        _l("Add an address"),
        _l("Add an address"),
        _l("Change an address"),
        _l(
            "Tell us every address you have lived at in the last 10 years, starting with "
            "where you live now, with no gaps."
        ),
    ),
    SectionPage(
        SectionKey.EMPLOYMENT,
        f.ListSectionForm,
        f.EmploymentForm,
        _l("Add a job"),
        _l("Add a job"),
        _l("Change a job"),
        _l(
            "Tell us about your jobs now and in the past, including volunteering. We ask "
            "each current employer for a reference."
        ),
    ),
    SectionPage(SectionKey.HEALTH, f.HealthForm),
    SectionPage(SectionKey.PREVIOUS_FOSTERING, f.PreviousFosteringForm),
    SectionPage(
        SectionKey.REFEREES,
        f.RefereesSectionForm,
        f.RefereeForm,
        _l("Add a referee"),
        _l("Add a referee"),
        _l("Change a referee"),
        _l(
            "We need at least 2 personal referees who are not related to you, a referee "
            "from each current employer, one for every former partner you have lived with, "
            "and one from any fostering service you have fostered for."
        ),
    ),
    SectionPage(SectionKey.YOUR_HOME, f.YourHomeForm),
    SectionPage(SectionKey.CONSENTS, f.ConsentsForm),
)
PAGE_BY_SLUG = {page.slug: page for page in PAGES}


def section_items(application, key: SectionKey) -> list:
    """The entries of a list section."""
    return {
        SectionKey.HOUSEHOLD: application.household_members,
        SectionKey.ADDRESS_HISTORY: application.addresses,
        SectionKey.EMPLOYMENT: application.employment,
        SectionKey.REFEREES: application.referees,
    }[key]


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


def application_sections(application, *, editable: bool) -> list[dict]:
    """Every section of ``application`` in :data:`PAGES` order: its page, status, answer
    rows and, for a list section, each entry's title and rows."""
    joint = bool(application.has_joint_applicant)
    return [
        {
            "page": page,
            "status": application.section_status(page.key),
            "rows": section_rows(application, page.key, editable=editable),
            "items": [
                (item_title(page.key, item), item_rows(page.key, item, joint=joint))
                for item in (section_items(application, page.key) if page.is_list else [])
            ],
        }
        for page in PAGES
    ]
