package tagger

import (
	"strings"
	"sync"
	"testing"
)

func TestExplain(t *testing.T) {
	tg := mustTagger(t)
	tests := []struct {
		name       string
		text       string
		term       string
		accepted   bool
		reasonHas  string
		nestedWant bool
	}{
		{"long form", "发展新质生产力", "new-quality-productive-forces", true, reasonLong, false},
		{"boundary ok", "扩大开放", "opening-up", true, reasonBoundaries, false},
		// The segmenter's tokens are in the reason, so a wrong call can be argued with.
		{"boundary cut", "中美洲国家", "china-us", false, "中美洲|国家", false},
		{"nested short", "高水平对外开放", "opening-up", true, "nested in accepted high-level-opening-up", true},
		{"ascii word", "windows", "single-window", false, "", false},
		{"ascii edge", "single windows", "single-window", false, reasonASCIIEdge, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var found bool
			for _, c := range tg.Explain(tt.text) {
				if c.Term != tt.term {
					continue
				}
				found = true
				if c.Accepted != tt.accepted || !strings.Contains(c.Reason, tt.reasonHas) || c.Nested != tt.nestedWant {
					t.Errorf("candidate %+v, want accepted=%t nested=%t reason containing %q", c, tt.accepted, tt.nestedWant, tt.reasonHas)
				}
			}
			// "windows" never reaches the scanner's output: there is no "single".
			if !found && tt.reasonHas != "" {
				t.Errorf("Explain(%q): no candidate for %s", tt.text, tt.term)
			}
		})
	}
}

// A term with two forms, one inside the other, counts once.
func TestSameTermInnerForm(t *testing.T) {
	terms := []Term{{ID: "opening-up", Zh: []string{"开放", "对外开放"}}}
	tg, err := New(terms, mustSegmenter(t))
	if err != nil {
		t.Fatal(err)
	}
	cs := tg.Explain("扩大对外开放")
	if len(cs) != 2 {
		t.Fatalf("Explain = %+v, want 2 candidates", cs)
	}
	if !cs[0].Accepted || cs[1].Accepted || cs[1].Reason != reasonSameTerm {
		t.Errorf("Explain = %+v, want the long form accepted and the inner one rejected as same term", cs)
	}
}

func TestNewErrors(t *testing.T) {
	tests := []struct {
		name  string
		terms []Term
		want  string // must appear in the error: the term id
	}{
		{"empty id", []Term{{ID: " ", Zh: []string{"单一窗口"}}}, "term 0: empty id"},
		{"duplicate id", []Term{{ID: "a", Zh: []string{"单一窗口"}}, {ID: "a", Zh: []string{"新质生产力"}}}, `term "a": duplicate id`},
		{"empty form", []Term{{ID: "a", Zh: []string{"单一窗口", " "}}}, `term "a": empty form`},
		{"no forms", []Term{{ID: "a"}}, `term "a": no forms`},
		// Traditional folds to the same form, so the second term would steal counts.
		{"shared form", []Term{{ID: "a", Zh: []string{"单一窗口"}}, {ID: "b", Zh: []string{"單一窗口"}}}, `term "b": form "單一窗口" already belongs to term "a"`},
		{"short form without segmenter", []Term{{ID: "a", Zh: []string{"中美"}}}, `term "a": form "中美" needs a segmenter`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(tt.terms, nil)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("New error = %v, want containing %q", err, tt.want)
			}
		})
	}
}

func TestVersionAndForms(t *testing.T) {
	a := []Term{{ID: "x", Zh: []string{"单一窗口", "國際貿易單一窗口"}, En: []string{"single window"}}, {ID: "y", Zh: []string{"新质生产力"}}}
	b := []Term{{ID: "y", Zh: []string{"新质生产力"}}, {ID: "x", Zh: []string{"國際貿易單一窗口", "单一窗口"}, En: []string{"single window"}}}
	ta, err := New(a, nil)
	if err != nil {
		t.Fatal(err)
	}
	tb, err := New(b, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Reordering terms and forms must not change the version.
	if ta.Version() != tb.Version() || len(ta.Version()) != 12 {
		t.Errorf("Version = %q and %q, want equal 12-hex strings", ta.Version(), tb.Version())
	}
	// Any change of content must.
	b[0].Ambiguous = true
	tc, err := New(b, nopSegmenter{}) // Ambiguous forms need one; it is never asked here
	if err != nil {
		t.Fatal(err)
	}
	if tc.Version() == ta.Version() {
		t.Errorf("Version unchanged after setting Ambiguous")
	}
	// Forms are folded to simplified and exclude English aliases.
	want := "单一窗口|国际贸易单一窗口|新质生产力"
	if got := strings.Join(ta.Forms(), "|"); got != want {
		t.Errorf("Forms = %s, want %s", got, want)
	}
	if got := strings.Join(FormsOf(a), "|"); got != want {
		t.Errorf("FormsOf = %s, want %s", got, want)
	}
}

// Ambiguous sends a four-character form through the segmenter too.
func TestAmbiguousLongForm(t *testing.T) {
	terms := []Term{{ID: "opening-abroad", Zh: []string{"对外开放"}, Ambiguous: true}}
	tg, err := New(terms, mustSegmenter(t))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, text string
		accepted   bool
		reason     string
	}{
		// xinhua/mh_news_cn_politics_leaders_20240509: gse cuts 提高|对内|对外开放|水平.
		{"word of its own", "提高对内对外开放水平", true, reasonBoundaries},
		// The test segmenter pins 高水平对外开放 as one word, so no boundary before 对外.
		{"inside a pinned longer word", "推进高水平对外开放", false, reasonNoBoundary},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cs := tg.Explain(tt.text)
			if len(cs) != 1 || cs[0].Accepted != tt.accepted || !strings.HasPrefix(cs[0].Reason, tt.reason) {
				t.Errorf("Explain(%q) = %+v, want one candidate accepted=%t reason %q", tt.text, cs, tt.accepted, tt.reason)
			}
		})
	}
}

// TestTagConcurrent is for -race: a Tagger is shared by crawler workers.
func TestTagConcurrent(t *testing.T) {
	tg := mustTagger(t)
	const text = "推动中美关系健康发展，扩大高水平对外开放，加快国际贸易单一窗口建设。"
	want := len(tg.Tag(text))
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 20 {
				if got := len(tg.Tag(text)); got != want {
					t.Errorf("concurrent Tag: %d mentions, want %d", got, want)
					return
				}
			}
		}()
	}
	wg.Wait()
}
