"""Coded errors: what a service raises when it refuses a step.

A service raises its domain's error with a code from the domain's enum, the form
``field`` the refusal is about (if any), and the values its sentence names::

    raise ProviderError(PlacementCode.BEDS_UNDER_CHILDREN, field="beds", count=2)

Each domain turns its codes into whole translatable sentences in one place (its
``errors`` module, a ``SENTENCES`` table given to its base error class), so a view never
reads or matches the text: it shows ``error.message`` at ``error.field``, or as a banner
when there is none (``fostering.web.refusals``).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import Any, ClassVar

from flask_babel import LazyString


class ServiceError(ValueError):
    """A refused step. ``code`` says why, ``field`` names the form input it is about (or
    None), ``params`` are the values its sentence names, and ``message`` is the sentence:
    lazy, so it reads in the language of the page that shows it."""

    # Each code's sentence, ``_l("... %(count)d ...")``: its placeholders are the values
    # the code is raised with.
    sentences: ClassVar[Mapping[Enum, LazyString]] = {}

    def __init__(self, code: Enum, field: str | None = None, **params: Any) -> None:
        super().__init__(code.value)
        self.code = code
        self.field = field
        self.params = params
        self.message = self.sentence(code, **params)

    @classmethod
    def sentence(cls, code: Enum, **params: Any) -> LazyString:
        """The whole sentence for ``code`` with ``params`` filled in, translated when it
        is shown (a ``KeyError`` if the domain has none, or a value is missing)."""
        template = cls.sentences[code]
        str(template) % params  # a missing value fails here, where it was raised
        if not params:
            return template
        return LazyString(lambda: str(template) % params)

    def __str__(self) -> str:
        return str(self.message)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.code!r}, field={self.field!r})"
