package report

import (
	"math"
	"strings"

	"codeberg.org/go-fonts/liberation/liberationsansregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
)

// fontStack draws each character with the first font that has a glyph for
// it, as a browser does: Latin from Liberation Sans (so axis words look the
// same whichever CJK font is installed), Chinese from the chosen font, and
// what that lacks from the embedded subset. gonum's text.Plain knows one
// font per label, which would draw Droid Sans Fallback's missing Latin
// letters as boxes.
type fontStack struct {
	faces []*Font
	glyph map[rune]int // index into faces; -1: none has it
}

// latinFont is Liberation Sans (SIL OFL), which gonum/plot already ships.
var latinFont = func() *Font {
	f, err := opentype.Parse(liberationsansregular.TTF)
	if err != nil {
		panic(err) // a compiled-in font that does not parse is a build defect
	}
	return &Font{Path: "Liberation Sans", Face: f}
}()

func newFontStack(cjk *Font) (*fontStack, error) {
	faces := []*Font{latinFont, cjk}
	if cjk.Path != EmbeddedFontName {
		emb, err := EmbeddedFont()
		if err != nil {
			return nil, err
		}
		faces = append(faces, emb)
	}
	return &fontStack{faces: faces, glyph: map[rune]int{}}, nil
}

// faceOf is the index of the font that draws r; the CJK font when none has
// it, so the box it draws is at least the expected width.
func (s *fontStack) faceOf(r rune) int {
	if i, ok := s.glyph[r]; ok {
		return drawable(i)
	}
	var buf sfnt.Buffer
	s.glyph[r] = -1
	for i, f := range s.faces {
		if g, err := f.Face.GlyphIndex(&buf, r); err == nil && g != 0 {
			s.glyph[r] = i
			break
		}
	}
	return drawable(s.glyph[r])
}

// drawable draws a character no font has with the CJK font's box.
func drawable(i int) int {
	if i < 0 {
		return 1
	}
	return i
}

// Missing lists the characters of s no font of the stack can draw.
func (s *fontStack) Missing(str string) []rune {
	var out []rune
	for _, r := range str {
		if strings.ContainsRune(" \t\n", r) {
			continue
		}
		s.faceOf(r)
		if s.glyph[r] < 0 && !strings.ContainsRune(string(out), r) {
			out = append(out, r)
		}
	}
	return out
}

// run is a stretch of a line drawn in one font.
type run struct {
	face int
	text string
}

func (s *fontStack) runs(line string) []run {
	var out []run
	for _, r := range line {
		f := s.faceOf(r)
		if n := len(out); n > 0 && out[n-1].face == f {
			out[n-1].text += string(r)
			continue
		}
		out = append(out, run{f, string(r)})
	}
	return out
}

func (s *fontStack) face(i int, size vg.Length) font.Face {
	return font.Face{Font: font.Font{Typeface: font.Typeface(s.faces[i].Path), Size: size}, Face: s.faces[i].Face}
}

func (s *fontStack) width(line string, size vg.Length) vg.Length {
	var w vg.Length
	for _, r := range s.runs(line) {
		f := s.face(r.face, size)
		w += f.Width(r.text)
	}
	return w
}

// Cache is for gonum's legend and axes, which only ask for extents.
func (s *fontStack) Cache() *font.Cache {
	var coll font.Collection
	for i := range s.faces {
		coll = append(coll, s.face(i, 0))
	}
	return font.NewCache(coll)
}

// Extents are the tallest of the stack's, so mixed lines never overlap.
func (s *fontStack) Extents(fnt font.Font) font.Extents {
	var e font.Extents
	for i := range s.faces {
		x := s.face(i, fnt.Size)
		fe := x.Extents()
		e.Ascent, e.Descent, e.Height = max(e.Ascent, fe.Ascent), max(e.Descent, fe.Descent), max(e.Height, fe.Height)
	}
	return e
}

func (s *fontStack) Lines(txt string) []string {
	return strings.Split(strings.TrimRight(txt, "\n"), "\n")
}

func (s *fontStack) Box(txt string, fnt font.Font) (width, height, depth vg.Length) {
	e := s.Extents(fnt)
	return s.width(txt, fnt.Size), e.Ascent, e.Descent
}

// Draw follows text.Plain.Draw, a run at a time.
func (s *fontStack) Draw(c vg.Canvas, txt string, sty text.Style, pt vg.Point) {
	txt = strings.TrimRight(txt, "\n")
	if txt == "" {
		return
	}
	c.SetColor(sty.Color)
	if sty.Rotation != 0 {
		c.Push()
		c.Rotate(sty.Rotation)
	}
	sin64, cos64 := math.Sincos(sty.Rotation)
	sin, cos := vg.Length(sin64), vg.Length(cos64)
	pt.X, pt.Y = pt.Y*sin+pt.X*cos, pt.Y*cos-pt.X*sin
	lines := s.Lines(txt)
	pt.Y += sty.Height(txt)*vg.Length(sty.YAlign) - s.Extents(sty.Font).Ascent
	for i, line := range lines {
		x := pt.X + vg.Length(sty.XAlign)*s.width(line, sty.Font.Size)
		y := pt.Y + vg.Length(len(lines)-i)*sty.Font.Size
		for _, r := range s.runs(line) {
			f := s.face(r.face, sty.Font.Size)
			c.FillString(f, vg.Point{X: x, Y: y}, r.text)
			x += f.Width(r.text)
		}
	}
	if sty.Rotation != 0 {
		c.Pop()
	}
}
