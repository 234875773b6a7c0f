"""Business rules and transactions. Views call these; they never touch the session."""
