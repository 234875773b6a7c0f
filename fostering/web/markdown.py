"""Markdown a council writes (the public pages' words) as HTML in GOV.UK's styles.

markdown-it-py, CommonMark with tables, with raw HTML switched off: anything that looks
like a tag is shown as text, and links to ``javascript:`` and the like are not made, so
a page can never carry a script or a style of its own. Each element gets its GOV.UK
class (headings, paragraphs, lists, links, tables, inset text); a ``# heading`` inside
the text becomes a second-level heading, since the page has one ``h1`` of its own.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup

_HEADING = {"h1": ("h2", "govuk-heading-m"), "h2": ("h2", "govuk-heading-m")}
_HEADING |= {level: ("h3", "govuk-heading-s") for level in ("h3", "h4", "h5", "h6")}
_CLASSES = {
    "paragraph_open": "govuk-body",
    "bullet_list_open": "govuk-list govuk-list--bullet",
    "ordered_list_open": "govuk-list govuk-list--number",
    "link_open": "govuk-link",
    "table_open": "govuk-table",
    "thead_open": "govuk-table__head",
    "tbody_open": "govuk-table__body",
    "tr_open": "govuk-table__row",
    "th_open": "govuk-table__header",
    "td_open": "govuk-table__cell",
    "blockquote_open": "govuk-inset-text",
    "hr": "govuk-section-break govuk-section-break--l govuk-section-break--visible",
}


def _govuk_classes(state) -> None:
    """A core rule: give every block and link its GOV.UK class."""

    def visit(tokens: list[Token]) -> None:
        for token in tokens:
            if token.type in ("heading_open", "heading_close"):
                tag, css = _HEADING[token.tag]
                token.tag = tag
                if token.type == "heading_open":
                    token.attrSet("class", css)
            elif token.type in _CLASSES:
                token.attrSet("class", _CLASSES[token.type])
            if token.type == "th_open":
                token.attrSet("scope", "col")
            if token.children:
                visit(token.children)

    visit(state.tokens)


def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    parser.enable("table")
    parser.core.ruler.push("govuk_classes", _govuk_classes)
    return parser


_PARSER = _parser()


def render(text: str) -> Markup:
    """``text`` (Markdown) as safe HTML with GOV.UK classes."""
    return Markup(_PARSER.render(text))  # noqa: S704 - raw HTML is off: see the docstring
