"""Jobs: named, idempotent functions run now or on a schedule, every run recorded."""
