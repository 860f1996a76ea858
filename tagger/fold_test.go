package tagger

import "testing"

func TestFold(t *testing.T) {
	fd, err := newFolder("+")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, in, want string
	}{
		{"traditional", "新質生產力", "新质生产力"},
		// U+F9B4 and U+F91D are compatibility twins (NFKC) of 領 and 欄, traditional for 领 and 栏.
		{"compatibility ideographs", "\uf9b4\uf91d", "领栏"},
		{"full-width letters and plus", "ＡＩ＋", "ai+"},
		// Full-width punctuation is left alone: offsets stay put at every comma.
		{"full-width comma kept", "开放，合作", "开放，合作"},
		{"line break between han dropped", "新质\r\n  生产力", "新质生产力"},
		{"line break between words is a space", "new\nquality", "new quality"},
		{"hyphen", "High-Quality", "high quality"},
		{"zero-width", "单一\u200b窗口", "单一窗口"},
		{"ideographic space between han", "中美\u3000关系", "中美关系"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(fd.fold(tt.in).b); got != tt.want {
				t.Errorf("fold(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// Every folded rune boundary maps back to an original one, and a match
// ending before dropped text does not swallow it.
func TestFoldOffsets(t *testing.T) {
	fd, err := newFolder("")
	if err != nil {
		t.Fatal(err)
	}
	in := "ＡＩ新质\n生产力\n\n开放"
	o := fd.fold(in)
	if got := string(o.b); got != "ai新质生产力开放" {
		t.Fatalf("fold = %q", got)
	}
	tests := []struct {
		name               string
		start, end         int // folded
		wantStart, wantEnd int // original
	}{
		{"full-width ai", 0, 2, 0, 6},
		{"across the line break", 2, 17, 6, 22},
		{"ends before dropped breaks", 8, 17, 13, 22},
		{"starts after dropped breaks", 17, 23, 24, 30},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if s, e := o.start(tt.start), o.end(tt.end); s != tt.wantStart || e != tt.wantEnd {
				t.Errorf("map [%d,%d) = [%d,%d) %q, want [%d,%d)", tt.start, tt.end, s, e, in[s:e], tt.wantStart, tt.wantEnd)
			}
		})
	}
}
