"""Terms of approval: how many children, of what ages and sexes, for which kinds of
placement, with which skills, and whether the household speaks Welsh.

Panel recommends terms and the decision maker sets them; both are kept as a dict (JSON)
with :meth:`Terms.to_dict`, and the carer register holds them as columns.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from fostering.models.carer import MAX_AGE, MAX_PLACES, CarerSkill, ChildSex, PlacementType
from fostering.models.payments import FEE_LEVELS, PaymentKind
from fostering.recruitment.services.casework import CaseworkError
from fostering.recruitment.services.errors import RecruitmentCode

PAYMENT_CHOICES = (
    *(f"{PaymentKind.FEE_PAID.value}:{level}" for level in FEE_LEVELS),
    PaymentKind.SALARIED.value,
    PaymentKind.ALLOWANCE_ONLY.value,
)


def payment_parts(payment: str) -> tuple[PaymentKind, int | None]:
    """``"fee_paid:2"`` → (FEE_PAID, 2); ``"salaried"`` → (SALARIED, None)."""
    kind, _sep, level = payment.partition(":")
    return PaymentKind(kind), int(level) if level else None


@dataclass(frozen=True)
class Terms:
    places: int
    min_age: int
    max_age: int
    sexes: tuple[str, ...] = ()
    placement_types: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()
    welsh_speaking: bool = False
    postcode: str = ""
    weekly_allowance_pence: int = 0
    # How the household will be paid (fostering/payments): "fee_paid:2", "salaried",
    # "allowance_only", or "" to set it later on the carer's payment terms page.
    payment: str = ""

    def __post_init__(self) -> None:
        if not 1 <= self.places <= MAX_PLACES:
            raise CaseworkError(RecruitmentCode.PLACES_RANGE, field="places", most=MAX_PLACES)
        if not (0 <= self.min_age <= MAX_AGE and 0 <= self.max_age <= MAX_AGE):
            raise CaseworkError(RecruitmentCode.AGES, field="min_age", oldest=MAX_AGE)
        if self.min_age > self.max_age:
            raise CaseworkError(RecruitmentCode.AGES_ORDER, field="min_age")
        if not self.placement_types:
            raise CaseworkError(RecruitmentCode.PLACEMENT_TYPE_MISSING, field="placement_types")
        _check_values(self.sexes, ChildSex, "sexes")
        _check_values(self.placement_types, PlacementType, "placement_types")
        _check_values(self.skills, CarerSkill, "skills")
        if self.weekly_allowance_pence < 0:
            raise CaseworkError(RecruitmentCode.ALLOWANCE_NEGATIVE, field="weekly_allowance")
        if self.payment and self.payment not in PAYMENT_CHOICES:
            raise CaseworkError(RecruitmentCode.NOT_AN_OPTION, field="payment")

    def to_dict(self) -> dict:
        data = asdict(self)
        for name in ("sexes", "placement_types", "skills"):
            data[name] = list(data[name])
        return data

    @classmethod
    def from_dict(cls, data: dict) -> Terms:
        return cls(
            places=int(data["places"]),
            min_age=int(data["min_age"]),
            max_age=int(data["max_age"]),
            sexes=tuple(data.get("sexes") or ()),
            placement_types=tuple(data.get("placement_types") or ()),
            skills=tuple(data.get("skills") or ()),
            welsh_speaking=bool(data.get("welsh_speaking")),
            postcode=str(data.get("postcode") or ""),
            weekly_allowance_pence=int(data.get("weekly_allowance_pence") or 0),
            payment=str(data.get("payment") or ""),
        )

    @property
    def sex_labels(self) -> list[str]:
        return [ChildSex(value).label for value in self.sexes]

    @property
    def placement_type_labels(self) -> list[str]:
        return [PlacementType(value).label for value in self.placement_types]

    @property
    def skill_labels(self) -> list[str]:
        return [CarerSkill(value).label for value in self.skills]


def _check_values(values, enum, name: str) -> None:
    allowed = {member.value for member in enum}
    if len(set(values)) != len(values) or not set(values) <= allowed:
        raise CaseworkError(RecruitmentCode.NOT_AN_OPTION, field=name)
