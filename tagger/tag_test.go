package tagger

import (
	"maps"
	"testing"
)

func TestTagCounts(t *testing.T) {
	tg := mustTagger(t)
	tests := []struct {
		name string
		text string
		want map[string]int
	}{
		// chinadaily/n4k_china_chinadaily_zh_WS65571297: 中美 is a word of its own.
		{"china-us relations", "中国媒体一贯致力于推动中美关系发展，准确而乐观地报道中美合作与发展前景", map[string]int{"china-us": 2}},
		// Same article: 中美+元首, not 中+美元; 美元 is the trap next door.
		{"china-us summit", "在美国旧金山举行的中美元首会晤吸引了全世界的目光", map[string]int{"china-us": 1}},
		// Central America is one word: no 中美 in it.
		{"central america", "中美洲和加勒比地区国家", map[string]int{}},
		// 集中+美元: the 中美 straddles two words.
		{"concentrate dollars", "集中美元资金用于进口", map[string]int{}},
		// govcn/mh_kepu_gov_cn_content_1755244: 开放 stands alone once (扩大制度型开放 is
		// 制度型+开放), and once inside the longer term, where it is nested but counted.
		{"opening-up standalone and nested", "要主动对接高标准国际经贸规则，扩大制度型开放，打造高水平对外开放门户",
			map[string]int{"opening-up": 2, "high-level-opening-up": 1}},
		// gse keeps 开放型 as one word: 开放 is not a word there.
		{"open-type economy", "推动建设开放型世界经济", map[string]int{}},
		{"expand opening", "坚定不移扩大开放", map[string]int{"opening-up": 1}},
		// Nested long forms count for both terms.
		{"nested single window", "加快国际贸易单一窗口建设", map[string]int{"intl-trade-single-window": 1, "single-window": 1}},
		// Quotes and corner brackets are not part of the form.
		{"quoted", "推广“单一窗口”和「单一窗口」模式", map[string]int{"single-window": 2}},
		// Traditional script folds to the simplified term.
		{"traditional", "因地制宜發展新質生產力，推動高質量發展", map[string]int{"new-quality-productive-forces": 1, "high-quality-development": 1}},
		// Short forms in traditional text are checked on the folded, simplified clause.
		{"traditional short", "推動中美關係發展，不是中美洲", map[string]int{"china-us": 1}},
		// A line break from the page layout inside the term.
		{"line break inside", "加快发展新质\n生产力。", map[string]int{"new-quality-productive-forces": 1}},
		{"crlf and indent inside", "加快发展新质\r\n  生产力。", map[string]int{"new-quality-productive-forces": 1}},
		// Full-width letters and plus fold to ASCII.
		{"full-width", "深入实施ＡＩ＋行动和人工智能＋", map[string]int{"ai-plus": 2}},
		// Full-width letters and an ideographic space in an English alias.
		{"full-width english", "ＳＩＮＧＬＥ　ＷＩＮＤＯＷ", map[string]int{"single-window": 1}},
		// English: case, hyphen and space variants are one alias.
		{"english variants", "High Quality Development and high-quality development; Single-Window, single window", map[string]int{"high-quality-development": 2, "single-window": 2}},
		// A longer ASCII word is not the alias.
		{"english inside words", "Windows single windows singlewindow single windowed", map[string]int{}},
		{"english china-us", "China-US trade and Sino-US ties", map[string]int{"china-us": 2}},
		{"english line break", "new quality\nproductive forces", map[string]int{"new-quality-productive-forces": 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Counts(tg.Tag(tt.text))
			if !maps.Equal(got, tt.want) {
				t.Errorf("Counts(Tag(%q)) = %v, want %v", tt.text, got, tt.want)
			}
		})
	}
}

func TestTagMentions(t *testing.T) {
	tg := mustTagger(t)
	text := "一、推进高水平对外开放。\n新质\n生产力：發展新質生產力！"
	got := tg.Tag(text)
	want := []Mention{
		{Term: "high-level-opening-up", Form: "高水平对外开放", Start: 12, End: 33, Sentence: "一、推进高水平对外开放。"},
		// Inside the longer term, so nested.
		{Term: "opening-up", Form: "开放", Start: 27, End: 33, Nested: true, Sentence: "一、推进高水平对外开放。"},
		// The line break stays in Form and Sentence: offsets are in the original.
		{Term: "new-quality-productive-forces", Form: "新质\n生产力", Start: 37, End: 53, Sentence: "新质\n生产力：發展新質生產力！"},
		// Outside a match a line break ends the sentence.
		{Term: "new-quality-productive-forces", Form: "新質生產力", Start: 62, End: 77, Sentence: "生产力：發展新質生產力！"},
	}
	if len(got) != len(want) {
		t.Fatalf("Tag = %+v, want %d mentions", got, len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("mention %d = %+v, want %+v", i, got[i], want[i])
		}
		if f := text[got[i].Start:got[i].End]; f != got[i].Form {
			t.Errorf("mention %d: text[Start:End] = %q, Form %q", i, f, got[i].Form)
		}
	}
}

// TestSpansIsTagWithoutSentences: the storage path finds the same mentions.
func TestSpansIsTagWithoutSentences(t *testing.T) {
	tg := mustTagger(t)
	text := "推动高质量发展，扩大高水平对外开放。中美关系在国际贸易单一窗口建设中受到关注。"
	tagged, spans := tg.Tag(text), tg.Spans(text)
	if len(tagged) == 0 || len(tagged) != len(spans) {
		t.Fatalf("Tag found %d, Spans %d", len(tagged), len(spans))
	}
	for i := range tagged {
		want := tagged[i]
		want.Sentence = ""
		if spans[i] != want {
			t.Errorf("mention %d: Spans %+v, Tag %+v", i, spans[i], tagged[i])
		}
	}
}
