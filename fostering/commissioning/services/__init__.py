"""Commissioners' figures: spend from the placement ledger, sufficiency from matching runs.

Every money figure is summed in SQL as whole pence times days (an integer), divided by
seven with ``Decimal`` only at the end, and rounded half-up to pence only to show or
export it (see ``money``).
"""
