"""Carer recruitment: the public enquiry, the application, and the team's assessment to approval."""
