"""Tables behind the instance generator: sizes, Welsh towns and the rates it draws from."""

from __future__ import annotations

import numpy as np

SIZES = {  # children, carers, homes, agencies
    "S": (60, 400, 5, 25),
    "M": (1_500, 4_000, 60, 40),
    "L": (10_000, 30_000, 500, 100),
    "XL": (40_000, 100_000, 1_500, 200),
}

# name: OS grid easting, northing, relative population, share of Welsh speakers
TOWNS = {
    "Cardiff": (318000, 176000, 36, 0.11),
    "Swansea": (265500, 193000, 24, 0.11),
    "Newport": (331000, 188000, 15, 0.09),
    "Wrexham": (333000, 350000, 6.5, 0.13),
    "Barry": (311500, 168000, 5.5, 0.10),
    "Bridgend": (290500, 180000, 5, 0.10),
    "Neath": (275500, 197500, 5, 0.15),
    "Merthyr Tydfil": (305000, 206000, 4.5, 0.10),
    "Cwmbran": (329500, 195500, 4.5, 0.09),
    "Llanelli": (250500, 200500, 5, 0.30),
    "Caerphilly": (315500, 187000, 4, 0.11),
    "Port Talbot": (276500, 190000, 3.5, 0.12),
    "Pontypridd": (307000, 190000, 3.3, 0.13),
    "Rhyl": (301000, 381000, 2.6, 0.15),
    "Llandudno": (278000, 382000, 2, 0.20),
    "Ebbw Vale": (316500, 209000, 1.8, 0.09),
    "Bangor": (258000, 372000, 1.8, 0.55),
    "Aberystwyth": (258500, 281500, 1.9, 0.45),
    "Carmarthen": (241500, 220000, 1.6, 0.45),
    "Haverfordwest": (195500, 215500, 1.4, 0.20),
    "Abergavenny": (330000, 214000, 1.3, 0.10),
    "Newtown": (310500, 291500, 1.1, 0.15),
    "Mold": (323500, 364000, 1, 0.20),
    "Holyhead": (224500, 382500, 1.2, 0.50),
    "Caernarfon": (248000, 362500, 1, 0.85),
    "Brecon": (304500, 228500, 0.8, 0.20),
    "Pwllheli": (237500, 335000, 0.4, 0.75),
    "Llangefni": (245800, 375800, 0.5, 0.80),
    "Cardigan": (217500, 246000, 0.4, 0.55),
    "Llandrindod Wells": (306000, 261000, 0.5, 0.15),
}
# agencies out of county: English border towns and cities beyond
AWAY = {
    "Chester": (340500, 366000),
    "Shrewsbury": (349000, 312500),
    "Hereford": (351000, 240000),
    "Bristol": (359000, 173000),
    "Gloucester": (383000, 218500),
    "Liverpool": (335000, 390000),
    "Birmingham": (407000, 287000),
    "Manchester": (384000, 398000),
}

SKILLS = (
    "disability",
    "therapeutic",
    "autism",
    "complex_health",
    "challenging_behaviour",
    "substance_misuse",
    "cse_risk",
    "parent_and_child",
)
TYPES = ("emergency", "short_term", "long_term", "respite", "parent_and_child")
SEXES = ("F", "M", "X")
# looked-after children by year of age 0..17: more teenagers
AGE_WEIGHTS = np.array([4, 4, 4, 4, 4, 4.5, 4.5, 4.5, 4.5, 4.5, 6, 6, 6.5, 7, 7.5, 8, 8, 7])
NEED_RATES = {  # (under 12, 12 and over, residential uplift)
    "disability": (0.08, 0.07, 0.10),
    "therapeutic": (0.08, 0.14, 0.35),
    "autism": (0.06, 0.06, 0.10),
    "complex_health": (0.05, 0.03, 0.05),
    "challenging_behaviour": (0.03, 0.12, 0.30),
    "substance_misuse": (0.0, 0.06, 0.12),
    "cse_risk": (0.0, 0.07, 0.15),
}
CARER_SKILL_RATES = (0.10, 0.14, 0.09, 0.06, 0.08, 0.03, 0.05, 0.04)
HOME_SKILL_RATES = (0.15, 0.45, 0.15, 0.10, 0.40, 0.15, 0.20, 0.0)
AGENCY_SKILL_RATES = (0.45, 0.55, 0.35, 0.30, 0.45, 0.25, 0.30, 0.20)
WEIGHTS = {
    "weekly_cost": 1,
    "km": 10,
    "school_move": 500,
    "welsh_mismatch": 200,
    "sibling_split": 2000,
}
