-- read-optional: without it a ranking over months sums the daily rows, only slower.
-- The dashboard ranks every term over the whole stored range before it
-- draws anything: on a million articles that summed 936,000 daily rows, most
-- of its first page. monthly_terms holds the same counts a month to a row
-- (month is the month's first day), a fourteenth of the rows, kept by
-- triggers on daily_terms so every writer of the daily counts (saves,
-- retags, rebuilds, copies) keeps it without knowing it exists.
CREATE TABLE monthly_terms (
	term     TEXT NOT NULL,
	source   TEXT NOT NULL,
	month    TEXT NOT NULL,
	mentions INTEGER NOT NULL,
	nested   INTEGER NOT NULL,
	articles INTEGER NOT NULL,
	PRIMARY KEY (term, source, month)
) WITHOUT ROWID;

INSERT INTO monthly_terms (term, source, month, mentions, nested, articles)
SELECT term, source, substr(day, 1, 8) || '01', SUM(mentions), SUM(nested), SUM(articles)
FROM daily_terms GROUP BY term, source, substr(day, 1, 8);

CREATE TRIGGER daily_terms_monthly_insert AFTER INSERT ON daily_terms BEGIN
	INSERT INTO monthly_terms (term, source, month, mentions, nested, articles)
	VALUES (NEW.term, NEW.source, substr(NEW.day, 1, 8) || '01', NEW.mentions, NEW.nested, NEW.articles)
	ON CONFLICT (term, source, month) DO UPDATE SET mentions = mentions + excluded.mentions,
		nested = nested + excluded.nested, articles = articles + excluded.articles;
END;

-- Writers change counts, not keys: one UPDATE by the difference. A row
-- that falls to zero is deleted by its writer, and the delete trigger
-- drops the month once nothing is left in it.
CREATE TRIGGER daily_terms_monthly_update AFTER UPDATE ON daily_terms
WHEN OLD.term = NEW.term AND OLD.source = NEW.source AND substr(OLD.day, 1, 8) = substr(NEW.day, 1, 8) BEGIN
	UPDATE monthly_terms SET mentions = mentions + NEW.mentions - OLD.mentions, nested = nested + NEW.nested - OLD.nested,
		articles = articles + NEW.articles - OLD.articles
	WHERE term = NEW.term AND source = NEW.source AND month = substr(NEW.day, 1, 8) || '01';
END;

-- A changed key (no writer does so today) leaves its old month and joins
-- its new one all the same.
CREATE TRIGGER daily_terms_monthly_rekey AFTER UPDATE ON daily_terms
WHEN NOT (OLD.term = NEW.term AND OLD.source = NEW.source AND substr(OLD.day, 1, 8) = substr(NEW.day, 1, 8)) BEGIN
	UPDATE monthly_terms SET mentions = mentions - OLD.mentions, nested = nested - OLD.nested, articles = articles - OLD.articles
	WHERE term = OLD.term AND source = OLD.source AND month = substr(OLD.day, 1, 8) || '01';
	DELETE FROM monthly_terms WHERE term = OLD.term AND source = OLD.source AND month = substr(OLD.day, 1, 8) || '01' AND articles <= 0;
	INSERT INTO monthly_terms (term, source, month, mentions, nested, articles)
	VALUES (NEW.term, NEW.source, substr(NEW.day, 1, 8) || '01', NEW.mentions, NEW.nested, NEW.articles)
	ON CONFLICT (term, source, month) DO UPDATE SET mentions = mentions + excluded.mentions,
		nested = nested + excluded.nested, articles = articles + excluded.articles;
END;

CREATE TRIGGER daily_terms_monthly_delete AFTER DELETE ON daily_terms BEGIN
	UPDATE monthly_terms SET mentions = mentions - OLD.mentions, nested = nested - OLD.nested, articles = articles - OLD.articles
	WHERE term = OLD.term AND source = OLD.source AND month = substr(OLD.day, 1, 8) || '01';
	DELETE FROM monthly_terms WHERE term = OLD.term AND source = OLD.source AND month = substr(OLD.day, 1, 8) || '01' AND articles <= 0;
END;
