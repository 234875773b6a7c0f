"""Placement matching: children to carers, homes and agencies, as matching/SPEC.md says.

A plain library: it never imports Flask or the web app. What is importable from here is
its public API (matching/README.md); the modules behind it may change without notice.
"""

from .baseline import baseline_assign
from .generate import generate
from .generate_data import SKILLS
from .load import load_instance
from .model import (
    PLACEMENT_TYPES,
    REASON_KINDS,
    SETTINGS,
    SEXES,
    Assignment,
    Baseline,
    FixedPairError,
    Instance,
    InstanceError,
    Progress,
    Reason,
    Result,
    Unplaced,
)
from .problem import build_problem
from .reasons import english
from .solver import solve

__all__ = [
    "PLACEMENT_TYPES",
    "REASON_KINDS",
    "SETTINGS",
    "SEXES",
    "SKILLS",
    "Assignment",
    "Baseline",
    "FixedPairError",
    "Instance",
    "InstanceError",
    "Progress",
    "Reason",
    "Result",
    "Unplaced",
    "baseline_assign",
    "build_problem",
    "english",
    "generate",
    "load_instance",
    "solve",
]
