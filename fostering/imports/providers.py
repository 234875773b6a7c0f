"""Imports of the provider register: in-house carers, council homes and agencies.

References must be new across all three tables, so a placement file's provider
reference always names one provider.
"""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l

from fostering.imports import cells, lookups
from fostering.imports.kinds import SEXES, Column, Kind, Progress, bulk_insert, register
from fostering.imports.problems import Problems
from fostering.imports.reading import Table, records
from fostering.imports.rows import RowReader
from fostering.models import Agency, ChildrensHome, FosterCarer
from fostering.models.carer import MAX_AGE, MAX_PLACES, CarerStatus, PlacementType
from fostering.models.provider import (
    MAX_HOME_BEDS,
    AgencyKind,
    LegalForm,
    ProviderStatus,
    is_not_for_profit,
)
from fostering.models.types import utcnow
from fostering.models.user import User
from fostering.recruitment.services.carers import annual_review_due

PLACEMENT_TYPES = {member.value: member.value for member in PlacementType}
AGENCY_KINDS = {
    "ifa": AgencyKind.FOSTERING_AGENCY.value,
    "fostering_agency": AgencyKind.FOSTERING_AGENCY.value,
    "private_home": AgencyKind.PRIVATE_HOME.value,
    "other": AgencyKind.OTHER.value,
}

# The legal forms a file may give (spaces and hyphens read as underscores).
LEGAL_FORMS = {
    **{form.value: form.value for form in LegalForm.for_agencies()},
    "charitable_company_limited_by_guarantee": LegalForm.CHARITABLE_COMPANY.value,
    "charitable_incorporated_organisation": LegalForm.CIO.value,
    "charitable_registered_society": LegalForm.CHARITABLE_SOCIETY.value,
    "community_benefit_society": LegalForm.CHARITABLE_SOCIETY.value,
    "community_interest_company": LegalForm.CIC.value,
    "to_confirm": LegalForm.NOT_FOR_PROFIT_TO_CONFIRM.value,
    "for_profit": LegalForm.FOR_PROFIT.value,
    "company_limited_by_shares": LegalForm.FOR_PROFIT.value,
    "partnership": LegalForm.FOR_PROFIT.value,
    "sole_trader": LegalForm.FOR_PROFIT.value,
}

TERMS_COLUMNS = (
    Column("youngest age", True, "0"),
    Column("oldest age", True, "17"),
    Column("sexes", False, "F;M"),
    Column("placement types", False, "short_term;long_term"),
    Column("skills", False, "autism"),
    Column("welsh speaking", False, "no"),
)


class _Provider(Kind):
    reference_length = 20
    oldest = 17

    def terms(self, row: RowReader, needs: set[str]) -> dict:
        youngest = row("youngest age", cells.required_number, 0, self.oldest)
        oldest = row("oldest age", cells.required_number, 0, self.oldest)
        if youngest is not None and oldest is not None and youngest > oldest:
            row.report("oldest age", "ages_order")
        return {
            "min_age": youngest,
            "max_age": oldest,
            "sexes": row("sexes", cells.choices_list, SEXES),
            "placement_types": row("placement types", cells.choices_list, PLACEMENT_TYPES),
            "skills": row.needs("skills", needs),
            "welsh_speaking": row("welsh speaking", cells.yes_no),
        }

    def located(self, row: RowReader, directory) -> dict:
        found = row.postcode("postcode", directory)
        return {
            "postcode": found.postcode if found else None,
            "easting": found.easting if found else None,
            "northing": found.northing if found else None,
            "local_authority": found.local_authority if found else None,
        }

    def check(self, table: Table, problems: Problems, today: date) -> list[dict]:
        existing = lookups.provider_references()
        directory = lookups.postcodes(
            values["postcode"] for _n, values in records(table, ["postcode"])
        )
        needs = lookups.active_needs()
        seen: dict[str, int] = {}
        ready = []
        now = utcnow()
        for row in self.rows(table, problems):
            reference = row("reference", cells.reference, self.reference_length)
            row.unique("reference", reference, seen, existing)
            values = {
                "reference": reference,
                **self.own(row, today),
                **self.terms(row, needs),
                **self.located(row, directory),
                "created_at": now,
                "updated_at": now,
            }
            if row.ok:
                ready.append(values)
        return ready

    def own(self, row: RowReader, today: date) -> dict:
        raise NotImplementedError


@register
class Carers(_Provider):
    key = "carers"
    title = _l("In-house foster carers")
    reference_length = 16
    oldest = MAX_AGE
    columns = (
        Column("reference", True, "FC000123"),
        Column("household name", True, "The Evans household"),
        Column("postcode", True, "CF10 1YX"),
        Column("approved on", True, "15/01/2024"),
        Column("places", True, "2"),
        *TERMS_COLUMNS,
        Column("weekly allowance", True, "£325.50"),
    )

    def own(self, row: RowReader, today: date) -> dict:
        approved = row("approved on", cells.required_date, not_after=today)
        return {
            "household_name": row("household name", cells.required_text, 200),
            "approved_on": approved,
            "annual_review_due": annual_review_due(approved) if approved else None,
            "places": row("places", cells.required_number, 1, MAX_PLACES),
            "weekly_allowance_pence": row("weekly allowance", cells.pence),
            "occupied": 0,
            "status": CarerStatus.ACTIVE.value,
        }

    def write(self, rows: list[dict], *, actor: User | None, progress: Progress) -> int:
        bulk_insert(FosterCarer.__table__, rows, progress)
        return len(rows)


@register
class Homes(_Provider):
    key = "homes"
    title = _l("Council children's homes")
    columns = (
        Column("reference", True, "CH00004"),
        Column("name", True, "Tŷ Derw"),
        Column("postcode", True, "CF10 1YX"),
        Column("beds", True, "4"),
        *TERMS_COLUMNS,
        Column("weekly cost", True, "3800.00"),
    )

    def own(self, row: RowReader, today: date) -> dict:
        beds = row("beds", cells.required_number, 1, None)
        if beds is not None and beds > MAX_HOME_BEDS:
            row.report("beds", "home_beds", high=MAX_HOME_BEDS, value=beds)
        return {
            "name": row("name", cells.required_text, 200),
            "beds": beds,
            "occupied": 0,
            "weekly_cost_pence": row("weekly cost", cells.pence),
            "status": ProviderStatus.ACTIVE.value,
        }

    def write(self, rows: list[dict], *, actor: User | None, progress: Progress) -> int:
        bulk_insert(ChildrensHome.__table__, rows, progress)
        return len(rows)


@register
class Agencies(_Provider):
    key = "agencies"
    title = _l("Agencies and private homes")
    columns = (
        Column("reference", True, "AG00017"),
        Column("name", True, "Cwmni Maethu Cymru"),
        Column("kind", True, "ifa"),
        Column("legal form", False, "cio"),
        Column("not for profit", False, "yes"),
        Column("places", False, "12"),
        Column("postcode", True, "CF10 1YX"),
        *TERMS_COLUMNS,
        Column("weekly cost", True, "950"),
    )

    def own(self, row: RowReader, today: date) -> dict:
        return {
            "name": row("name", cells.required_text, 200),
            "kind": row("kind", cells.choice, AGENCY_KINDS),
            "legal_form": self.legal_form(row),
            "places": row("places", cells.whole_number, 0, None),
            "occupied": 0,
            "weekly_cost_pence": row("weekly cost", cells.pence),
            "status": ProviderStatus.ACTIVE.value,
        }

    @staticmethod
    def legal_form(row: RowReader) -> str | None:
        """The legal form given, or from the older yes/no "not for profit" column (yes:
        not-for-profit, legal form to confirm; no or empty: for-profit). A file giving
        both must not contradict itself."""
        form = row("legal form", cells.choice, LEGAL_FORMS, "")
        said = row("not for profit", cells.yes_no)
        if not form:
            if said is None:
                return None
            return (LegalForm.NOT_FOR_PROFIT_TO_CONFIRM if said else LegalForm.FOR_PROFIT).value
        if row.text("not for profit") and said is not None and said != is_not_for_profit(form):
            row.report("not for profit", "legal_form_conflict")
        return form

    def write(self, rows: list[dict], *, actor: User | None, progress: Progress) -> int:
        bulk_insert(Agency.__table__, rows, progress)
        return len(rows)
