"""The application to foster (filled in by the applicant)."""
