"""The payments area's rules: tables, terms, extras and the derived weekly costs."""
