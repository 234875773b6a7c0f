"""What every domain shares: the audit trail, mail, background jobs, postcodes and local
authorities, money arithmetic, references and working days. Views call services; they
never touch the session."""
