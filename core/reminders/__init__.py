"""Rule-based reminders, delivered once per key to the in-app inbox, by e-mail and as a calendar."""
