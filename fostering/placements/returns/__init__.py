"""The statutory returns: the Welsh Government's Children Looked After census and the
SSDA903 episodes for English councils, each validated before it is exported.

``codes`` holds the code sets and how records map onto them, ``episodes`` builds the
rows from the ledger, ``rules`` validates them and ``service`` is what the pages call.
"""
