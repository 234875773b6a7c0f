"""Connected persons (kinship) assessments: the fostering team's pages for a named
child's relative or friend. The pages are the ``assessment`` blueprint's (URLs under
``/fostering-team/connected-persons``), loaded with the rest of the team's area."""
