"""The code sets of the statutory returns and how today's records map onto them.

The codes are the SSDA903 data dictionary's, as the published validator
(data-to-insight's csc-validator-be-903, ``lac_validator/rules``) checks them; the Welsh
Government's Children Looked After census grew out of the SSDA903 return and keeps its
episode items (see docs/statutory-returns.md for what was found and what was not).
Nothing here guesses: a record that cannot say which code applies maps to ``None``, the
column is left empty, and a validation rule says what is missing.
"""

from __future__ import annotations

from fostering.models.placement import ProviderType

# Header: sex (validator rule 101, from 2024-25) and ethnicity (rule 103).
SEX = ("M", "F", "U")
ETHNIC = (
    "WBRI", "WIRI", "WOTH", "WIRT", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND",
    "APKN", "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT",
)  # fmt: skip

# Episodes. Reason for new episode (rule 143).
RNE = ("S", "P", "L", "T", "U", "B")
RNE_STARTED = "S"  # started to be looked after
RNE_PLACEMENT = "P"  # placement changed, legal status did not
RNE_LEGAL_STATUS = "L"  # legal status changed, placement did not
RNE_BOTH = "B"  # both changed

# Legal status (rule 144).
LS = ("C1", "C2", "D1", "E1", "V2", "V3", "V4", "J1", "J2", "J3", "L1", "L2", "L3")
# Category of need (rule 145).
CIN = ("N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8")
# Placement type (rule 146, the 2025-26 list).
PLACE = (
    "A3", "A4", "A5", "A6", "K1", "K2", "K3", "P1", "P3", "R1", "R2", "R3", "R5", "S1",
    "T0", "T1", "T2", "T3", "T4", "U1", "U2", "U3", "U4", "U5", "U6",
    "Z11", "Z12", "Z13", "Z14",
)  # fmt: skip
TEMPORARY_PLACE = ("T0", "T1", "T2", "T3", "T4")
# Placement types with no provider (rules 178 and 213, 2025-26).
NO_PROVIDER_PLACE = ("T0", "T1", "T2", "T3", "T4", "Z11", "Z12", "Z13", "Z14")
# Placement types that need no Ofsted URN (rule 218, 2025-26).
NO_URN_PLACE = ("P1", "P3", "R1", "R2", "R5", *NO_PROVIDER_PLACE)
# Placement provider (rule 178).
PLACE_PROVIDER = ("PR0", "PR1", "PR2", "PR3", "PR4", "PR5")
# Reason episode ceased (rule 149).
REC = (
    "E11", "E12", "E2", "E3", "E4A", "E4B", "E13", "E41", "E45", "E46", "E47", "E48",
    "E5", "E6", "E7", "E8", "E9", "E14", "E15", "E16", "E17", "X1",
)  # fmt: skip
REC_CONTINUES = "X1"  # the episode ceased and a new one began the same day
# Reason for placement change (rule 1009).
REASON_PLACE_CHANGE = (
    "CARPL", "CLOSE", "ALLEG", "STAND", "APPRR", "CREQB", "CREQO", "CHILD", "LAREQ",
    "PLACE", "CUSTOD", "OTHER",
)  # fmt: skip

EPISODE_COLUMNS = (
    "CHILD",
    "DECOM",
    "RNE",
    "LS",
    "CIN",
    "PLACE",
    "PLACE_PROVIDER",
    "DEC",
    "REC",
    "REASON_PLACE_CHANGE",
    "HOME_POST",
    "PL_POST",
    "URN",
)

# The Welsh census's one sheet: the child and each episode (see the docs for the source).
WALES_COLUMNS = ("CHILD", "SEX", "DOB", "ETHNIC", *EPISODE_COLUMNS[1:], "PL_LA")


def sex_code(sex: str | None) -> str | None:
    """The service's ``F``/``M``/``X`` as the return's ``F``/``M``/``U`` (``X``, another
    gender, is the return's "not known or not stated": the nearest it has)."""
    return {"F": "F", "M": "M", "X": "U"}.get(sex or "")


def place_code(provider_type: str, child_placement_type: str | None) -> str | None:
    """The placement type code for a placement with this kind of provider.

    Foster care is U4 (long term, with a foster carer who is not a connected person) when
    the child's plan is long-term fostering, else U6 (not long term or fostering for
    adoption); the service records no connected-person (kinship) carers, so U1 to U3 are
    never given. A children's home is K2. "Other" providers (supported lodgings, secure
    units) cannot be told apart: no code.
    """
    foster = provider_type in (
        ProviderType.IN_HOUSE_FOSTER.value,
        ProviderType.FOSTERING_AGENCY.value,
    )
    if foster:
        return "U4" if child_placement_type == "long_term" else "U6"
    if provider_type in (ProviderType.COUNCIL_HOME.value, ProviderType.PRIVATE_RESIDENTIAL.value):
        return "K2"
    return None


def provider_code(provider_type: str, not_for_profit: bool) -> str | None:
    """PR1 the council's own provision; PR4 private, PR5 voluntary or third sector."""
    if provider_type in (ProviderType.IN_HOUSE_FOSTER.value, ProviderType.COUNCIL_HOME.value):
        return "PR1"
    if provider_type in (
        ProviderType.FOSTERING_AGENCY.value,
        ProviderType.PRIVATE_RESIDENTIAL.value,
        ProviderType.OTHER.value,
    ):
        return "PR5" if not_for_profit else "PR4"
    return None


def postcode_code(postcode: str | None) -> str | None:
    """A postcode as the return holds it: in capitals with one space (the validator
    checks it against the postcode directory, rule 392c)."""
    text = " ".join((postcode or "").upper().split())
    return text or None


# The child's profile's ethnicity (the 2021 census groups) as the return's codes. "Not
# known or not given" is NOBT (information not yet obtained); an Arab background has no
# code of its own and is OOTH (any other ethnic group).
ETHNICITY = {
    "asian_bangladeshi": "ABAN",
    "asian_chinese": "CHNE",
    "asian_indian": "AIND",
    "asian_pakistani": "APKN",
    "asian_other": "AOTH",
    "black_african": "BAFR",
    "black_caribbean": "BCRB",
    "black_other": "BOTH",
    "mixed_white_asian": "MWAS",
    "mixed_white_black_african": "MWBA",
    "mixed_white_black_caribbean": "MWBC",
    "mixed_other": "MOTH",
    "white_british": "WBRI",
    "white_irish": "WIRI",
    "white_gypsy_traveller": "WIRT",
    "white_roma": "WROM",
    "white_other": "WOTH",
    "other_arab": "OOTH",
    "other": "OOTH",
    "not_known": "NOBT",
}

# Why a placement ended, when the child moved to another placement (REASON_PLACE_CHANGE).
# Only reasons that say which code applies are mapped: "the carer asked" may be CREQB
# (because of the child's behaviour) or CREQO, and "it broke down" may be several, so
# those are left blank for the officer to give (rule 225 lists them).
PLACE_CHANGE_REASON = {
    "planned_move": "CARPL",
    "child_request": "CHILD",
    "allegation": "ALLEG",
    "other": "OTHER",
}


def ethnic_code(ethnicity: str | None) -> str | None:
    return ETHNICITY.get(ethnicity or "")


def place_change_code(end_reason: str | None) -> str | None:
    return PLACE_CHANGE_REASON.get(end_reason or "")


def care_ended_code(end_reason: str | None, planned: bool | None) -> str | None:
    """Why care ended (REC), where the recorded reason says which code applies.

    Returned home is E4A when it was planned (part of the care plan) and E4B when it was
    not; another reason is E8. Adoption (E11 or E12), a special guardianship order (E45
    or E46) and leaving care at 18 (E5, E6, E7 or E17) each need a detail the service does
    not record, so they are left blank for the officer (rule 148 lists them).
    """
    if end_reason == "returned_home" and planned is not None:
        return "E4A" if planned else "E4B"
    if end_reason == "other":
        return "E8"
    return None
