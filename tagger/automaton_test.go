package tagger

import (
	"fmt"
	"testing"
)

func TestAutomatonOverlapping(t *testing.T) {
	a := newAutomaton([]string{"单一窗口", "国际贸易单一窗口", "贸易", "he", "she", "hers"})
	tests := []struct {
		in   string
		want string // pattern@start-end, in end order
	}{
		// Every pattern is reported, nested ones too.
		{"国际贸易单一窗口", "[2@6-12 1@0-24 0@12-24]"},
		{"ushers", "[4@1-4 3@2-4 5@2-6]"},
		{"无关文本", "[]"},
	}
	for _, tt := range tests {
		var got []string
		for _, h := range a.scan([]byte(tt.in), nil) {
			got = append(got, fmt.Sprintf("%d@%d-%d", h.pattern, h.start, h.end))
		}
		if s := fmt.Sprint(got); s != tt.want && !(len(got) == 0 && tt.want == "[]") {
			t.Errorf("scan(%q) = %s, want %s", tt.in, s, tt.want)
		}
	}
}
