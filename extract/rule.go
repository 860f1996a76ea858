package extract

import (
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
)

// Rule describes one page template of one site. Rules are data: adding a
// template means adding a row to Rules, not writing code.
type Rule struct {
	Name string
	// Hosts lists the hosts the template is served from. An entry starting
	// with "." matches that domain and every subdomain.
	Hosts []string
	// Markers must all be present for the template to be chosen, so one host
	// can carry several templates.
	Markers []string
	// Each field below lists CSS selectors tried in order; the first one
	// with non-empty text wins.
	Title    []string
	Kicker   []string
	Subtitle []string
	Date     []string // elements whose text holds the page's own stamp
	Body     []string
	Drop     []string // removed from the body before reading its text
	Author   []string
	Editor   []string
	Origin   []string // elements holding "来源：X"
	// PrintLink holds links to the print-edition article (People's Daily's
	// date line), whose URL gives the print page; PrintLabel holds a print
	// page's own label ("第04版：要闻").
	PrintLink  []string
	PrintLabel []string
	// Pager holds the page links of a multi-page article; it is dropped
	// from the body and read for NextPages.
	Pager []string
}

// page is one parsed document and what we know about where it came from.
type page struct {
	url  string
	host string
	html string
	doc  *goquery.Document
	now  time.Time

	// trafDoc is the page as go-trafilatura reads it, parsed once: each
	// of its passes changes the tree it is given, so each gets a copy.
	trafDoc *html.Node
}

// chooseRule returns the first rule whose host and markers match, or nil.
// A page without a known host is matched on markers alone, as saved files
// often lack their URL; one marker is too weak for that, so such a page needs
// a rule with at least two.
func chooseRule(rules []Rule, p *page) *Rule {
	for i := range rules {
		r := &rules[i]
		if p.host != "" && !r.matchesHost(p.host) {
			continue
		}
		if p.host == "" && len(r.Markers) < 2 {
			continue
		}
		if r.matchesMarkers(p.doc) {
			return r
		}
	}
	return nil
}

func (r *Rule) matchesHost(host string) bool {
	for _, h := range r.Hosts {
		if host == h || (strings.HasPrefix(h, ".") && (host == h[1:] || strings.HasSuffix(host, h))) {
			return true
		}
	}
	return false
}

func (r *Rule) matchesMarkers(doc *goquery.Document) bool {
	if len(r.Markers) == 0 {
		return false
	}
	for _, m := range r.Markers {
		if doc.Find(m).Length() == 0 {
			return false
		}
	}
	return true
}
