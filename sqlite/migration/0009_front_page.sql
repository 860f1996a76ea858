-- read-optional: without it a front-page report reads the same rows, only slower.
-- --front-page and the dashboard's front-page share read page-01 articles by
-- day. Without an index each such query read every article (their bodies
-- overflow the row, so a print_page test cost a page chain each): 0.5 s on
-- 100,000 articles. A partial index holds the front page only, a few percent
-- of one source, and covers the daily counts (day, source, chars). Its WHERE is
-- the literal the queries write (frontpage.go), so the planner can use it.
CREATE INDEX articles_front_page ON articles (day, source, chars) WHERE print_page = '01';
