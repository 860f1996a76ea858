-- The lexicon version that counted each article's stored mentions, one
-- narrow row per article. A retag marks every article it recounts; kept
-- in the article row, the mark rewrote the row, body and all, so a retag
-- rewrote the whole articles table (at 100,000 articles, 30 % of its time).
-- articles.lexicon_version stays what it was when the row was written (the
-- version the crawl counted it with); this table follows every retag, and
-- is what the store says about its counts.
CREATE TABLE article_lexicon (
	article_id INTEGER PRIMARY KEY,
	version    TEXT NOT NULL
);
INSERT INTO article_lexicon (article_id, version) SELECT id, lexicon_version FROM articles;
DROP INDEX articles_lexicon;
