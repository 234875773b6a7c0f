"""Every action the code records in the audit trail has a readable, translated name."""

from __future__ import annotations

import re
from pathlib import Path

from fostering.services.audit_labels import ACTION_LABELS

ROOT = Path(__file__).resolve().parent.parent / "fostering"
RECORDED = re.compile(r"""audit\.record\(\s*[^,()]+(?:\([^()]*\))?,\s*["']([a-z_]+)["']""")
BULK = re.compile(r"""["']action["']\s*:\s*["']([a-z_]+)["']""")


def recorded_actions() -> set[str]:
    actions: set[str] = set()
    for path in ROOT.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        actions |= set(RECORDED.findall(text)) | set(BULK.findall(text))
    return actions


def test_the_scan_finds_the_actions_it_should():
    assert {"child_viewed", "placement_made", "import_completed"} <= recorded_actions()


def test_every_recorded_action_has_a_label():
    assert sorted(recorded_actions() - set(ACTION_LABELS)) == []
