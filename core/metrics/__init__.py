"""Value metrics per period (retention, repeat purchase, CSAT/NPS, revenue and profit, CAC vs CRC)."""
