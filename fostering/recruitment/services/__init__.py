"""Recruitment's rules and transactions: enquiries, invitations, applications, allocation,
Stage 1 checks, Stage 2 to approval, and the carer register."""
