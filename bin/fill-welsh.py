#!/usr/bin/env python3
"""Set Welsh translations in the catalogue from a TSV file (English<TAB>Welsh per line).

    bin/fill-welsh.py FILE.tsv          (or - for standard input)
    bin/fill-welsh.py --skip-missing FILE.tsv ...


Only the messages named are touched, and their fuzzy flag is cleared; run
``bin/translate.sh`` first so the messages exist, and again after to compile. A message
with a context is written ``context|English<TAB>Welsh``. A message with plural forms is
written with its singular English and either one Welsh form for every count or all of
the catalogue's forms, tab-separated, in its order (Welsh: other, one, two, few, many;
see Plural-Forms in the catalogue). Messages not in the catalogue are listed and the
file is left unchanged, so a typo never goes unnoticed. ``--skip-missing`` (for merging
branches' translations, whose English may since have changed) sets what it can from
several files, later files winning, and lists the rest.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

PO = Path(__file__).resolve().parent.parent / "translations/cy/LC_MESSAGES/messages.po"


def _read(source: str) -> str:
    return sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")


def main(sources: list[str], *, skip_missing: bool = False) -> int:
    text = "\n".join(_read(source) for source in sources)
    wanted: dict[tuple[str | None, str], str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        if "\t" not in line:
            print(f"line {number}: expected English<TAB>Welsh", file=sys.stderr)
            return 2
        english, welsh = line.split("\t", 1)
        context = None
        if "|" in english and not english.startswith("|"):
            maybe_context, rest = english.split("|", 1)
            if " " not in maybe_context:
                context, english = maybe_context, rest
        wanted[(context, english)] = welsh
    with PO.open("rb") as handle:
        catalog = read_po(handle)
    missing = []
    for (context, english), welsh in wanted.items():
        message = catalog.get(english, context=context)
        forms = welsh.split("\t")
        if message is None:
            missing.append(english)
            continue
        if message.pluralizable:
            if len(forms) not in (1, catalog.num_plurals):
                missing.append(f"{english} (needs 1 or {catalog.num_plurals} Welsh forms)")
                continue
            message.string = tuple(forms * catalog.num_plurals)[: catalog.num_plurals]
        elif len(forms) > 1:
            missing.append(f"{english} (has no plural forms: give one Welsh text)")
            continue
        else:
            message.string = welsh
        message.flags.discard("fuzzy")
    if missing:
        print("not in the catalogue (run bin/translate.sh first?):", file=sys.stderr)
        for english in missing:
            print(f"  - {english}", file=sys.stderr)
        if not skip_missing:
            return 1
    with PO.open("wb") as handle:
        write_po(handle, catalog, width=80, sort_output=False, ignore_obsolete=True)
    print(f"set {len(wanted) - len(missing)} Welsh message(s) in {PO.relative_to(Path.cwd())}")
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--skip-missing"]:
        sys.exit(main(sys.argv[2:], skip_missing=True))
    sys.exit(main(sys.argv[1:2] or ["-"]))
