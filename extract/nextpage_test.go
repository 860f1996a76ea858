package extract

import (
	"slices"
	"strings"
	"testing"

	"github.com/tifa-project/tifa/reprint"
)

func TestMultiPageStitch(t *testing.T) {
	const u1 = "http://www.xinhuanet.com/politics/2019-12/10/c_1110000001.htm"
	const u2 = "http://www.xinhuanet.com/politics/2019-12/10/c_1110000001_2.htm"
	first, err := extract(u1, readConstructed(t, "xinhua_2016_multipage_1.html"), "", testNow)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{u2}; !slices.Equal(first.NextPages, want) {
		t.Fatalf("next pages: got %q, want %q", first.NextPages, want)
	}
	second, err := extract(u2, readConstructed(t, "xinhua_2016_multipage_2.html"), "", testNow)
	if err != nil {
		t.Fatal(err)
	}
	if len(second.NextPages) != 0 {
		t.Errorf("next pages of the last page: got %q, want none", second.NextPages)
	}
	whole := Stitch(first, second)
	want := strings.Join([]string{
		"新华社武汉12月10日电（记者王五）长江经济带各省市持续推进生态环境保护修复。",
		"沿江省市关停搬迁化工企业，岸线整治取得明显进展。",
		"监测数据显示，长江干流水质连续保持优良。",
	}, "\n")
	if whole.Body != want {
		t.Errorf("stitched body:\ngot  %q\nwant %q", whole.Body, want)
	}
	if whole.Fingerprint != reprint.Fingerprint(want) || whole.NextPages != nil {
		t.Errorf("stitched fingerprint %x next %q; want %x and none", whole.Fingerprint, whole.NextPages, reprint.Fingerprint(want))
	}
	if first.Body == whole.Body {
		t.Error("Stitch changed its first argument")
	}
}

func TestNextPagesRealPage(t *testing.T) {
	// China Daily's English story in the corpus is the first of six pages.
	for _, p := range loadCorpus(t) {
		if p.rel != "chinadaily/mh_chinadaily_en_WS664af0b2" {
			continue
		}
		a, err := extract(p.url(), p.raw, "", testNow)
		if err != nil {
			t.Fatal(err)
		}
		if len(a.NextPages) != 5 || !strings.HasSuffix(a.NextPages[0], "WS664af0b2a31082fc043c814d_2.html") {
			t.Errorf("next pages: got %q, want _2 … _6", a.NextPages)
		}
		return
	}
	t.Fatal("page not in corpus")
}
