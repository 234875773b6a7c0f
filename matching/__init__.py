"""Placement matching: children to carers, homes and agencies, as matching/SPEC.md says.

A plain library: it never imports Flask or the web app.
"""

from .load import load_instance
from .model import (
    Assignment,
    Baseline,
    FixedPairError,
    Instance,
    InstanceError,
    Progress,
    Result,
    Unplaced,
)
from .solver import solve

__all__ = [
    "Assignment",
    "Baseline",
    "FixedPairError",
    "Instance",
    "InstanceError",
    "Progress",
    "Result",
    "Unplaced",
    "load_instance",
    "solve",
]
