package sqlite

import (
	"strings"

	"github.com/tifa-project/tifa"
)

// termTable is daily_terms, or its front-page equivalent.
func termTable(f tifa.Filter) string {
	if f.FrontPage {
		return frontTerms
	}
	return "daily_terms"
}

// sourceTable is daily_sources, or its front-page equivalent.
func sourceTable(f tifa.Filter) string {
	if f.FrontPage {
		return frontSources
	}
	return "daily_sources"
}

// articleWhere is where for the articles table under alias prefix p
// ("a."): sources and days, never terms.
func articleWhere(f tifa.Filter, p string) (string, []any) {
	where, args := appendIn("", nil, p+"source", f.Sources)
	if f.From != "" {
		where, args = appendCond(where, args, p+"day >= ?", f.From)
	}
	if f.To != "" {
		where, args = appendCond(where, args, p+"day <= ?", f.To)
	}
	if f.FrontPage {
		where, args = appendCond(where, args, p+"print_page = ?", FrontPagePrint)
	}
	return where, args
}

// where builds the WHERE clause with placeholders only: no input is ever
// spliced into SQL text.
func where(f tifa.Filter, terms bool) (string, []any) {
	var conds []string
	var args []any
	in := func(col string, vals []string) {
		if len(vals) == 0 {
			return
		}
		conds = append(conds, col+" IN ("+strings.TrimSuffix(strings.Repeat("?,", len(vals)), ",")+")")
		for _, v := range vals {
			args = append(args, v)
		}
	}
	if terms {
		in("term", f.Terms)
	}
	in("source", f.Sources)
	if f.From != "" {
		conds = append(conds, "day >= ?")
		args = append(args, f.From)
	}
	if f.To != "" {
		conds = append(conds, "day <= ?")
		args = append(args, f.To)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

func jobKey(j tifa.RetagJob) string { return j.Version + "|" + strings.Join(j.Terms, ",") }
