"""The provider register: in-house carers, council children's homes and independent providers.

One searchable list spans the three tables (a ``UNION ALL`` of the same columns), so
search, filters and paging happen in SQL. Homes and agencies are added and changed here;
carers' terms are set by approval in recruitment, so here a carer only gets its grid
reference filled in from the postcode directory when it is missing.

Capacity is guarded twice: a home never has more than five beds, and a home's beds or an
agency's places are never lowered below the children living there. The lowering is a
conditional ``UPDATE ... WHERE occupied <= new``, so a placement made at the same moment
cannot slip under it; the check constraints on the tables are the backstop.

Every function that changes something does it in one transaction
(``services.transactions``) with an audit record.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, literal, null, or_, select, true, union_all
from sqlalchemy import update as sql_update

from fostering.extensions import db
from fostering.models import Agency, ChildrensHome, FosterCarer, Placement, User
from fostering.models.carer import CarerStatus, ChildSex, PlacementType
from fostering.models.child import ChildStatus
from fostering.models.placement import EndReason
from fostering.models.provider import MAX_HOME_BEDS, AgencyKind, ProviderStatus
from fostering.payments.services import rates as payment_rates
from fostering.placements.services import placements
from fostering.placements.services.errors import PlacementCode, PlacementsError
from fostering.services import audit, postcodes
from fostering.services.references import random_reference
from fostering.services.transactions import transactional
from fostering.web.pagination import Page

Provider = FosterCarer | ChildrensHome | Agency
MAX_AGE = 17
HOME_PREFIX = "CH"
AGENCY_PREFIX = "AG"


class ProviderError(PlacementsError):
    """A change to a provider that cannot be made; ``field`` names the form input."""


class Kind(StrEnum):
    """The register's three kinds of provider (and the URL segment for each)."""

    CARER = "carer"
    HOME = "home"
    AGENCY = "agency"


KIND_LABELS = {
    Kind.CARER: _l("In-house foster carer"),
    Kind.HOME: _l("Council children's home"),
    Kind.AGENCY: _l("Independent provider"),
}
MODELS: dict[Kind, type] = {Kind.CARER: FosterCarer, Kind.HOME: ChildrensHome, Kind.AGENCY: Agency}


def kind_of(provider: Provider) -> Kind:
    if isinstance(provider, FosterCarer):
        return Kind.CARER
    if isinstance(provider, ChildrensHome):
        return Kind.HOME
    return Kind.AGENCY


def get_provider(kind: Kind, ident: int) -> Provider | None:
    return db.session.get(MODELS[kind], ident)


# --- The register -------------------------------------------------------------------


class Only(StrEnum):
    """The register's "show only" filters."""

    VACANCIES = "vacancies"
    OUT_OF_COUNTY = "out_of_county"
    WELSH = "welsh"
    NOT_FOR_PROFIT = "not_for_profit"


ONLY_LABELS = {
    Only.VACANCIES: _l("With a vacancy"),
    Only.OUT_OF_COUNTY: _l("Out of county"),
    Only.WELSH: _l("Welsh speaking"),
    Only.NOT_FOR_PROFIT: _l("Council or not-for-profit"),
}


@dataclass(frozen=True)
class RegisterQuery:
    text: str = ""
    kind: str = ""  # a Kind value, or "" for all
    only: frozenset[str] = field(default_factory=frozenset)  # Only values


@dataclass(frozen=True)
class RegisterRow:
    """One provider as the register lists it."""

    kind: Kind
    id: int
    reference: str
    name: str
    postcode: str
    agency_kind: str | None
    capacity: int | None  # places or beds; None: no agreed limit
    occupied: int
    weekly_cost_pence: int
    local_authority: str | None
    welsh_speaking: bool
    not_for_profit: bool
    status: str

    @property
    def vacancies(self) -> int | None:
        if self.capacity is None:
            return None
        return max(self.capacity - self.occupied, 0)

    @property
    def out_of_county(self) -> bool:
        return placements.is_out_of_county(self.local_authority)

    @property
    def kind_label(self) -> str:
        if self.agency_kind:
            return AgencyKind(self.agency_kind).label
        return str(KIND_LABELS[self.kind])

    @property
    def is_open(self) -> bool:
        return self.status == ProviderStatus.ACTIVE.value  # carers' "active" is the same

    @property
    def status_label(self) -> str:
        if self.kind is Kind.CARER:
            return CarerStatus(self.status).label
        return ProviderStatus(self.status).label


def _rows_statement() -> Select:
    carers = select(
        literal(Kind.CARER.value).label("kind"),
        FosterCarer.id,
        FosterCarer.reference,
        FosterCarer.household_name.label("name"),
        FosterCarer.postcode,
        null().label("agency_kind"),
        FosterCarer.places.label("capacity"),
        FosterCarer.occupied,
        FosterCarer.weekly_allowance_pence.label("weekly_cost_pence"),
        FosterCarer.local_authority,
        FosterCarer.welsh_speaking,
        true().label("not_for_profit"),
        FosterCarer.status,
    )
    homes = select(
        literal(Kind.HOME.value),
        ChildrensHome.id,
        ChildrensHome.reference,
        ChildrensHome.name,
        ChildrensHome.postcode,
        null(),
        ChildrensHome.beds,
        ChildrensHome.occupied,
        ChildrensHome.weekly_cost_pence,
        ChildrensHome.local_authority,
        ChildrensHome.welsh_speaking,
        true(),
        ChildrensHome.status,
    )
    agencies = select(
        literal(Kind.AGENCY.value),
        Agency.id,
        Agency.reference,
        Agency.name,
        Agency.postcode,
        Agency.kind,
        Agency.places,
        Agency.occupied,
        Agency.weekly_cost_pence,
        Agency.local_authority,
        Agency.welsh_speaking,
        Agency.not_for_profit,
        Agency.status,
    )
    return union_all(carers, homes, agencies)


def register_statement(query: RegisterQuery) -> Select:
    """The register's rows for ``query``, by name; paged by :func:`register_page`."""
    rows = _rows_statement().subquery("providers")
    stmt = select(rows)
    if query.text:
        text = query.text.strip()
        compact = text.replace(" ", "").upper()
        stmt = stmt.where(
            or_(
                func.lower(rows.c.name).like(f"%{text.lower()}%"),
                func.upper(rows.c.reference) == text.upper(),
                func.replace(rows.c.postcode, " ", "").like(f"{compact}%"),
            )
        )
    if query.kind:
        stmt = stmt.where(rows.c.kind == query.kind)
    if Only.VACANCIES in query.only:
        stmt = stmt.where(
            rows.c.status == ProviderStatus.ACTIVE.value,
            or_(rows.c.capacity.is_(None), rows.c.occupied < rows.c.capacity),
        )
    if Only.OUT_OF_COUNTY in query.only:
        council = current_app.config["COUNCIL_LA_CODE"]
        stmt = stmt.where(rows.c.local_authority.is_not(None), rows.c.local_authority != council)
    if Only.WELSH in query.only:
        stmt = stmt.where(rows.c.welsh_speaking == true())
    if Only.NOT_FOR_PROFIT in query.only:
        stmt = stmt.where(rows.c.not_for_profit == true())
    return stmt.order_by(func.lower(rows.c.name), rows.c.kind, rows.c.id)


def register_page(query: RegisterQuery, *, page: int, per_page: int = 25) -> Page:
    stmt = register_statement(query)
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    pages = max(1, -(-(total or 0) // per_page))
    page = min(max(page, 1), pages)
    result = db.session.execute(stmt.limit(per_page).offset((page - 1) * per_page))
    items = [RegisterRow(**{**row._asdict(), "kind": Kind(row.kind)}) for row in result.all()]
    return Page(items=_carers_priced(items), page=page, per_page=per_page, total=total or 0)


def _carers_priced(items: list[RegisterRow]) -> list[RegisterRow]:
    """Carers' weekly cost as matching prices them, from the payment tables."""
    ids = [item.id for item in items if item.kind is Kind.CARER]
    if not ids:
        return items
    carers = list(db.session.scalars(select(FosterCarer).where(FosterCarer.id.in_(ids))))
    costs = payment_rates.carer_weekly_costs(carers, date.today())
    return [
        replace(item, weekly_cost_pence=costs[item.id]) if item.kind is Kind.CARER else item
        for item in items
    ]


# --- Homes and agencies ---------------------------------------------------------------


@dataclass(frozen=True)
class Location:
    postcode: str
    easting: int | None = None
    northing: int | None = None
    local_authority: str | None = None


@dataclass(frozen=True)
class Terms:
    """Who a home or agency takes, and its weekly fee for one child."""

    min_age: int = 0
    max_age: int = MAX_AGE
    sexes: tuple[str, ...] = ()
    placement_types: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()
    welsh_speaking: bool = False
    weekly_cost_pence: int = 0

    def check(self) -> None:
        if not (0 <= self.min_age <= MAX_AGE and 0 <= self.max_age <= MAX_AGE):
            raise ProviderError(PlacementCode.AGES, field="min_age", oldest=MAX_AGE)
        if self.min_age > self.max_age:
            raise ProviderError(PlacementCode.AGES_ORDER, field="min_age")
        if self.weekly_cost_pence < 0:
            raise ProviderError(PlacementCode.WEEKLY_COST, field="weekly_cost")


@dataclass(frozen=True)
class HomeDetails:
    name: str
    location: Location
    beds: int
    terms: Terms


@dataclass(frozen=True)
class AgencyDetails:
    name: str
    kind: str  # AgencyKind value
    legal_form: str  # LegalForm value: whether it is not-for-profit follows from it
    places: int | None  # None: no agreed limit
    location: Location
    terms: Terms


def _new_reference(prefix: str) -> str:
    """A reference unused by any carer, home or agency (imports need them unique)."""
    for _ in range(20):
        reference = random_reference(prefix)
        taken = any(
            db.session.scalar(select(model.id).where(func.upper(model.reference) == reference))
            for model in MODELS.values()
        )
        if not taken:
            return reference
    raise RuntimeError("could not find an unused provider reference")


def _check_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise ProviderError(PlacementCode.NAME_MISSING, field="name")
    if len(name) > 200:
        raise ProviderError(PlacementCode.NAME_TOO_LONG, field="name")
    return name


def _check_beds(beds: int) -> None:
    if beds > MAX_HOME_BEDS:
        raise ProviderError(PlacementCode.TOO_MANY_BEDS, field="beds", most=MAX_HOME_BEDS)
    if beds < 1:
        raise ProviderError(PlacementCode.TOO_FEW_BEDS, field="beds")


def _check_places(places: int | None) -> None:
    if places is not None and places < 0:
        raise ProviderError(PlacementCode.PLACES, field="places")


def _apply(provider: ChildrensHome | Agency, location: Location, terms: Terms) -> None:
    provider.postcode = location.postcode
    provider.easting = location.easting
    provider.northing = location.northing
    provider.local_authority = location.local_authority
    provider.min_age = terms.min_age
    provider.max_age = terms.max_age
    provider.sexes = list(terms.sexes)
    provider.placement_types = list(terms.placement_types)
    provider.skills = list(terms.skills)
    provider.welsh_speaking = terms.welsh_speaking
    provider.weekly_cost_pence = terms.weekly_cost_pence


def _set_capacity(provider: ChildrensHome | Agency, capacity: int | None) -> None:
    """Change beds or places, never below the children living there (checked in the UPDATE)."""
    model = type(provider)
    column = ChildrensHome.beds if model is ChildrensHome else Agency.places
    current = provider.beds if model is ChildrensHome else provider.places
    if capacity == current:
        return
    room = true() if capacity is None else model.occupied <= capacity
    result = db.session.execute(
        sql_update(model)
        .where(model.id == provider.id, room)
        .values({column.key: capacity})
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.refresh(provider, ["occupied"])
        if model is ChildrensHome:
            raise ProviderError(
                PlacementCode.BEDS_UNDER_CHILDREN, field="beds", count=provider.occupied
            )
        raise ProviderError(
            PlacementCode.PLACES_UNDER_CHILDREN, field="places", count=provider.occupied
        )
    db.session.refresh(provider, [column.key])


def _checked_home(details: HomeDetails) -> str:
    """The home's name, once everything about it has been checked."""
    name = _check_name(details.name)
    _check_beds(details.beds)
    details.terms.check()
    return name


def _checked_agency(details: AgencyDetails) -> str:
    name = _check_name(details.name)
    AgencyKind(details.kind)
    _check_places(details.places)
    details.terms.check()
    return name


@transactional
def _add(
    provider: ChildrensHome | Agency, details: HomeDetails | AgencyDetails, action: str, actor
) -> Provider:
    provider.occupied = 0
    provider.status = ProviderStatus.ACTIVE.value
    _apply(provider, details.location, details.terms)
    db.session.add(provider)
    db.session.flush()
    audit.record(actor, action, provider)
    return provider


@transactional
def _update(
    provider: ChildrensHome | Agency,
    capacity: int | None,
    changes: dict,
    details: HomeDetails | AgencyDetails,
    action: str,
    actor: User | None,
) -> Provider:
    """Set capacity first (it may be refused), then the rest; audited."""
    _set_capacity(provider, capacity)
    for name, value in changes.items():
        setattr(provider, name, value)
    _apply(provider, details.location, details.terms)
    db.session.flush()
    audit.record(actor, action, provider)
    return provider


def add_home(details: HomeDetails, *, actor: User | None) -> Provider:
    name = _checked_home(details)
    home = ChildrensHome(reference=_new_reference(HOME_PREFIX), name=name, beds=details.beds)
    return _add(home, details, "home_added", actor)


def update_home(home: ChildrensHome, details: HomeDetails, *, actor: User | None) -> Provider:
    name = _checked_home(details)
    return _update(home, details.beds, {"name": name}, details, "home_updated", actor)


def add_agency(details: AgencyDetails, *, actor: User | None) -> Provider:
    agency = Agency(
        reference=_new_reference(AGENCY_PREFIX),
        name=_checked_agency(details),
        kind=details.kind,
        legal_form=details.legal_form,
        places=details.places,
    )
    return _add(agency, details, "agency_added", actor)


def update_agency(agency: Agency, details: AgencyDetails, *, actor: User | None) -> Provider:
    changes = {
        "name": _checked_agency(details),
        "kind": details.kind,
        "legal_form": details.legal_form,
    }
    return _update(agency, details.places, changes, details, "agency_updated", actor)


@transactional
def set_open(provider: ChildrensHome | Agency, *, open_: bool, actor: User | None) -> None:
    """Close a home or agency to new placements, or reopen it.

    A provider with children living there cannot close: end their placements first.
    """
    kind = kind_of(provider)
    if not open_ and provider.occupied > 0:
        raise ProviderError(PlacementCode.CLOSE_WITH_CHILDREN)
    wanted = ProviderStatus.ACTIVE.value if open_ else ProviderStatus.CLOSED.value
    if provider.status == wanted:
        return
    provider.status = wanted
    action = "reopened" if open_ else "closed"
    audit.record(actor, f"{kind.value}_{action}", provider)


# --- Carers ---------------------------------------------------------------------------


def locate_carer(carer: FosterCarer) -> bool:
    """Fill a carer's grid reference from the directory when it is missing.

    Carers approved before grid references were kept have a postcode but no easting.
    Joins the caller's transaction; True when something was filled in.
    """
    if carer.easting is not None or not carer.postcode:
        return False
    row = postcodes.lookup(carer.postcode)
    if row is None:
        return False
    carer.easting = row.easting
    carer.northing = row.northing
    carer.local_authority = row.local_authority
    return True


@transactional
def view_carer(carer: FosterCarer, *, actor: User) -> FosterCarer:
    """A placement officer's look at a carer: audited, and the grid reference filled in."""
    locate_carer(carer)
    audit.record(actor, "viewed", carer)
    return carer


# --- A provider's placements ----------------------------------------------------------


def _provider_column(provider: Provider):
    return {
        Kind.CARER: Placement.carer_id,
        Kind.HOME: Placement.home_id,
        Kind.AGENCY: Placement.agency_id,
    }[kind_of(provider)]


def current_placements(provider: Provider) -> list[Placement]:
    """Placements with no end date, oldest first."""
    return list(
        db.session.scalars(
            select(Placement)
            .where(_provider_column(provider) == provider.id, Placement.end_date.is_(None))
            .order_by(Placement.start_date, Placement.id)
        )
    )


def capacity_of(provider: Provider) -> int | None:
    if isinstance(provider, ChildrensHome):
        return provider.beds
    return provider.places


def out_of_county(provider: Provider) -> bool:
    return placements.is_out_of_county(provider.local_authority)


# Where a child goes when their placement ends.
AFTER_ENDING = {
    ChildStatus.AWAITING.value: ChildStatus.AWAITING,
    ChildStatus.CLOSED.value: ChildStatus.CLOSED,
}


def end_placement(
    placement: Placement,
    *,
    end_date: date,
    child_status: str,
    actor: User | None,
    reason: EndReason | None = None,
    planned: bool | None = None,
) -> None:
    """End a current placement from its provider's page; the place becomes free."""
    if child_status not in AFTER_ENDING:
        raise ProviderError(PlacementCode.CHILD_NEXT_MISSING, field="child_status")
    try:
        placements.end_placement(
            placement,
            end_date=end_date,
            actor=actor,
            child_status=AFTER_ENDING[child_status],
            reason=reason,
            planned=planned,
        )
    except placements.PlacementError as error:
        raise ProviderError(error.code, field="end_date", **error.params) from None


def change_rate(
    placement: Placement, *, effective_from: date, weekly_cost_pence: int, actor: User | None
) -> None:
    """A new weekly cost from a date: a new rate row, earlier ones untouched."""
    try:
        placements.change_rate(
            placement,
            effective_from=effective_from,
            weekly_cost_pence=weekly_cost_pence,
            actor=actor,
        )
    except placements.PlacementError as error:
        # The form asks for a weekly cost, so a clash of dates is worded as one.
        code = _ON_THE_FORM.get(error.code, error.code)
        raise ProviderError(code, field=error.field, **error.params) from None


_ON_THE_FORM = {PlacementCode.RATE_DATE_TAKEN: PlacementCode.COST_DATE_TAKEN}


def describe(provider: Provider) -> dict:
    """What a provider's page shows beside the record itself, the same for every kind."""
    kind = kind_of(provider)
    if kind is Kind.CARER:
        status_label = CarerStatus(provider.status).label
        # One weekly cost per carer, as matching prices them (the payment tables).
        weekly = payment_rates.carer_weekly_costs([provider], date.today())[provider.id]
    else:
        status_label = ProviderStatus(provider.status).label
        weekly = provider.weekly_cost_pence
    if kind is Kind.AGENCY:
        kind_label = AgencyKind(provider.kind).label
    else:
        kind_label = str(KIND_LABELS[kind])
    return {
        "kind": kind,
        "kind_label": kind_label,
        "status_label": status_label,
        "weekly_cost_pence": weekly,
        "capacity": capacity_of(provider),
        "out_of_county": out_of_county(provider),
        "sex_labels": [ChildSex(value).label for value in provider.sexes or []],
        "type_labels": [PlacementType(value).label for value in provider.placement_types or []],
    }
