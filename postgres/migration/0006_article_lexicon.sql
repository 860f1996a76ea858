-- The lexicon version that counted each article's stored mentions, one
-- narrow row per article. A retag marks every article it recounts; kept
-- in the article row, the mark made a new version of every row and of
-- each of its index entries. articles.lexicon_version stays what it was
-- when the row was written (the version the crawl counted it with); this
-- table follows every retag, and is what the store says about its counts.
CREATE TABLE article_lexicon (
	article_id bigint PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
	version    text COLLATE "C" NOT NULL
);
INSERT INTO article_lexicon (article_id, version) SELECT id, lexicon_version FROM articles;
DROP INDEX articles_lexicon;
