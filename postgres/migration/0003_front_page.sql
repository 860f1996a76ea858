-- --front-page and the dashboard's front-page share read page-01 articles by
-- day: a partial index holds the front page only (a few percent of one
-- source) and covers the daily counts, as sqlite's migration 0009 does. Its
-- WHERE is the literal the queries write (filter.go), so the planner can use it.
CREATE INDEX articles_front_page ON articles (day, source, chars) WHERE print_page = '01';
