package report

import (
	"fmt"
	"os"
	"strings"

	"golang.org/x/image/font/opentype"
)

// CJKFonts are where Debian puts fonts that have Chinese glyphs, in order
// of preference. .ci/run installs fonts-wqy-microhei (Apache 2.0 or GPLv3),
// so the first is there on a fresh machine; the repository ships no font.
var CJKFonts = []string{
	"/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",            // fonts-wqy-microhei
	"/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",              // fonts-wqy-zenhei
	"/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", // fonts-droid-fallback
	"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",    // fonts-noto-cjk
}

// Font is a loaded font and where it came from, for the chart's caption and
// the README's promise that Chinese labels render.
type Font struct {
	Path string
	Face *opentype.Font
}

// FindCJKFont loads path, or when it is empty the first of CJKFonts that
// exists. A collection (.ttc) gives its first face.
func FindCJKFont(path string) (*Font, error) {
	paths := CJKFonts
	if path != "" {
		paths = []string{path}
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			if path != "" {
				return nil, fmt.Errorf("chart font: %w", err)
			}
			continue
		}
		face, err := parseFont(data)
		if err != nil {
			return nil, fmt.Errorf("chart font %s: %w", p, err)
		}
		return &Font{Path: p, Face: face}, nil
	}
	return nil, fmt.Errorf("chart font: no CJK font found (tried %s); install fonts-wqy-microhei (apt-get install fonts-wqy-microhei) or pass --font FILE",
		strings.Join(paths, ", "))
}

func parseFont(data []byte) (*opentype.Font, error) {
	font, err := standalone(data)
	if err != nil {
		return nil, err
	}
	return opentype.Parse(font)
}
