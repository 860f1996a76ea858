package extract

import (
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/markusmobius/go-dateparser"
	"github.com/markusmobius/go-htmldate"
	"github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// minExtracted is the text (in characters) below which go-trafilatura
// throws away what its main pass chose and rescues the page with its
// baseline, which keeps each distinct <p> once, navigation included. Its
// default of 250 is a short English paragraph but a whole Chinese news brief;
// see pass for how the two readings are weighed.
const minExtracted = 50

// trafResult is a go-trafilatura result with its body already rendered.
type trafResult struct {
	*trafilatura.ExtractResult
	paras  []string
	editor string
	// text is go-trafilatura's own text, kept so that a page it can read is
	// never lost to a clean-up that left nothing.
	text []string
}

// runTrafilatura favours recall without the fallback extractors, which
// scored best on the English benchmark pages; when that pass finds much less
// text than the default pass with fallbacks, and that text includes it, the
// default pass wins: favouring recall sometimes stops at the first block of a
// long article. A longer text that repeats a line is a listing and loses.
func runTrafilatura(p *page) (*trafResult, error) {
	lines := pageLines(p.doc.Nodes[0])
	var best, other *trafResult
	var meta *trafilatura.Metadata
	for _, opts := range []trafilatura.Options{
		{Focus: trafilatura.FavorRecall, ExcludeComments: true, HtmlDateMode: trafilatura.Extensive},
		{EnableFallback: true, ExcludeComments: true},
	} {
		// The page's metadata is the same on every run; its date search,
		// the dearest part of a run, is done once.
		if meta != nil {
			opts.HtmlDateMode = trafilatura.Disabled
		} else if opts.HtmlDateMode == trafilatura.Extensive {
			opts.HtmlDateOptions = extensiveDates()
		}
		if u, err := url.Parse(unwrapArchive(p.url)); err == nil && u.Host != "" {
			opts.OriginalURL = u
		}
		r := pass(p, opts, lines)
		if r == nil {
			continue
		}
		if meta == nil {
			meta = &r.Metadata
		}
		r.Metadata = *meta
		if best == nil {
			best = r
			continue
		}
		if secondWins(best.paras, r.paras) {
			best, other = r, best
		} else {
			other = r
		}
	}
	if best == nil {
		return nil, ErrNoArticle
	}
	if other != nil {
		best.paras = trimToAgreement(best.paras, other.text)
	}
	return best, nil
}

// pass runs go-trafilatura with opts. Below its minimum of text its main
// pass is replaced by the baseline rescue, which on a short page of an
// unknown template returns every distinct <p> of the page once, navigation
// and footer included. So a short result is weighed against a run with a
// lower minimum: that run's choice wins when it stands inside the rescue's
// text (the rescue only added navigation), not when it chose other text (old
// table layouts, where the main pass picks the menus). Long results are kept
// as they are: a lower minimum also changes how the main pass reads a page.
func pass(p *page, opts trafilatura.Options, lines []pageLine) *trafResult {
	def := trafilatura.DefaultConfig()
	opts.Config = def
	r := extractWith(p, opts, lines)
	if r == nil || utf8.RuneCountInString(r.ContentText) >= 2*def.MinExtractedSize {
		return r
	}
	low := *def
	low.MinExtractedSize = minExtracted
	opts.Config = &low
	opts.HtmlDateMode = trafilatura.Disabled // r has the metadata
	if short := extractWith(p, opts, lines); short != nil && within(short.text, r.text) >= 0.9 {
		short.Metadata = r.Metadata
		return short
	}
	return r
}

func extractWith(p *page, opts trafilatura.Options, lines []pageLine) *trafResult {
	if p.trafDoc == nil {
		doc, err := html.Parse(transform.NewReader(strings.NewReader(p.html), trafilaturaText()))
		if err != nil {
			return nil
		}
		p.trafDoc = doc
	}
	// The parsed page is shared by every pass without a copy: ExtractDocument
	// only reads the tree it is given (its metadata search and go-htmldate
	// each clone what they change, and it clones the tree before cleaning
	// it), so a copy here was a fourth clone per pass. The golden files of
	// the corpus pages hold this.
	res, err := trafilatura.ExtractDocument(p.trafDoc, opts)
	if err != nil || res.ContentNode == nil {
		return nil
	}
	return readResult(res, lines)
}

// extensiveDates is go-trafilatura's extensive date search (its own
// options for HtmlDateMode Extensive) with the free-text date parser asked
// for Chinese and English only, the languages of the pages tifa reads:
// left to itself it tried each of its 800 locales on every date-like string
// of the page, 9 % of a crawl's CPU for a quarter of the pages generic.
func extensiveDates() *htmldate.Options {
	return &htmldate.Options{UseOriginalDate: true, DateParserConfig: &dateparser.Configuration{
		PreferredDateSource: dateparser.Past, StrictParsing: true, Languages: []string{"zh", "en"}}}
}

// trafilaturaText is what go-trafilatura's own parse (go-shiori/dom.Parse)
// does to a page's text before parsing it: NFC, soft hyphens dropped. The
// parse is tifa's because the other half of dom.Parse guesses the page's
// charset again with a statistical detector: the page is already decoded
// to UTF-8 here (package charset, from its declarations and bytes), the
// guess was a tenth of a crawl's CPU (every generic page, every pass), and
// a wrong guess would decode UTF-8 text a second time as something else.
func trafilaturaText() transform.Transformer {
	return transform.Chain(norm.NFD, runes.Remove(runes.Predicate(func(r rune) bool { return r == '\u00AD' })), norm.NFC)
}

// within returns the share of the characters of a whose line occurs in b,
// as a line or inside one (the rescue may be the page's text in one piece).
func within(a, b []string) float64 {
	keys := make([]string, len(b))
	for i, l := range b {
		keys[i] = lineKey(l)
	}
	all := strings.Join(keys, "\n")
	var found, total int
	for _, l := range a {
		k := lineKey(l)
		n := utf8.RuneCountInString(k)
		total += n
		if strings.Contains(all, k) {
			found += n
		}
	}
	if total == 0 {
		return 0
	}
	return float64(found) / float64(total)
}

// secondWins weighs the default pass against the recall pass. It wins when
// it holds what the first found and much more, not when it found other text;
// or when the first chose no story at all but menus, metadata tables and
// link rows (old table layouts), and the second has at least twice its prose.
// A longer text that repeats a line is a listing and loses either way.
func secondWins(first, second []string) bool {
	a, b := strings.Join(first, "\n"), strings.Join(second, "\n")
	if repeatsLines(second) || repeats(first, b) {
		return false
	}
	if _, recall, _ := BodyF1(b, a); recall >= 0.9 && len(b) > 2*len(a) {
		return true
	}
	pa := prose(first)
	return pa < noStory && prose(second) > 2*pa
}

// trimToAgreement drops the lines at the head and foot of one reading that
// the other reading of the page does not hold, when the two chose the same
// story (the other holds nearly all of what is left) and the edges are the
// smaller part: favouring recall picks up the site's footer below a story
// (licence numbers, report hotlines, log-in prompts) and labels above it,
// whose terms would be counted as the story's. Lines inside the story are
// kept, and when the edges outweigh the shared part (the other reading
// stopped early) every line stays: there the extra text is the story.
func trimToAgreement(paras, other []string) []string {
	if len(other) == 0 {
		return paras
	}
	in := func(l string) bool { return within([]string{l}, other) > 0 }
	first, last := 0, len(paras)
	for first < last && !in(paras[first]) {
		first++
	}
	for last > first && !in(paras[last-1]) {
		last--
	}
	kept := paras[first:last]
	if len(kept) == 0 || within(kept, other) < agreement {
		return paras
	}
	edges := runesIn(paras[:first]) + runesIn(paras[last:])
	if 2*edges >= runesIn(kept) {
		return paras
	}
	return kept
}

// agreement is the share of one reading's text the other must hold for the
// two to be the same story.
const agreement = 0.8

func runesIn(lines []string) int {
	n := 0
	for _, l := range lines {
		n += utf8.RuneCountInString(l)
	}
	return n
}

// noStory is the prose (in characters) below which a reading holds no story:
// less than a two-sentence news brief.
const noStory = 100

// prose counts the characters in lines that read as sentences: long enough
// and punctuated, unlike menus, labels and headlines.
func prose(paras []string) int {
	n := 0
	for _, p := range paras {
		if r := utf8.RuneCountInString(p); r >= 20 && strings.ContainsAny(p, "。，；！？.,;!?") {
			n += r
		}
	}
	return n
}

// readResult reads what go-trafilatura chose back from the page's own lines
// (see mapBack), so repeated paragraphs keep their count and link lists
// show as links; text it cannot find on the page is read as it stands. A
// second copy of the story is dropped either way.
func readResult(res *trafilatura.ExtractResult, page []pageLine) *trafResult {
	chosen := dropConcatenations(rawLines(res.ContentNode))
	lines, ok := mapBack(chosen, page)
	if ok {
		lines = dropLinkLists(lines)
	} else {
		lines = make([]pageLine, len(chosen))
		for i, c := range chosen {
			lines[i] = pageLine{text: c, key: lineKey(c)}
		}
	}
	r := &trafResult{ExtractResult: res, text: chosen}
	r.paras, r.editor = cleanBody(cutAtTail(lineTexts(dropRepeatedRuns(lines))))
	return r
}

// tailHeading opens what portals put after a story: related articles,
// comments and the comment form.
var tailHeading = regexp.MustCompile(`^[【\[■●]?\s*(?:相关(?:新闻|阅读|内容|文章|报道|链接|推荐)|延伸阅读|推荐阅读|热点推荐|热门推荐|猜你喜欢|文章评论|网友评论|发表评论|我要评论|最新评论|热门评论)\s*[】\]]?\s*[:：>»]*$`)

// cutAtTail ends the text at such a heading once most of the prose is
// behind it: what follows is other stories and readers' comments, whose
// every term would be counted as the story's.
func cutAtTail(paras []string) []string {
	total := prose(paras)
	seen := 0
	for i, p := range paras {
		if tailHeading.MatchString(p) && seen*2 > total {
			return paras[:i]
		}
		seen += prose(paras[i : i+1])
	}
	return paras
}
