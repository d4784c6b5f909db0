"""The customer timeline: core's interactions and the enabled packs' records, merged by time."""
