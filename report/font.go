package report

import (
	_ "embed"
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/image/font/opentype"
)

// embeddedFont is Droid Sans Fallback cut to GB2312, ASCII and CJK
// punctuation (font/subset.sh; Apache 2.0, font/LICENSE and font/NOTICE):
// a chart draws Chinese on a machine with no CJK font installed.
//
//go:embed font/DroidSansFallback-GB2312.ttf
var embeddedFont []byte

// EmbeddedFontName is what a chart reports as its font when no system font
// was found.
const EmbeddedFontName = "embedded Droid Sans Fallback (GB2312 subset)"

// SystemFontDir is where Debian installs fonts.
const SystemFontDir = "/usr/share/fonts"

// systemFonts are the CJK fonts Debian packages, under SystemFontDir, in
// order of preference: each covers more than the embedded subset (rarer
// hanzi such as 堃), so an installed one wins.
var systemFonts = []string{
	"truetype/wqy/wqy-microhei.ttc",            // fonts-wqy-microhei
	"truetype/wqy/wqy-zenhei.ttc",              // fonts-wqy-zenhei
	"truetype/droid/DroidSansFallbackFull.ttf", // fonts-droid-fallback
	"opentype/noto/NotoSansCJK-Regular.ttc",    // fonts-noto-cjk
}

// SystemFonts lists the fonts LoadFont looks for under dir, in order.
func SystemFonts(dir string) []string {
	out := make([]string, len(systemFonts))
	for i, p := range systemFonts {
		out[i] = filepath.Join(dir, p)
	}
	return out
}

// Font is a loaded font and where it came from, for the chart's caption.
type Font struct {
	Path string // the file, or EmbeddedFontName
	Face *opentype.Font
}

// LoadFont loads path when given (an error if it cannot); otherwise the
// first of SystemFonts(dir) that is installed, and failing those the
// embedded subset. A collection (.ttc) gives its first face.
func LoadFont(path, dir string) (*Font, error) {
	if path != "" {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("chart font: %w", err)
		}
		return parseFontFile(path, data)
	}
	for _, p := range SystemFonts(dir) {
		data, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		return parseFontFile(p, data)
	}
	return EmbeddedFont()
}

// EmbeddedFont is the font compiled into tifa.
func EmbeddedFont() (*Font, error) { return parseFontFile(EmbeddedFontName, embeddedFont) }

func parseFontFile(name string, data []byte) (*Font, error) {
	face, err := parseFont(data)
	if err != nil {
		return nil, fmt.Errorf("chart font %s: %w", name, err)
	}
	return &Font{Path: name, Face: face}, nil
}

func parseFont(data []byte) (*opentype.Font, error) {
	font, err := standalone(data)
	if err != nil {
		return nil, err
	}
	return opentype.Parse(font)
}
