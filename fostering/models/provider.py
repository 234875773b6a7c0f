"""Council children's homes and independent providers (fostering agencies, private homes).

In-house foster carers are ``FosterCarer`` (the recruitment journey's register). Each
provider keeps an ``occupied`` count that the placement service changes in the same
transaction as the placement; check constraints keep it within capacity, so two officers
can never both fill the last place.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Boolean, CheckConstraint, Integer, String
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column

from fostering.extensions import db
from fostering.models.labels import LabelledEnum, labels_for
from fostering.models.types import UTCDateTime, utcnow

MAX_HOME_BEDS = 5


class ProviderStatus(LabelledEnum):
    ACTIVE = "active"
    CLOSED = "closed"


labels_for(ProviderStatus, {ProviderStatus.ACTIVE: _l("Open"), ProviderStatus.CLOSED: _l("Closed")})


class _Located:
    """Postcode and the grid reference copied from the postcode directory when saved."""

    postcode: Mapped[str] = mapped_column(String(8), index=True)
    easting: Mapped[int | None] = mapped_column(Integer, nullable=True)
    northing: Mapped[int | None] = mapped_column(Integer, nullable=True)
    local_authority: Mapped[str | None] = mapped_column(String(9), nullable=True, index=True)


class _Terms:
    """Who a provider can take: the matching model's eligibility fields."""

    min_age: Mapped[int] = mapped_column(Integer, default=0)
    max_age: Mapped[int] = mapped_column(Integer, default=17)
    sexes: Mapped[list[str]] = mapped_column(JSON, default=list)  # empty: any
    placement_types: Mapped[list[str]] = mapped_column(JSON, default=list)  # empty: any
    skills: Mapped[list[str]] = mapped_column(JSON, default=list)  # Need codes
    welsh_speaking: Mapped[bool] = mapped_column(Boolean, default=False)
    # The weekly fee for one child, in whole pence.
    weekly_cost_pence: Mapped[int] = mapped_column(Integer, default=0)


class ChildrensHome(_Located, _Terms, db.Model):
    """A council children's home: in-house, never more than five beds."""

    __tablename__ = "childrens_homes"
    __table_args__ = (
        CheckConstraint(f"beds >= 1 AND beds <= {MAX_HOME_BEDS}", name="ck_homes_beds"),
        CheckConstraint("occupied >= 0 AND occupied <= beds", name="ck_homes_occupied"),
        CheckConstraint("min_age >= 0 AND min_age <= max_age", name="ck_homes_ages"),
        CheckConstraint("weekly_cost_pence >= 0", name="ck_homes_cost"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True, index=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    beds: Mapped[int] = mapped_column(Integer)
    occupied: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(16), default=ProviderStatus.ACTIVE.value)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    @property
    def vacancies(self) -> int:
        return max(self.beds - self.occupied, 0)

    def __repr__(self) -> str:
        return f"<ChildrensHome {self.id} {self.reference}>"


class AgencyKind(LabelledEnum):
    """The kind of independent provider; it fixes the matching ``setting``."""

    FOSTERING_AGENCY = "ifa"  # setting foster
    PRIVATE_HOME = "private_home"  # setting residential
    OTHER = "other"  # supported lodgings, secure units and the like: never matched


labels_for(
    AgencyKind,
    {
        AgencyKind.FOSTERING_AGENCY: _l("Independent fostering agency"),
        AgencyKind.PRIVATE_HOME: _l("Private children's home"),
        AgencyKind.OTHER: _l("Other provider"),
    },
)


class LegalForm(LabelledEnum):
    """An independent provider's legal form, which decides whether it is not-for-profit.

    The Health and Social Care (Wales) Act 2025 (new s.6B of the Regulation and
    Inspection of Social Care (Wales) Act 2016) allows four not-for-profit forms for
    restricted children's services (fostering, children's homes, secure accommodation).
    ``NOT_FOR_PROFIT_TO_CONFIRM`` is where the register's old "not-for-profit: yes" tick
    went: counted as not-for-profit until someone records which of the four it is.
    ``LOCAL_AUTHORITY`` is another council's own provision; it is not-for-profit too.
    """

    CHARITABLE_COMPANY = "charitable_company"
    CIO = "cio"
    CHARITABLE_SOCIETY = "charitable_society"
    CIC = "cic"
    NOT_FOR_PROFIT_TO_CONFIRM = "nfp_to_confirm"
    LOCAL_AUTHORITY = "local_authority"
    FOR_PROFIT = "for_profit"

    @classmethod
    def for_agencies(cls) -> list[LegalForm]:
        """The forms an independent provider may have (not a local authority's)."""
        return [form for form in cls if form is not cls.LOCAL_AUTHORITY]


labels_for(
    LegalForm,
    {
        LegalForm.CHARITABLE_COMPANY: _l("Charitable company limited by guarantee"),
        LegalForm.CIO: _l("Charitable incorporated organisation (CIO)"),
        LegalForm.CHARITABLE_SOCIETY: _l(
            "Charitable registered society (such as a community benefit society)"
        ),
        LegalForm.CIC: _l("Community interest company limited by guarantee"),
        LegalForm.NOT_FOR_PROFIT_TO_CONFIRM: _l("Not-for-profit, legal form to confirm"),
        LegalForm.LOCAL_AUTHORITY: _l("Another local authority"),
        LegalForm.FOR_PROFIT: _l(
            "For-profit (a company limited by shares, a partnership, a sole trader or another form)"
        ),
    },
)

NOT_FOR_PROFIT_FORMS = tuple(form.value for form in LegalForm if form is not LegalForm.FOR_PROFIT)


def is_not_for_profit(legal_form: str | None) -> bool:
    return legal_form in NOT_FOR_PROFIT_FORMS


AGENCY_SETTINGS = {AgencyKind.FOSTERING_AGENCY: "foster", AgencyKind.PRIVATE_HOME: "residential"}


class Agency(_Located, _Terms, db.Model):
    """An independent provider the council buys placements from. Never in-house."""

    __tablename__ = "agencies"
    __table_args__ = (
        CheckConstraint("places IS NULL OR places >= 0", name="ck_agencies_places"),
        CheckConstraint(
            "occupied >= 0 AND (places IS NULL OR occupied <= places)",
            name="ck_agencies_occupied",
        ),
        CheckConstraint("min_age >= 0 AND min_age <= max_age", name="ck_agencies_ages"),
        CheckConstraint("weekly_cost_pence >= 0", name="ck_agencies_cost"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True, index=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    kind: Mapped[str] = mapped_column(String(16), index=True)  # AgencyKind value
    # LegalForm value; whether it is not-for-profit is derived from it (never ticked).
    legal_form: Mapped[str] = mapped_column(String(24), default=LegalForm.FOR_PROFIT.value)
    # Places offered to this council; null means no agreed limit.
    places: Mapped[int | None] = mapped_column(Integer, nullable=True)
    occupied: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(16), default=ProviderStatus.ACTIVE.value)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    @hybrid_property
    def not_for_profit(self) -> bool:
        """Whether its legal form is one the 2025 Act allows (or another council)."""
        return is_not_for_profit(self.legal_form)

    @not_for_profit.inplace.setter
    def _not_for_profit_setter(self, value: bool) -> None:
        # For callers (and files) that only know yes or no: the form is left to confirm.
        self.legal_form = (
            LegalForm.NOT_FOR_PROFIT_TO_CONFIRM.value if value else LegalForm.FOR_PROFIT.value
        )

    @not_for_profit.inplace.expression
    @classmethod
    def _not_for_profit_expression(cls):
        return cls.legal_form.in_(NOT_FOR_PROFIT_FORMS)

    @property
    def legal_form_enum(self) -> LegalForm:
        return LegalForm(self.legal_form)

    @property
    def kind_enum(self) -> AgencyKind:
        return AgencyKind(self.kind)

    @property
    def setting(self) -> str | None:
        return AGENCY_SETTINGS.get(AgencyKind(self.kind))

    @property
    def vacancies(self) -> int | None:
        return None if self.places is None else max(self.places - self.occupied, 0)

    def __repr__(self) -> str:
        return f"<Agency {self.id} {self.reference}>"
