package extract

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// alwaysDrop is removed from every body: never article text.
var alwaysDrop = []string{
	"script", "style", "noscript", "iframe", "video", "audio", "button", "select",
	"textarea", "form", "svg", "canvas",
}

var blockTags = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Br: true, atom.Li: true, atom.Ul: true, atom.Ol: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Table: true, atom.Tr: true, atom.Td: true, atom.Th: true, atom.Section: true,
	atom.Article: true, atom.Blockquote: true, atom.Figure: true, atom.Figcaption: true,
	atom.Center: true, atom.Dl: true, atom.Dt: true, atom.Dd: true, atom.Pre: true, atom.Hr: true,
	atom.Header: true, atom.Footer: true,
}

var skipTags = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Iframe: true,
	atom.Video: true, atom.Audio: true, atom.Button: true, atom.Select: true,
	atom.Textarea: true, atom.Svg: true, atom.Template: true, atom.Head: true,
}

// bodyText returns the paragraphs under n with boilerplate lines removed, and
// the editor's name if an editor line was among them.
func bodyText(n *html.Node) (paras []string, editor string) {
	return cleanBody(rawLines(n))
}

// cleanBody drops boilerplate lines and a repeated headline block.
func cleanBody(lines []string) (paras []string, editor string) {
	paras, editor = cleanLines(lines)
	return dropHeadlineBlock(paras), editor
}

// rawLines returns the text blocks under n, trimmed, without empty ones.
func rawLines(n *html.Node) []string {
	var sb strings.Builder
	writeBlocks(&sb, n)
	var lines []string
	for _, l := range strings.Split(sb.String(), "\n") {
		if l = trimLine(l); l != "" {
			lines = append(lines, l)
		}
	}
	return lines
}

// dropHeadlineBlock removes the headline block (kicker, title, subtitle)
// that sites reprinting a wire story repeat at the top of its text: short
// lines without a full stop before a dateline among the first lines.
func dropHeadlineBlock(paras []string) []string {
	for i, p := range paras {
		if i > 5 {
			break
		}
		if datelineRe.MatchString(p) {
			for _, h := range paras[:i] {
				if utf8.RuneCountInString(h) > 40 || strings.ContainsAny(h, "。！？") {
					return paras
				}
			}
			return paras[i:]
		}
	}
	return paras
}

// cleanLines trims lines and drops empty and boilerplate ones.
func cleanLines(lines []string) (paras []string, editor string) {
	for _, line := range lines {
		line = trimLine(line)
		if line == "" {
			continue
		}
		// The substring checks are the literals each regexp needs, so the
		// regexps only run on the few lines that could match (they were a
		// tenth of a crawl's CPU); lines_test.go checks the result is the same.
		if strings.Contains(line, "编") || strings.Contains(line, ":") {
			if name := editorName(line); name != "" && editorLine.MatchString(line) {
				editor = name
				continue
			}
		}
		if strings.Contains(line, "责") {
			line = trimLine(trailingEditor.ReplaceAllString(inlineEditor.ReplaceAllString(line, ""), ""))
		}
		if line == "" || isJunk(line) {
			continue
		}
		paras = append(paras, line)
	}
	return paras, editor
}

func writeBlocks(sb *strings.Builder, n *html.Node) {
	switch n.Type {
	case html.TextNode:
		if hasSpaceRun(n.Data) {
			sb.WriteString(spaceRun.ReplaceAllString(n.Data, " "))
		} else {
			sb.WriteString(n.Data)
		}
		return
	case html.CommentNode:
		return
	case html.ElementNode:
		if skipTags[tagAtom(n)] {
			return
		}
	}
	block := n.Type == html.ElementNode && blockTags[tagAtom(n)]
	if block {
		sb.WriteByte('\n')
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		writeBlocks(sb, c)
	}
	if block {
		sb.WriteByte('\n')
	}
}

// tagAtom returns n's atom; go-trafilatura builds its output elements
// without one, so the name is looked up.
func tagAtom(n *html.Node) atom.Atom {
	if n.DataAtom != 0 {
		return n.DataAtom
	}
	return atom.Lookup([]byte(n.Data))
}

var (
	spaceRun = regexp.MustCompile(`[\s\x{00a0}\x{3000}\x{2002}\x{2003}\x{2009}\x{200b}\x{feff}]+`)
	// editorLine is a whole paragraph naming the editor, e.g. "【责任编辑:王頔】",
	// "（责任编辑：刘则华）", "责任编辑：尹世杰", "责编：杨煜".
	editorLine   = regexp.MustCompile(`^[\[【（(]?\s*(?:(?:责任编辑|责编)\s*[:：]?|编辑\s*[:：]).{0,20}$|(?i)^\(?web editor:.{0,60}$`)
	inlineEditor = regexp.MustCompile(`[【（(\[]\s*(?:责任编辑|责编)\s*[:：][^】）)\]]{0,20}[】）)\]]`)
	editorRe     = regexp.MustCompile(`(?:责任编辑|责编|编辑)\s*[:：]\s*([^\s】）)\]|｜]{1,12})|(?i)web editor:\s*([^)]{1,60})`)
	// junkLines are whole boilerplate lines. need lists literals of which a
	// matching line contains at least one (none: always tried), so most
	// lines are refused without running the regexp.
	junkLines = []junkLine{
		{regexp.MustCompile(`^Play Video`), []string{"Play Video"}},
		{regexp.MustCompile(`^/?\s*\d{1,2}:\d{2}(?::\d{2})?\s*(?:/\s*\d{1,2}:\d{2}(?::\d{2})?)?$`), []string{":"}},
		{regexp.MustCompile(`^【?纠错】?$`), []string{"纠错"}},
		{regexp.MustCompile(`^阅读下一篇`), []string{"阅读下一篇"}},
		// A photo credit closing a caption: "…讲话。新华社记者 谢环驰 摄".
		{regexp.MustCompile(`^.{0,150}(?:记者|通讯员|摄影)\s*[\p{Han}·]{2,8}(?:\s+[\p{Han}·]{2,4})*\s*摄\s*[)）]?$`), []string{"摄"}},
		// A pager line: "上一页 1 2 3 下一页", "[1] [2] 下一页".
		{regexp.MustCompile(`^[\s\d\[\]【】<>«»›‹首尾共第页上下一]*(?:上一页|下一页)[\s\d\[\]【】<>«»›‹首尾共第页上下一]*$`), []string{"一页"}},
		{regexp.MustCompile(`^(?:分享到|字体|字号)[:：]?`), []string{"分享到", "字体", "字号"}},
		{regexp.MustCompile(`^【字号`), []string{"【字号"}},
		{regexp.MustCompile(`^(?:首页|当前位置|您的位置|您现在的位置|位置)\s*[:：]?\s*(?:首页\s*)?[>＞»›]`), []string{"位置", "首页"}},
		{regexp.MustCompile(`^\[?(?:打印|关闭窗口|返回顶部)\]?$`), []string{"打印", "关闭窗口", "返回顶部"}},
		{regexp.MustCompile(`^(?:小|中|大|\+1)$`), []string{"小", "中", "大", "+1"}},
		{regexp.MustCompile(`^点击进入.{0,20}>>$`), []string{"点击进入"}},
		// An editor line; a long paragraph ending in one keeps its text (see
		// trailingEditor), so the story is not dropped with it.
		{regexp.MustCompile(`^.{0,30}责任编辑.{0,30}$`), []string{"责任编辑"}},
		// Case-insensitive: no cheap literal, always tried.
		{regexp.MustCompile(`(?i)^.{0,80}(?:ICP备|ICP证|公网安备|copyright\s*(?:©|\(c\)|\d{4})|版权所有|all rights reserved|未经(?:书面)?(?:授权|许可).{0,10}(?:转载|使用)).{0,80}$`), nil},
		// The footer lines Chinese sites must carry: licence numbers and the
		// report hotline for illegal content.
		{regexp.MustCompile(`^.{0,60}(?:违法和不良信息举报|举报电话|举报邮箱|新闻信息服务许可证|经营许可证编号|网络文化经营许可证|网络传播视听节目许可证).{0,80}$`), []string{"举报", "许可证"}},
		// The metadata line above a story: "发布时间：2022-02-13 04:22:18 来源：云南日报".
		{regexp.MustCompile(`^.{0,20}(?:发布时间|发表时间|发布日期|发稿时间)\s*[:：].{0,80}$`), []string{"发布时间", "发表时间", "发布日期", "发稿时间"}},
		// Log-in prompts of the reader tools: "您还未登录，请登录后进行收藏！".
		{regexp.MustCompile(`^.{0,10}(?:您还未登录|您尚未登录|请登录后|请先登录|跳转到登录页).{0,30}$`), []string{"登录"}},
		// Tool lines: "本文来源于：人民网 打印| 关闭", "【打印】【关闭】".
		{regexp.MustCompile(`^本文来源于.{0,60}$`), []string{"本文来源于"}},
		{regexp.MustCompile(`^.{0,40}(?:打印|关闭窗口|收藏本页)\s*[|｜】\]].{0,40}$`), []string{"打印", "关闭窗口", "收藏本页"}},
		// Keyword and tag lines: "关键字：…", "关键词阅读： 东海证券".
		{regexp.MustCompile(`^[【\[]?(?:关键字|关键词|关键词阅读|标签|Tags?)[】\]]?\s*[:：].{0,80}$`), []string{"关键字", "关键词", "标签", "Tag"}},
		// The heading of a related-articles list, and comment-box lines.
		{regexp.MustCompile(`^[【\[]?(?:相关(?:新闻|阅读|文章|报道|链接|推荐)|延伸阅读|推荐阅读|热点推荐|热门推荐|猜你喜欢)[】\]]?\s*[:：]?$`), []string{"相关", "延伸阅读", "推荐阅读", "热点推荐", "热门推荐", "猜你喜欢"}},
		{regexp.MustCompile(`^(?:跟贴热词|网友评论仅供其表达个人看法|\d+\s*人参与)`), []string{"跟贴热词", "网友评论仅供其表达个人看法", "人参与"}},
	}
	// trailingEditor is an editor's name closing a paragraph without brackets.
	trailingEditor = regexp.MustCompile(`\s*(?:责任编辑|责编)\s*[:：]\s*[\p{Han}·、]{2,12}\s*$`)
)

type junkLine struct {
	re   *regexp.Regexp
	need []string
}

func (j junkLine) match(line string) bool {
	if j.need != nil && !containsAny(line, j.need) {
		return false
	}
	return j.re.MatchString(line)
}

func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

func isJunk(line string) bool {
	for _, j := range junkLines {
		if j.match(line) {
			return true
		}
	}
	return false
}

func trimLine(s string) string {
	if !hasSpaceRun(s) {
		// spaceRun would only put single spaces back where they are.
		return strings.TrimSpace(s)
	}
	return strings.TrimSpace(spaceRun.ReplaceAllString(s, " "))
}

// hasSpaceRun reports whether spaceRun would change s: a space character
// other than a single ASCII space, or two in a row.
func hasSpaceRun(s string) bool {
	prevSpace := false
	for _, r := range s {
		switch r {
		case '\t', '\n', '\f', '\r', '\u00a0', '\u3000', '\u2002', '\u2003', '\u2009', '\u200b', '\ufeff':
			return true
		case ' ':
			if prevSpace {
				return true
			}
			prevSpace = true
		default:
			prevSpace = false
		}
	}
	return false
}

func collapseSpace(s string) string { return trimLine(s) }

// placeholderName is what CMS accounts, not people, are called.
var placeholderName = regexp.MustCompile(`(?i)^(?:系统管理员|管理员|admin|administrator|system|编辑部)$`)

// editorName pulls the name out of an editor line, or returns "".
func editorName(s string) string {
	m := editorRe.FindStringSubmatch(collapseSpace(s))
	if m == nil {
		return ""
	}
	name := strings.TrimSpace(m[1] + m[2])
	if strings.Trim(name, "0123456789") == "" || placeholderName.MatchString(name) {
		return "" // people.com.cn puts a numeric editor id in its meta
	}
	return name
}

var authorPrefix = regexp.MustCompile(`^(?:作者|文|记者|通讯员)\s*[:：]\s*`)

// cleanAuthor strips label prefixes and refuses values that are not names:
// numeric ids (people.com.cn) and site names (kepu.gov.cn puts its own).
func cleanAuthor(s string) string {
	s = authorPrefix.ReplaceAllString(collapseSpace(s), "")
	switch {
	case strings.HasSuffix(s, "："), strings.HasSuffix(s, ":"),
		strings.Trim(s, "0123456789") == "", siteWord.MatchString(s):
		return ""
	}
	return s
}

var sourceRe = regexp.MustCompile(`来源\s*[:：]\s*([^\s|｜　]+)`)

// originFromLine reads X from a "来源：X" line.
func originFromLine(s string) string {
	m := sourceRe.FindStringSubmatch(collapseSpace(s))
	if m == nil {
		return ""
	}
	return strings.Trim(m[1], "（）()")
}

// datelineRe matches wire datelines such as "新华社乌鲁木齐5月9日电" or
// "本报北京5月9日电": the agency named first is the origin of a reprint.
var datelineRe = regexp.MustCompile(`^[（(]?(新华社|中新社|中新网|人民日报|光明日报|经济日报|央视网|央广网|中国日报|人民网|新华网|中国网|国际在线|中国青年报|中青网|环球时报|解放军报|科技日报|法治日报|工人日报)[^，。,]{0,12}?\d{1,2}月\d{1,2}日(?:电|讯)`)

// englishDatelineRe matches "HONG KONG/GUANGZHOU, Jan. 15 (Xinhua) --".
var englishDatelineRe = regexp.MustCompile(`^[A-Z][A-Z .,/'-]{1,60}, [A-Z][a-z]{2,8}\.? \d{1,2} \(([A-Za-z' ]{2,30})\)\s*[-–—]`)

func datelineOrigin(paras []string) string {
	for i, p := range paras {
		if i > 3 {
			break
		}
		if m := datelineRe.FindStringSubmatch(p); m != nil {
			return m[1]
		}
		if m := englishDatelineRe.FindStringSubmatch(p); m != nil {
			return m[1]
		}
	}
	return ""
}
