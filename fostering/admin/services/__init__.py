"""The administrator's settings: the needs list and the council's matching defaults."""
