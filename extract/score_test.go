package extract

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/tifa-project/tifa"
)

func TestTokens(t *testing.T) {
	got := strings.Join(Tokens("新华社ＡＢＣ 5G网络, Hello-World 2024年"), "|")
	want := "新|华|社|abc|5g|网|络|hello|world|2024|年"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestBodyF1(t *testing.T) {
	tests := []struct {
		name, got, want string
		f1              float64
	}{
		{"equal", "新华社北京电", "新华社北京电", 1},
		{"punctuation and spacing ignored", "新华社 北京，电", "新华社北京电。", 1},
		{"half recall", "新华", "新华社北", 2 * 1 * 0.5 / 1.5},
		{"junk lowers precision", "Play Video 新华社", "新华社", 2 * 0.6 * 1 / 1.6},
		{"nothing in common", "abc", "新华", 0},
		{"empty", "", "新华", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, _, f1 := BodyF1(tt.got, tt.want); math.Abs(f1-tt.f1) > 1e-9 {
				t.Errorf("got %.4f, want %.4f", f1, tt.f1)
			}
		})
	}
}

func TestParseTruth(t *testing.T) {
	truth, err := ParseTruth(strings.NewReader(`{"url": null, "title": "标题", "published": "2009年11月09日00:00",
		"body": null, "body_must_contain": ["甲"], "truth_source": "x"}`))
	if err != nil {
		t.Fatal(err)
	}
	if truth.URL != nil || truth.Body != nil || truth.Title == nil || *truth.Title != "标题" || len(truth.BodyMustContain) != 1 {
		t.Errorf("unexpected truth %+v", truth)
	}
	if _, err := ParseTruth(strings.NewReader("{")); err == nil {
		t.Error("want an error for broken JSON")
	}
}

func TestParseTruthTime(t *testing.T) {
	tests := []struct {
		in      string
		want    string
		hasTime bool
		wantOK  bool
	}{
		{"2024-05-09 22:27:02", "2024-05-09 22:27", true, true},
		{"2024年05月10日06:58", "2024-05-10 06:58", true, true},
		{"2023-11-17T00:00:00", "2023-11-17 00:00", false, true},
		{"2012-06-04", "2012-06-04 00:00", false, true},
		{"2007-08-20-23:59:59", "2007-08-20 23:59", true, true},
		{"11:35, November 23, 2022", "2022-11-23 11:35", true, true},
		{"unknown", "", false, false},
	}
	for _, tt := range tests {
		got, hasTime, ok := ParseTruthTime(tt.in)
		gotS := ""
		if ok {
			gotS = got.Format("2006-01-02 15:04")
		}
		if gotS != tt.want || hasTime != tt.hasTime || ok != tt.wantOK {
			t.Errorf("ParseTruthTime(%q): got %q %v %v, want %q %v %v", tt.in, gotS, hasTime, ok, tt.want, tt.hasTime, tt.wantOK)
		}
	}
}

func TestScore(t *testing.T) {
	str := func(s string) *string { return &s }
	got := &tifa.Article{
		Title:     "女儿出嫁，郑板桥画了几笔兰花当嫁妆",
		Published: time.Date(2019, 6, 15, 8, 18, 0, 0, tifa.China),
		Body:      "第一段正文。\n第二段正文。",
	}
	tests := []struct {
		name  string
		truth Truth
		want  Scores
	}{
		{"nothing known", Truth{}, Scores{}},
		{"title ignores punctuation and spaces", Truth{Title: str("女儿出嫁 郑板桥画了几笔兰花当嫁妆")},
			Scores{TitleChecked: true, TitleOK: true}},
		{"date to the minute", Truth{Published: str("2019年06月15日08:18")}, Scores{DateChecked: true, DateOK: true}},
		{"date wrong minute", Truth{Published: str("2019-06-15 08:19")}, Scores{DateChecked: true}},
		{"date day only", Truth{Published: str("2019-06-15")}, Scores{DateChecked: true, DateOK: true}},
		{"snippets", Truth{BodyMustContain: []string{"第二段", "第三段"}, BodyMustNotContain: []string{"第一段", "广告"}},
			Scores{MissingSnippets: []string{"第三段"}, ForbiddenSnippets: []string{"第一段"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Score(got, tt.truth)
			if s.TitleChecked != tt.want.TitleChecked || s.TitleOK != tt.want.TitleOK ||
				s.DateChecked != tt.want.DateChecked || s.DateOK != tt.want.DateOK ||
				strings.Join(s.MissingSnippets, ",") != strings.Join(tt.want.MissingSnippets, ",") ||
				strings.Join(s.ForbiddenSnippets, ",") != strings.Join(tt.want.ForbiddenSnippets, ",") {
				t.Errorf("got %+v, want %+v", s, tt.want)
			}
		})
	}
	s := Score(got, Truth{Body: str("第一段正文。第二段正文。")})
	if !s.BodyChecked || s.F1 != 1 {
		t.Errorf("body: got %+v, want checked with F1 1", s)
	}
}
