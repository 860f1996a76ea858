package tagger

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSentence(t *testing.T) {
	long := strings.Repeat("长", 300)
	tests := []struct {
		name, text, form, want string
	}{
		{"cut on full stops", "第一句。推进高水平对外开放，加强合作！第三句", "开放", "推进高水平对外开放，加强合作！"},
		{"cut on line breaks", "标题\n推进高水平对外开放\n正文", "开放", "推进高水平对外开放"},
		{"line break inside the match kept", "上句。发展新质\n生产力。", "新质\n生产力", "发展新质\n生产力。"},
		{"capped and centred", long + "开放" + long, "开放", strings.Repeat("长", 99) + "开放" + strings.Repeat("长", 99)},
		// A sentence within the cap is returned whole, however lopsided.
		{"whole when short", "上句。" + strings.Repeat("长", 150) + "开放。", "开放", strings.Repeat("长", 150) + "开放。"},
		// Too long, with the match near its start: the unused left share goes right.
		{"capped near the start", "上句。开放" + long, "开放", "开放" + strings.Repeat("长", 198)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := strings.Index(tt.text, tt.form)
			sn := sentencer{text: tt.text}
			got := sn.sentence(start, start+len(tt.form))
			if got != tt.want {
				t.Errorf("sentence = %q, want %q", got, tt.want)
			}
			if n := utf8.RuneCountInString(got); n > maxSentence {
				t.Errorf("sentence has %d runes, cap %d", n, maxSentence)
			}
		})
	}
}
