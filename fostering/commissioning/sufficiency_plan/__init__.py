"""The annual sufficiency plan (s.75A of the Social Services and Well-being (Wales) Act
2014, added by the Health and Social Care (Wales) Act 2025): a draft for a financial
year built from the service's data, the commissioner's words in versioned drafts, and
its print view and workbook. How the estimates are made: docs/sufficiency-plan.md.

- ``scenario``: what the plan reads from a what-if scenario (the interface)
- ``demand``: looked-after children at each year end and the trend
- ``places``: the council's capacity and where children live (within or near the area)
- ``supplementary``: the placements with for-profit providers the year will need, and why
- ``plan``: the whole draft's figures as tables
- ``drafts``: saving and reading the versioned drafts
- ``workbook``: the XLSX export
"""
