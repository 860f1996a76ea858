package tagger

import (
	"strings"
	"testing"

	"github.com/tifa-project/tifa/segment"
)

func TestCheck(t *testing.T) {
	terms := []Term{
		{ID: "single-window", Zh: []string{"单一窗口", "单一窗口"}},
		{ID: "intl-single-window", Zh: []string{"国际贸易单一窗口"}},
		{ID: "single-window-hk", Zh: []string{"單一窗口"}},
		{ID: "opening", Zh: []string{"开放", "对外开放"}},
		{ID: "nqpf", Zh: []string{"新质生产力"}},
		{ID: "china-us", Zh: []string{"中美"}},
	}
	// The real gse, without the lexicon pinned: it cuts 新质生产力 apart,
	// which is what pinning is for.
	seg, err := segment.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Check(terms, seg)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, f := range got {
		lines = append(lines, f.Level+" "+f.Term+": "+f.Msg)
	}
	all := strings.Join(lines, "\n")
	for _, want := range []string{
		`warn single-window: form "单一窗口" is listed twice`,
		`error single-window-hk: form "單一窗口" is also term "single-window"'s form "单一窗口"`,
		`info single-window: form "单一窗口" lies inside term "intl-single-window"'s form "国际贸易单一窗口": counted there too, as nested`,
		`info opening: form "开放" lies inside its own form "对外开放": counted once there`,
		`info nqpf: the segmenter cuts "新质生产力" as 新|质|生产力`,
		`info china-us: "中美" is boundary-checked: not counted inside dictionary words such as`,
		`中美洲`,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("missing finding %q in:\n%s", want, all)
		}
	}
}
