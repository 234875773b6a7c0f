#!/usr/bin/env bash
# English and Welsh: extract every translatable message from the code and templates,
# bring the Welsh catalogue up to date, then compile it. `make translations` runs this.
#
#   bin/translate.sh               extract, update (or create) the catalogues, compile
#   bin/translate.sh extract FILE  only extract, into FILE (tests/test_i18n.py uses this
#                                  to check that translations/messages.pot is current)
#
# After running it, translate every empty or "#, fuzzy" entry in
# translations/cy/LC_MESSAGES/messages.po (see docs/translating.md).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [ -z "${PYBABEL:-}" ]; then
  if [ -x .venv/bin/pybabel ]; then
    PYBABEL=.venv/bin/pybabel
  else
    PYBABEL=pybabel
  fi
fi

TRANSLATIONS=translations
POT="$TRANSLATIONS/messages.pot"
LOCALES=(cy)

# Every function the code marks messages with (tests/test_i18n.py fails on any other
# name bound to a gettext function). Python: flask_babel's gettext (as _),
# lazy_gettext (as _l), lazy_ngettext (as _nl) and friends; templates: _() and
# gettext()/ngettext().
KEYWORDS=(
  -k _ -k gettext -k ngettext:1,2 -k pgettext:1c,2 -k npgettext:1c,2,3
  -k _l -k _nl:1,2 -k lazy_gettext -k lazy_ngettext:1,2 -k lazy_pgettext:1c,2
)

extract() {
  "$PYBABEL" -q extract \
    --mapping-file=babel.cfg \
    "${KEYWORDS[@]}" \
    --sort-output \
    --add-comments=Translators: \
    --ignore-dirs='.* _* node_modules instance static translations' \
    --project=fostering \
    --copyright-holder='the fostering service contributors' \
    --output-file="$1" \
    .
}

if [ "${1:-}" = "extract" ]; then
  extract "${2:?usage: bin/translate.sh extract FILE}"
  exit 0
fi

mkdir -p "$TRANSLATIONS"
new_pot=$(mktemp)
trap 'rm -f "$new_pot"' EXIT
extract "$new_pot"
# Keep the committed template when only its creation date would change, so running
# this with nothing new to translate leaves the working tree clean.
if [ -f "$POT" ] && diff -q -I '^"POT-Creation-Date: ' "$POT" "$new_pot" >/dev/null; then
  echo "$POT is up to date"
else
  cp "$new_pot" "$POT"
  echo "Extracted $(grep -c '^msgid "' "$POT") messages into $POT (one is the header)"
fi

for locale in "${LOCALES[@]}"; do
  po="$TRANSLATIONS/$locale/LC_MESSAGES/messages.po"
  if [ -f "$po" ]; then
    "$PYBABEL" -q update --input-file="$POT" --output-dir="$TRANSLATIONS" \
      --locale="$locale" --ignore-obsolete
  else
    "$PYBABEL" -q init --input-file="$POT" --output-dir="$TRANSLATIONS" --locale="$locale"
  fi
done

"$PYBABEL" compile --directory="$TRANSLATIONS" --statistics

# Say what is left to translate, so nobody has to open the file to find out.
python=$(dirname "$(command -v "$PYBABEL")")/python
[ -x "$python" ] || python=python3
"$python" - "${LOCALES[@]}" <<'PY'

import sys
from babel.messages.pofile import read_po

for locale in sys.argv[1:]:
    path = f"translations/{locale}/LC_MESSAGES/messages.po"
    with open(path, "rb") as handle:
        catalog = read_po(handle)
    todo = [
        message
        for message in catalog
        if message.id
        and (message.fuzzy or not all(message.string if isinstance(message.string, tuple) else [message.string]))
    ]
    if todo:
        print(f"{path}: {len(todo)} message(s) still to translate (empty or fuzzy):")
        for message in todo:
            msgid = message.id[0] if isinstance(message.id, tuple) else message.id
            print(f"  - {msgid}")
PY
