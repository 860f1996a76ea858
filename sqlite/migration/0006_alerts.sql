-- read-optional: a reader of a database from before it reads what that database has.
-- Alerts sent, so an alert goes out once and not every morning it stays
-- true, and deliveries that failed, so the next run retries them.

-- One row per alert key (rule kind, term, source) while it is true; a key
-- that stops being true is deleted once delivered, so it can fire again.
CREATE TABLE alerts (
	key        TEXT PRIMARY KEY,
	kind       TEXT NOT NULL,
	first_true TEXT NOT NULL,   -- RFC 3339 UTC
	body       TEXT NOT NULL    -- the alert as JSON, as first found
);

-- One row per alert and destination; sent is empty until delivered.
CREATE TABLE alert_deliveries (
	key         TEXT NOT NULL REFERENCES alerts(key) ON DELETE CASCADE,
	destination TEXT NOT NULL,  -- format and URL
	attempts    INTEGER NOT NULL DEFAULT 0,
	last_error  TEXT NOT NULL DEFAULT '',
	sent        TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (key, destination)
);
