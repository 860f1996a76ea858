package discover

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/tifa-project/tifa/segment"
)

var (
	segOnce sync.Once
	seg     *segment.Segmenter
	segErr  error
)

// withWords is o with gse's word boundaries and function words, as tifa
// discover runs it.
func withWords(t *testing.T, o Options) Options {
	t.Helper()
	segOnce.Do(func() { seg, segErr = segment.New(nil) })
	if segErr != nil {
		t.Fatal(segErr)
	}
	stop := segment.StopWords()
	o.Known, o.Bounds, o.Stop = seg.Knows, seg.Bounds, func(w string) bool { return stop[w] }
	return o
}

// edgesCorpus is CONSTRUCTED: 数智融合新生态 planted across sources, and
// beside it strings that recur as often but are no formulation: 推动中,
// which straddles words (推动|中美, 推动|中药材), 让我们, which is only
// function words, and 满足于, a word and its preposition.
func edgesCorpus() docs {
	var ds docs
	// Each carrier string sits in sentences whose other parts vary, so no
	// whole sentence recurs: as in real text, only the strings do.
	pick := func(xs []string, i int) string { return xs[i%len(xs)] }
	who := []string{"各地", "有关部门", "企业", "专家", "代表", "记者"}
	for i := range 24 {
		src := []string{"xinhua", "people", "gmw"}[i%3]
		text := pick(who, i) + "表示要推动中" + pick([]string{"美关系", "药材产业", "小企业融资", "西部地区"}, i) + pick([]string{"稳定发展", "提质增效", "迈上新台阶", "持续向好", "取得突破"}, i*3) + "。" +
			pick(who, i+2) + "说让我们" + pick([]string{"携手前进", "共同努力", "一起奋斗", "再接再厉", "记住这一天", "坚定信心", "砥砺前行"}, i*5) + "。" +
			pick(who, i+4) + "不" + pick([]string{"能", "再", "应", "会"}, i) + "满足于" + pick([]string{"现状", "已有成绩", "表面文章", "代工", "小成就"}, i*2) + "。"
		if i%2 == 0 {
			text += []string{"构建", "打造", "培育", "形成"}[(i/2)%4] + "数智融合新生态" + []string{"。", "，", "的格局", "取得成效"}[(i/2+1)%4]
		}
		ds = append(ds, Doc{ID: int64(i + 1), Source: src, Day: fmt.Sprintf("2024-03-%02d", 1+i), Title: fmt.Sprintf("标题%d", i),
			URL: fmt.Sprintf("http://example.test/%d", i), Text: text})
	}
	return ds
}

// TestWordEdges: with gse's boundaries, a string that straddles words in
// most of its sightings, or is grammar, ranks below a formulation found in
// half as many articles, and says why.
func TestWordEdges(t *testing.T) {
	cs, _, err := Find(context.Background(), edgesCorpus(), withWords(t, Options{MinArticles: 3, Limit: 100}))
	if err != nil {
		t.Fatal(err)
	}
	r := rankOf(cs, "数智融合新生态")
	if r != 1 {
		t.Fatalf("数智融合新生态 ranked %d, want first: %v", r, texts(cs))
	}
	if c := cs[0]; c.Checked != 12 || c.Edges != 12 || c.Function != "" {
		t.Errorf("数智融合新生态: on word edges in %d of %d, function words %q; want 12 of 12 and none", c.Edges, c.Checked, c.Function)
	}
	// Each of these recurs in more articles than the formulation; each
	// straddles a word or is a phrase and its grammar. Without the checks,
	// 不会满足于 ranks 8th and 满足于 30th.
	for _, s := range []string{"表示要推动中", "说让我们", "满足于", "不会满足于", "不能满足于"} {
		fr := rankOf(cs, s)
		if fr == 0 {
			t.Errorf("%s not listed at all; want it listed low, with its reason", s)
			continue
		}
		c := cs[fr-1]
		straddles := c.Edges*2 <= c.Checked
		grammar := c.Function == "only" || c.Function == "ends" || c.Function == "starts and ends"
		if fr <= 20 || !(straddles || grammar) {
			t.Errorf("%s ranked %d, on word edges in %d of %d, function words %q; want below 20th, for straddling words or ending in grammar",
				s, fr, c.Edges, c.Checked, c.Function)
		}
	}
}

// TestHiddenTermWithWords is TestHiddenTermRealPages as tifa discover runs
// it: the boundary and function-word checks keep the real term on top.
func TestHiddenTermWithWords(t *testing.T) {
	pages := realPages(t)
	for _, hidden := range []string{"高质量发展", "一带一路"} {
		cs, st, err := Find(context.Background(), pages, withWords(t, Options{MinArticles: 2, Limit: 30, Exclude: lexiconWithout(t, hidden)}))
		if err != nil {
			t.Fatal(err)
		}
		if r := rankOf(cs, hidden); r == 0 || r > 5 {
			t.Errorf("%s ranked %d (0: not found) over %d pages; top 10: %v", hidden, r, st.Docs, texts(cs[:min(10, len(cs))]))
		}
	}
}
