"""Backup-restore tests: records, their schedule, the page and the dashboard panel."""
