package tifa

// A dump moves a whole database from one engine to another (tifa copy):
// table by table, row by row, each value in an engine-neutral Go type so
// neither engine needs to know the other's column types.

// Kind is how a column's value travels between engines.
type Kind int

const (
	Text  Kind = iota // string
	Int               // int64
	Bool              // bool
	Time              // time.Time; the zero time is "none" (SQLite '', PostgreSQL NULL or -infinity)
	Day               // string, YYYY-MM-DD (SQLite text, PostgreSQL date)
	Bytes             // []byte
)

// Column is one column of a dumped table.
type Column struct {
	Name string
	Kind Kind
	// China: a Time kept in China time on SQLite (articles.published),
	// so its text sorts and reads as the day it belongs to.
	China bool
}

// Table is one table of a dump: the columns both engines have, and the
// key rows are read in (a stable order, so a dump can be compared).
type Table struct {
	Name    string
	Key     string
	Columns []Column
}

// DumpTables are the tables a copy moves, parents before children. Leases,
// hosts' next allowed times and discoveries are left behind: they belong
// to running crawls, and a copy is made while none runs.
func DumpTables() []Table {
	t := func(name string) Column { return Column{Name: name, Kind: Text} }
	i := func(name string) Column { return Column{Name: name, Kind: Int} }
	tm := func(name string) Column { return Column{Name: name, Kind: Time} }
	d := Column{Name: "day", Kind: Day}
	return []Table{
		{"lexicons", "version", []Column{t("version"), t("origin"), tm("first_use"), tm("last_use"), i("used")}},
		{"lexicon_terms", "version, id", []Column{t("version"), i("position"), t("id"), t("label"), t("zh"), t("en"), t("categories"), {Name: "ambiguous", Kind: Bool}, t("notes")}},
		{"sources", "id", []Column{t("id"), t("name"), t("definition"), t("origin"), tm("first_use"), tm("last_use")}},
		{"articles", "id", []Column{i("id"), t("key"), t("url"), t("source"), t("title"), t("subtitle"), t("kicker"), t("author"), t("editor"),
			t("origin"), t("print_page"), i("fingerprint"), {Name: "published", Kind: Time, China: true}, d, t("published_source"), t("body"),
			i("chars"), t("lang"), t("charset"), t("method"), t("content_hash"), t("lexicon_version"), tm("fetched_at")}},
		{"article_lexicon", "article_id", []Column{i("article_id"), t("version")}},
		{"mentions", "article_id, term", []Column{i("article_id"), t("term"), i("count"), i("nested"), {Name: "spans", Kind: Bytes}}},
		{"daily_terms", "term, source, day", []Column{t("term"), t("source"), d, i("mentions"), i("nested"), i("articles")}},
		{"daily_sources", "source, day", []Column{t("source"), d, i("articles"), i("chars")}},
		{"runs", "id", []Column{i("id"), t("source"), t("kind"), tm("started"), tm("finished"), {Name: "failed", Kind: Bool}, t("summary")}},
		{"retag_progress", "job", []Column{t("job"), i("last_id")}},
		{"frontier", "url", []Column{t("url"), t("fetch_url"), t("source"), tm("found"), i("attempts"), tm("next_try"), t("last_error"), tm("feed_date"), {Name: "gone", Kind: Bool}}},
		{"http_cache", "url", []Column{t("url"), t("etag"), t("last_modified"), {Name: "body", Kind: Bytes}, t("content_type"), t("sig")}},
		{"backfill_days", "source, day", []Column{t("source"), d, tm("walked"), t("error")}},
		{"backfill_urls", "source, day, url", []Column{t("source"), d, t("url")}},
		{"alerts", "key", []Column{t("key"), t("kind"), tm("first_true"), t("body")}},
		{"alert_deliveries", "key, destination", []Column{t("key"), t("destination"), i("attempts"), t("last_error"), tm("sent")}},
	}
}
