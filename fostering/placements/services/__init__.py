"""Placements' rules and transactions: children and referrals, the provider register,
placements, and matching runs (instance, solve, review)."""
