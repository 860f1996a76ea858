package extract

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// The reference: cleanLines as it was before the substring checks, every
// regexp run on every line.
func cleanLinesRegexp(lines []string) (paras []string, editor string) {
	trim := func(s string) string { return strings.TrimSpace(spaceRun.ReplaceAllString(s, " ")) }
	for _, line := range lines {
		line = trim(line)
		if line == "" {
			continue
		}
		if name := editorName(line); name != "" && editorLine.MatchString(line) {
			editor = name
			continue
		}
		line = trim(trailingEditor.ReplaceAllString(inlineEditor.ReplaceAllString(line, ""), ""))
		if line == "" || slices.ContainsFunc(junkLines, func(j junkLine) bool { return j.re.MatchString(line) }) {
			continue
		}
		paras = append(paras, line)
	}
	return paras, editor
}

// TestCleanLinesSameAsRegexps runs cleanLines and the regexp-only reference
// over every text line of the corpus pages and constructed pages, and over
// lines made to hit each junk pattern and whitespace kind, line by line so
// a difference names its line.
func TestCleanLinesSameAsRegexps(t *testing.T) {
	var lines []string
	var pages []string
	for _, dir := range []string{corpusDir, filepath.Join("testdata", "constructed")} {
		filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
			if err == nil && strings.HasSuffix(path, ".html") {
				pages = append(pages, path)
			}
			return err
		})
	}
	if len(pages) < 20 {
		t.Fatalf("found %d pages under %s and testdata/constructed; want the corpus", len(pages), corpusDir)
	}
	for _, path := range pages {
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := html.Parse(strings.NewReader(string(raw)))
		if err != nil {
			t.Fatalf("parse %s: %v", path, err)
		}
		var sb strings.Builder
		writeBlocks(&sb, doc)
		lines = append(lines, strings.Split(sb.String(), "\n")...)
	}
	lines = append(lines,
		"Play Video", "12:30 / 45:00", "【纠错】", "阅读下一篇：某某", "新华社记者 谢环驰 摄", "上一页 1 2 3 下一页",
		"分享到：", "字号：大 中 小", "【字号 大 中 小】", "当前位置：首页 > 新闻", "首页 > 新闻", "[打印]", "中", "+1",
		"点击进入专题>>", "（责任编辑：刘则华）", "责编：杨煜", "Web Editor: Li Yan", "WEB EDITOR: X", "web editor:x",
		"滇ICP备11000491号-1", "icp备1号", "Copyright 2024 x", "举报电话：12377", "发布时间：2022-02-13 来源：某报",
		"请先登录", "本文来源于：人民网", "打印｜关闭", "关键词：某", "Tags: a b", "相关新闻", "推荐阅读：", "跟贴热词",
		"12 人参与", "第二段。责任编辑：张三", "正文【责任编辑：王頔】正文。", "a\tb", "a  b", "a\u00a0b", "\u3000\u3000正文",
		"a\u200bb", "\ufeffa", "a \u2002 b", " a ", "a\r\nb", "编辑：系统管理员", "编辑: 123", "正文：没有编者。",
	)
	if len(lines) < 2000 {
		t.Fatalf("only %d lines; the corpus pages did not load", len(lines))
	}
	for _, l := range lines {
		got, gotEd := cleanLines([]string{l})
		want, wantEd := cleanLinesRegexp([]string{l})
		if !slices.Equal(got, want) || gotEd != wantEd {
			t.Errorf("cleanLines(%q) = %q, editor %q; the regexps alone give %q, editor %q", l, got, gotEd, want, wantEd)
		}
		if trimLine(l) != strings.TrimSpace(spaceRun.ReplaceAllString(l, " ")) {
			t.Errorf("trimLine(%q) = %q, spaceRun gives %q", l, trimLine(l), strings.TrimSpace(spaceRun.ReplaceAllString(l, " ")))
		}
	}
	got, gotEd := cleanLines(lines)
	want, wantEd := cleanLinesRegexp(lines)
	if !slices.Equal(got, want) || gotEd != wantEd {
		t.Errorf("cleanLines over all %d lines differs from the regexps alone", len(lines))
	}
}

// BenchmarkCleanLines is cleanLines over every text line of the corpus.
func BenchmarkCleanLines(b *testing.B) {
	var lines []string
	for _, p := range loadCorpus(b) {
		doc, err := html.Parse(strings.NewReader(string(p.raw)))
		if err != nil {
			b.Fatal(err)
		}
		lines = append(lines, rawLines(doc)...)
	}
	b.Run("substring-checks", func(b *testing.B) {
		for b.Loop() {
			cleanLines(lines)
		}
	})
	b.Run("regexps-only", func(b *testing.B) {
		for b.Loop() {
			cleanLinesRegexp(lines)
		}
	})
}
