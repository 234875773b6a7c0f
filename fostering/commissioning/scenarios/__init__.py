"""What-if scenarios: open homes, recruit carers, close providers, change rates, and see
what matching would do beside today, over the same children.

- ``changes``: the kinds of change, checked and described;
- ``locations``: where new homes and carers go (a postcode, or points spread over an area);
- ``instance``: the children, and today's instance with the changes applied;
- ``runner``: saving scenarios and running both matchings as one background job;
- ``summary``: the figures beside today, who would move, where new places fill from;
- ``exports``: the comparison of one or more scenarios as CSV or XLSX tables;
- ``views``, ``forms``: the commissioners' and placement officers' pages.
"""
