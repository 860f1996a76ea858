-- The daily term counts a month to a row (sqlite's 0014): the dashboard
-- ranks every term over the whole stored range before it draws anything,
-- and on a million articles that summed 936,000 daily rows. month is the
-- month's first day. A row trigger on daily_terms keeps it, so every
-- writer of the daily counts (saves, retags, rebuilds, copies) keeps it
-- without knowing it exists. The function's search_path is the schema it
-- was created in, wherever the writer's session points.
CREATE TABLE monthly_terms (
	term     text COLLATE "C" NOT NULL,
	source   text COLLATE "C" NOT NULL,
	month    date NOT NULL,
	mentions bigint NOT NULL,
	nested   bigint NOT NULL,
	articles bigint NOT NULL,
	PRIMARY KEY (term, source, month)
);

INSERT INTO monthly_terms (term, source, month, mentions, nested, articles)
SELECT term, source, date_trunc('month', day)::date, SUM(mentions), SUM(nested), SUM(articles)
FROM daily_terms GROUP BY term, source, date_trunc('month', day)::date;

CREATE FUNCTION monthly_terms_follow() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
	-- Writers change counts, not keys: one UPDATE by the difference. A
	-- row that falls to zero is deleted by its writer, which drops the
	-- month below once nothing is left in it.
	IF TG_OP = 'UPDATE' AND OLD.term = NEW.term AND OLD.source = NEW.source
		AND date_trunc('month', OLD.day) = date_trunc('month', NEW.day) THEN
		UPDATE monthly_terms SET mentions = mentions + NEW.mentions - OLD.mentions,
			nested = nested + NEW.nested - OLD.nested, articles = articles + NEW.articles - OLD.articles
		WHERE term = NEW.term AND source = NEW.source AND month = date_trunc('month', NEW.day)::date;
		RETURN NULL;
	END IF;
	IF TG_OP <> 'INSERT' THEN
		UPDATE monthly_terms SET mentions = mentions - OLD.mentions, nested = nested - OLD.nested, articles = articles - OLD.articles
		WHERE term = OLD.term AND source = OLD.source AND month = date_trunc('month', OLD.day)::date;
		DELETE FROM monthly_terms
		WHERE term = OLD.term AND source = OLD.source AND month = date_trunc('month', OLD.day)::date AND articles <= 0;
	END IF;
	IF TG_OP <> 'DELETE' THEN
		INSERT INTO monthly_terms (term, source, month, mentions, nested, articles)
		VALUES (NEW.term, NEW.source, date_trunc('month', NEW.day)::date, NEW.mentions, NEW.nested, NEW.articles)
		ON CONFLICT (term, source, month) DO UPDATE SET mentions = monthly_terms.mentions + excluded.mentions,
			nested = monthly_terms.nested + excluded.nested, articles = monthly_terms.articles + excluded.articles;
	END IF;
	RETURN NULL;
END
$$;

CREATE TRIGGER daily_terms_monthly AFTER INSERT OR UPDATE OR DELETE ON daily_terms
FOR EACH ROW EXECUTE FUNCTION monthly_terms_follow();
