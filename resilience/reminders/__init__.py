"""Reminders: what falls due (registered by each app), the sweep, delivery by email, in the app and in a calendar."""
