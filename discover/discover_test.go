package discover

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/tifa-project/tifa"
	"github.com/tifa-project/tifa/config"
)

// docs is a Corpus over a slice, filtered by day and source like the store.
type docs []Doc

func (ds docs) EachDoc(ctx context.Context, f tifa.Filter, fn func(Doc) error) error {
	sorted := slices.Clone(ds)
	slices.SortStableFunc(sorted, func(a, b Doc) int { return strings.Compare(a.Day, b.Day) })
	for _, d := range sorted {
		if (f.From != "" && d.Day < f.From) || (f.To != "" && d.Day > f.To) ||
			(len(f.Sources) > 0 && !slices.Contains(f.Sources, d.Source)) {
			continue
		}
		if err := fn(d); err != nil {
			return err
		}
	}
	return nil
}

func realPages(t testing.TB) docs { return jsonlDocs(t, "testdata/corpus.jsonl") }

// jsonlDocs reads a file of one page per line (source, day, title, url,
// body), as testdata/README.md describes.
func jsonlDocs(t testing.TB, path string) docs {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out docs
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var p struct{ Source, Day, Title, URL, Body string }
		if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
			t.Fatal(err)
		}
		out = append(out, Doc{ID: int64(len(out) + 1), Source: p.Source, Day: p.Day, Title: p.Title, URL: p.URL,
			Text: tifa.TaggedText(p.Title, p.Body)})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// lexiconWithout is the default lexicon's forms less those of one term.
func lexiconWithout(t testing.TB, hidden string) []string {
	var forms []string
	found := false
	for _, term := range config.Default().Terms {
		if slices.Contains(term.Zh, hidden) {
			found = true
			continue
		}
		forms = append(forms, term.Zh...)
	}
	if !found {
		t.Fatalf("%s is no term of the default lexicon", hidden)
	}
	return forms
}

func rankOf(cs []Candidate, s string) int {
	for i, c := range cs {
		if c.Text == s {
			return i + 1
		}
	}
	return 0
}

// TestHiddenTermRealPages hides a real term from the lexicon and finds it
// again on the real pages, above the fragments of it.
func TestHiddenTermRealPages(t *testing.T) {
	pages := realPages(t)
	for _, hidden := range []string{"高质量发展", "一带一路"} {
		t.Run(hidden, func(t *testing.T) {
			cs, st, err := Find(context.Background(), pages, Options{MinArticles: 2, Limit: 30, Exclude: lexiconWithout(t, hidden)})
			if err != nil {
				t.Fatal(err)
			}
			r := rankOf(cs, hidden)
			var top []string
			for _, c := range cs[:min(10, len(cs))] {
				top = append(top, c.Text)
			}
			if r == 0 || r > 10 {
				t.Fatalf("%s ranked %d (0: not found) over %d pages; top 10: %v", hidden, r, st.Docs, top)
			}
			c := cs[r-1]
			if c.Articles < 2 || len(c.Examples) == 0 || !strings.Contains(c.Examples[0].Sentence, hidden) || c.First.Day == "" {
				t.Errorf("%s: got %+v, want its articles, an example sentence and a first day", hidden, c)
			}
			// Its fragments are not ranked above it.
			runes := []rune(hidden)
			for _, frag := range []string{string(runes[:len(runes)-1]), string(runes[1:])} {
				if fr := rankOf(cs, frag); fr != 0 && fr < r {
					t.Errorf("fragment %s ranked %d, above %s at %d", frag, fr, hidden, r)
				}
			}
			// Terms still in the lexicon are no candidates.
			if rankOf(cs, "新发展格局") != 0 || rankOf(cs, "发展格局") != 0 {
				t.Errorf("a lexicon term or a string inside one was listed: %v", top)
			}
		})
	}
}

// constructedCorpus is CONSTRUCTED: sentences of real-looking filler, with
// 数智融合新生态 planted in the window across sources, an old phrase
// 深化改革开放 steady in baseline and window, and one article that repeats
// 一家之言反复说 many times.
func constructedCorpus() docs {
	filler := []string{"今天上午召开会议研究部署工作", "各地区各部门要认真贯彻落实", "记者从有关部门获悉",
		"推动经济社会持续健康发展", "进一步加强组织领导", "确保各项任务落到实处", "会议指出要坚持问题导向"}
	var ds docs
	id := int64(0)
	add := func(day, src, text string) {
		id++
		ds = append(ds, Doc{ID: id, Source: src, Day: day, Title: fmt.Sprintf("标题%d", id), URL: fmt.Sprintf("http://example.test/%d", id), Text: text})
	}
	for i := range 40 {
		day := fmt.Sprintf("2024-01-%02d", 1+i%28)
		src := []string{"xinhua", "people"}[i%2]
		add(day, src, filler[i%7]+"，"+filler[(i+1)%7]+"。我们要深化改革开放。"+filler[(i+3)%7]+"。")
	}
	for i := range 40 {
		day := fmt.Sprintf("2024-03-%02d", 1+i%28)
		src := []string{"xinhua", "people", "gmw"}[i%3]
		text := filler[(i+2)%7] + "。我们要深化改革开放。" + filler[(i+4)%7] + "。"
		if i%2 == 0 {
			lead := []string{"构建", "打造", "培育", "形成"}[(i/2)%4]
			tail := []string{"。", "，", "的格局", "取得成效"}[(i/2+1)%4]
			text += lead + "数智融合新生态" + tail + filler[(i+5)%7] + "。"
		}
		add(day, src, text)
	}
	add("2024-03-15", "xinhua", strings.Repeat("一家之言反复说。", 30))
	return ds
}

func TestConstructedRanking(t *testing.T) {
	ds := constructedCorpus()
	o := Options{Window: tifa.Filter{From: "2024-03-01", To: "2024-03-31"}, Baseline: tifa.Filter{From: "2024-01-01", To: "2024-01-31"},
		MinArticles: 3, Limit: 50, Exclude: []string{"持续健康发展"}}
	cs, st, err := Find(context.Background(), ds, o)
	if err != nil {
		t.Fatal(err)
	}
	if st.Docs != 41 || st.BaselineDocs != 40 {
		t.Errorf("read %d window and %d baseline docs, want 41 and 40", st.Docs, st.BaselineDocs)
	}
	if len(cs) == 0 || cs[0].Text != "数智融合新生态" {
		t.Fatalf("top: %v, want 数智融合新生态 first", texts(cs))
	}
	c := cs[0]
	if c.Articles != 20 || c.BaselineArticles != 0 || len(c.Sources) != 3 || c.Rise < 5 {
		t.Errorf("数智融合新生态: %d articles, %d in baseline, sources %v, rise %.1f; want 20, 0, 3 sources, rise ≥ 5", c.Articles, c.BaselineArticles, c.Sources, c.Rise)
	}
	if c.First.Day != "2024-03-01" || len(c.Examples) != 2 || c.Examples[0].Source == c.Examples[1].Source {
		t.Errorf("first %+v, examples %+v: want 2024-03-01 and two sources", c.First, c.Examples)
	}
	var sum int
	for _, w := range c.Weeks {
		sum += w.Articles
	}
	if sum != 20 || c.Weeks[0].Start != "2024-02-26" {
		t.Errorf("weeks %+v: want 20 articles from the week of 2024-02-26", c.Weeks)
	}
	for _, s := range []string{"数智融合新生", "智融合新生态", "融合新生", "持续健康发展", "健康发展", "一家之言反复说"} {
		if r := rankOf(cs, s); r != 0 && r < 3 {
			t.Errorf("%s ranked %d: a fragment, an excluded form or one article's repetition near the top: %v", s, r, texts(cs))
		}
	}
	if r := rankOf(cs, "一家之言反复说"); r != 0 {
		t.Errorf("one article's repetition listed at %d", r)
	}
	// The steady phrase does not rise; it ranks below the new one.
	if r := rankOf(cs, "深化改革开放"); r != 0 && cs[r-1].Rise > 1.5 {
		t.Errorf("深化改革开放 rise %.2f, want about 1", cs[r-1].Rise)
	}
}

// TestBoundedTable forces the exact table's cap and checks the support is
// raised, and that what is kept is still counted exactly.
func TestBoundedTable(t *testing.T) {
	ds := constructedCorpus()
	o := Options{Window: tifa.Filter{From: "2024-03-01", To: "2024-03-31"}, MinArticles: 3, Limit: 5, MaxGrams: 300}
	cs, st, err := Find(context.Background(), ds, o)
	if err != nil {
		t.Fatal(err)
	}
	if st.Support <= 3 || st.Grams > 300 {
		t.Errorf("support %d, %d grams kept; want support raised above 3 and at most 300 kept", st.Support, st.Grams)
	}
	if r := rankOf(cs, "数智融合新生态"); r == 0 || cs[r-1].Articles != 20 {
		t.Errorf("数智融合新生态 rank %d in %v, want found with its exact 20 articles", r, texts(cs))
	}
}

func texts(cs []Candidate) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Text)
	}
	return out
}
