"""Campaigns: an offer to an audience (a core segment or RFM segments), reminded through core's
reminders, measured by the orders that follow."""
