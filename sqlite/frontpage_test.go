package sqlite

import (
	"strings"
	"testing"

	"github.com/tifa-project/tifa"
)

// TestFrontPageUsesItsIndex: the front-page daily queries, as the reports
// write them, read page-01 articles through migration 0009's partial index
// instead of every article (0.5 s on 100,000 articles without it).
func TestFrontPageUsesItsIndex(t *testing.T) {
	db := mustOpen(t)
	f := tifa.Filter{FrontPage: true, Terms: []string{"nqpf"}, From: "2024-01-01", To: "2024-05-31"}
	for name, q := range map[string]string{
		"terms":   `SELECT term, source, day, mentions FROM ` + termTable(f),
		"sources": `SELECT source, day, articles, chars FROM ` + sourceTable(f),
	} {
		where, args := where(f, name == "terms")
		got := queryPlan(t, db, q+where, args...)
		if !strings.Contains(got, "USING INDEX articles_front_page") && !strings.Contains(got, "USING COVERING INDEX articles_front_page") {
			t.Errorf("%s: plan %q does not read articles_front_page", name, got)
		}
	}
}
