"""The whole child: who they are, their legal status over time, and the contact they keep.

Following the SocialCareData placements standard (its placement requirements and risk
domains) and the Social Services and Well-being (Wales) Act 2014 s.78 (a child's
religion, race, culture and language). Each list is a code kept in the database and a
translated label for pages. Ethnicity and religion are the 2021 census categories for
England and Wales; legal statuses are the codes of the Children Looked After census
(and SSDA903), with the Wales Act's section 76 for accommodation.
"""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from fostering.extensions import db
from fostering.models.labels import LabelledEnum, labels_for
from fostering.models.types import UTCDateTime, utcnow


class LegalStatus(LabelledEnum):
    INTERIM_CARE_ORDER = "C1"
    CARE_ORDER = "C2"
    ACCOMMODATED = "V2"
    SHORT_BREAK = "V3"
    SHORT_BREAKS = "V4"
    PLACEMENT_ORDER = "E1"
    POLICE_PROTECTION = "L1"
    EMERGENCY_PROTECTION = "L2"
    ASSESSMENT_ORDER = "L3"
    REMANDED = "J1"
    PACE_DETAINED = "J2"
    YOUTH_REHABILITATION = "J3"


labels_for(
    LegalStatus,
    {
        LegalStatus.INTERIM_CARE_ORDER: _l("Interim care order (Children Act 1989 s.38)"),
        LegalStatus.CARE_ORDER: _l("Care order (Children Act 1989 s.31)"),
        LegalStatus.ACCOMMODATED: _l("Accommodated under the 2014 Act s.76"),
        LegalStatus.SHORT_BREAK: _l("Accommodated under s.76: a single short break"),
        LegalStatus.SHORT_BREAKS: _l("Accommodated under s.76: a series of short breaks"),
        LegalStatus.PLACEMENT_ORDER: _l("Placement order for adoption"),
        LegalStatus.POLICE_PROTECTION: _l("Police protection"),
        LegalStatus.EMERGENCY_PROTECTION: _l("Emergency protection order"),
        LegalStatus.ASSESSMENT_ORDER: _l("Child assessment order"),
        LegalStatus.REMANDED: _l("Remanded to local authority accommodation"),
        LegalStatus.PACE_DETAINED: _l("Detained in local authority accommodation under PACE"),
        LegalStatus.YOUTH_REHABILITATION: _l(
            "Youth rehabilitation order with a residence requirement"
        ),
    },
)


class Ethnicity(LabelledEnum):
    ASIAN_BANGLADESHI = "asian_bangladeshi"
    ASIAN_CHINESE = "asian_chinese"
    ASIAN_INDIAN = "asian_indian"
    ASIAN_PAKISTANI = "asian_pakistani"
    ASIAN_OTHER = "asian_other"
    BLACK_AFRICAN = "black_african"
    BLACK_CARIBBEAN = "black_caribbean"
    BLACK_OTHER = "black_other"
    MIXED_WHITE_ASIAN = "mixed_white_asian"
    MIXED_WHITE_BLACK_AFRICAN = "mixed_white_black_african"
    MIXED_WHITE_BLACK_CARIBBEAN = "mixed_white_black_caribbean"
    MIXED_OTHER = "mixed_other"
    WHITE_BRITISH = "white_british"
    WHITE_IRISH = "white_irish"
    WHITE_GYPSY_TRAVELLER = "white_gypsy_traveller"
    WHITE_ROMA = "white_roma"
    WHITE_OTHER = "white_other"
    OTHER_ARAB = "other_arab"
    OTHER = "other"
    NOT_KNOWN = "not_known"


labels_for(
    Ethnicity,
    {
        Ethnicity.ASIAN_BANGLADESHI: _l("Asian, Asian Welsh or Asian British: Bangladeshi"),
        Ethnicity.ASIAN_CHINESE: _l("Asian, Asian Welsh or Asian British: Chinese"),
        Ethnicity.ASIAN_INDIAN: _l("Asian, Asian Welsh or Asian British: Indian"),
        Ethnicity.ASIAN_PAKISTANI: _l("Asian, Asian Welsh or Asian British: Pakistani"),
        Ethnicity.ASIAN_OTHER: _l("Asian, Asian Welsh or Asian British: another Asian background"),
        Ethnicity.BLACK_AFRICAN: _l(
            "Black, Black Welsh, Black British, Caribbean or African: African"
        ),
        Ethnicity.BLACK_CARIBBEAN: _l(
            "Black, Black Welsh, Black British, Caribbean or African: Caribbean"
        ),
        Ethnicity.BLACK_OTHER: _l(
            "Black, Black Welsh, Black British, Caribbean or African: another Black background"
        ),
        Ethnicity.MIXED_WHITE_ASIAN: _l("Mixed or Multiple ethnic groups: White and Asian"),
        Ethnicity.MIXED_WHITE_BLACK_AFRICAN: _l(
            "Mixed or Multiple ethnic groups: White and Black African"
        ),
        Ethnicity.MIXED_WHITE_BLACK_CARIBBEAN: _l(
            "Mixed or Multiple ethnic groups: White and Black Caribbean"
        ),
        Ethnicity.MIXED_OTHER: _l("Mixed or Multiple ethnic groups: another background"),
        Ethnicity.WHITE_BRITISH: _l("White: Welsh, English, Scottish, Northern Irish or British"),
        Ethnicity.WHITE_IRISH: _l("White: Irish"),
        Ethnicity.WHITE_GYPSY_TRAVELLER: _l("White: Gypsy or Irish Traveller"),
        Ethnicity.WHITE_ROMA: _l("White: Roma"),
        Ethnicity.WHITE_OTHER: _l("White: another White background"),
        Ethnicity.OTHER_ARAB: _l("Another ethnic group: Arab"),
        Ethnicity.OTHER: _l("Another ethnic group: any other"),
        Ethnicity.NOT_KNOWN: _l("Not known or not given"),
    },
)


class Religion(LabelledEnum):
    NONE = "none"
    CHRISTIAN = "christian"
    BUDDHIST = "buddhist"
    HINDU = "hindu"
    JEWISH = "jewish"
    MUSLIM = "muslim"
    SIKH = "sikh"
    OTHER = "other"
    NOT_KNOWN = "not_known"


labels_for(
    Religion,
    {
        Religion.NONE: _l("No religion"),
        Religion.CHRISTIAN: _l("Christian (all denominations)"),
        Religion.BUDDHIST: _l("Buddhist"),
        Religion.HINDU: _l("Hindu"),
        Religion.JEWISH: _l("Jewish"),
        Religion.MUSLIM: _l("Muslim"),
        Religion.SIKH: _l("Sikh"),
        Religion.OTHER: _l("Another religion"),
        Religion.NOT_KNOWN: _l("Not known or not given"),
    },
)


class Communication(LabelledEnum):
    """The standard's specific communication and language requirements (Welsh is kept in
    ``Child.welsh_speaking``, which matching uses)."""

    BSL = "bsl"
    MAKATON = "makaton"
    ENGLISH_ADDITIONAL = "esol"


labels_for(
    Communication,
    {
        Communication.BSL: _l("British Sign Language (BSL)"),
        Communication.MAKATON: _l("Makaton"),
        Communication.ENGLISH_ADDITIONAL: _l("English as an additional language"),
    },
)


class LearningNeeds(LabelledEnum):
    """Additional learning needs under the ALN and Education Tribunal (Wales) Act 2018."""

    NONE = "none"
    SCHOOL_IDP = "school_idp"
    AUTHORITY_IDP = "authority_idp"
    BEING_ASSESSED = "being_assessed"


labels_for(
    LearningNeeds,
    {
        LearningNeeds.NONE: _l("No additional learning needs"),
        LearningNeeds.SCHOOL_IDP: _l("Additional learning needs: school's development plan"),
        LearningNeeds.AUTHORITY_IDP: _l(
            "Additional learning needs: local authority's development plan"
        ),
        LearningNeeds.BEING_ASSESSED: _l("Being assessed for additional learning needs"),
    },
)


class Risk(LabelledEnum):
    """The standard's risk domains: to the child, and to others or property."""

    SELF_HARM = "self_harm"
    SEXUAL_EXPLOITATION = "sexual_exploitation"
    CRIMINAL_EXPLOITATION = "criminal_exploitation"
    DRUGS_ALCOHOL = "drugs_alcohol"
    EATING_DISORDER = "eating_disorder"
    GOING_MISSING = "going_missing"
    PHYSICAL_HARM = "physical_harm"
    SEXUAL_HARM = "sexual_harm"
    FIRE_SETTING = "fire_setting"
    HARM_TO_ANIMALS = "harm_to_animals"
    EXPLOITING_OTHERS = "exploiting_others"


RISKS_TO_SELF = (
    Risk.SELF_HARM,
    Risk.SEXUAL_EXPLOITATION,
    Risk.CRIMINAL_EXPLOITATION,
    Risk.DRUGS_ALCOHOL,
    Risk.EATING_DISORDER,
    Risk.GOING_MISSING,
)
RISKS_TO_OTHERS = (
    Risk.PHYSICAL_HARM,
    Risk.SEXUAL_HARM,
    Risk.FIRE_SETTING,
    Risk.HARM_TO_ANIMALS,
    Risk.EXPLOITING_OTHERS,
)

labels_for(
    Risk,
    {
        Risk.SELF_HARM: _l("Self-harm"),
        Risk.SEXUAL_EXPLOITATION: _l("Sexual exploitation"),
        Risk.CRIMINAL_EXPLOITATION: _l("Criminal exploitation"),
        Risk.DRUGS_ALCOHOL: _l("Drug and alcohol use"),
        Risk.EATING_DISORDER: _l("Eating disorder"),
        Risk.GOING_MISSING: _l("Going missing"),
        Risk.PHYSICAL_HARM: _l("Physical harm to others"),
        Risk.SEXUAL_HARM: _l("Sexual harm to others"),
        Risk.FIRE_SETTING: _l("Fire-setting"),
        Risk.HARM_TO_ANIMALS: _l("Harm to animals"),
        Risk.EXPLOITING_OTHERS: _l("Drawing others into criminal exploitation"),
    },
)


class Pets(LabelledEnum):
    """The standard's "Can the child live with pets or animals?"."""

    MUST = "must"
    CAN = "can"
    NO = "no"
    NOT_KNOWN = "not_known"


labels_for(
    Pets,
    {
        Pets.MUST: _l("Yes, the child needs to live with a pet"),
        Pets.CAN: _l("Yes, the child can live with pets"),
        Pets.NO: _l("No, the child cannot live with pets"),
        Pets.NOT_KNOWN: _l("Not known"),
    },
)


class Alongside(LabelledEnum):
    """The standard's "Who can the child be cared for alongside?"."""

    SOLO = "solo"
    WITH_OTHERS = "with_others"
    OLDER_ONLY = "older_only"
    YOUNGER_ONLY = "younger_only"
    NO_PREFERENCE = "no_preference"


labels_for(
    Alongside,
    {
        Alongside.SOLO: _l("The only child in the home"),
        Alongside.WITH_OTHERS: _l("With other children"),
        Alongside.OLDER_ONLY: _l("Only with older children"),
        Alongside.YOUNGER_ONLY: _l("Only with younger children"),
        Alongside.NO_PREFERENCE: _l("No preference"),
    },
)


class ContactFrequency(LabelledEnum):
    DAILY = "daily"
    FEW_TIMES_A_WEEK = "few_weekly"
    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"
    MONTHLY = "monthly"
    LESS_OFTEN = "less_often"


labels_for(
    ContactFrequency,
    {
        ContactFrequency.DAILY: _l("Every day"),
        ContactFrequency.FEW_TIMES_A_WEEK: _l("A few times a week"),
        ContactFrequency.WEEKLY: _l("Every week"),
        ContactFrequency.FORTNIGHTLY: _l("Every two weeks"),
        ContactFrequency.MONTHLY: _l("Every month"),
        ContactFrequency.LESS_OFTEN: _l("Less often than monthly"),
    },
)


class LegalStatusPeriod(db.Model):
    """One legal status from ``start_date`` until ``end_date`` (None: still current).

    A child's periods follow each other: recording a new status ends the current one the
    day before the new one starts.
    """

    __tablename__ = "child_legal_statuses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(4))  # LegalStatus value
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def label(self) -> str:
        return LegalStatus(self.code).label


class ContactArrangement(db.Model):
    """Who the child sees, where and how often (family time and other contact)."""

    __tablename__ = "child_contacts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id", ondelete="CASCADE"), index=True)
    who: Mapped[str] = mapped_column(String(100))
    place: Mapped[str] = mapped_column(String(100))
    frequency: Mapped[str] = mapped_column(String(16))  # ContactFrequency value
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
