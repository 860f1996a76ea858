package report

import (
	"errors"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
)

// outlineCanvas draws text as the glyphs' outlines instead of <text>
// naming a font: an SVG then looks the same on a machine without the font,
// and carries only the glyphs it uses, where embedding the font would add
// a megabyte.
type outlineCanvas struct {
	vg.Canvas
	buf sfnt.Buffer
}

func (c *outlineCanvas) FillString(f font.Face, pt vg.Point, s string) {
	if f.Font.Size == 0 {
		return
	}
	// Font units, as font.Face.Width measures, so the outlines land where
	// the layout put them.
	ppem := fixed.Int26_6(f.Face.UnitsPerEm())
	scale := f.Font.Size / vg.Length(ppem)
	var x vg.Length
	var prev sfnt.GlyphIndex
	for i, r := range s {
		g, err := f.Face.GlyphIndex(&c.buf, r)
		if err != nil {
			continue
		}
		if i > 0 {
			if k, err := f.Face.Kern(&c.buf, prev, g, ppem, 0); err == nil {
				x += vg.Length(k) * scale
			}
		}
		segs, err := f.Face.LoadGlyph(&c.buf, g, ppem, nil)
		if err == nil && len(segs) > 0 {
			c.Fill(outline(segs, pt.X+x, pt.Y, scale))
		}
		if adv, err := f.Face.GlyphAdvance(&c.buf, g, ppem, 0); err == nil {
			x += vg.Length(adv) * scale
		} else if !errors.Is(err, sfnt.ErrNotFound) {
			return
		}
		prev = g
	}
}

// outline turns a glyph's segments (y down, font units) into a path at
// (x, y) on the canvas (y up, points).
func outline(segs sfnt.Segments, x, y, scale vg.Length) vg.Path {
	at := func(p fixed.Point26_6) vg.Point {
		return vg.Point{X: x + vg.Length(p.X)*scale, Y: y - vg.Length(p.Y)*scale}
	}
	var p vg.Path
	open := false
	for _, s := range segs {
		switch s.Op {
		case sfnt.SegmentOpMoveTo:
			if open {
				p.Close()
			}
			p.Move(at(s.Args[0]))
			open = true
		case sfnt.SegmentOpLineTo:
			p.Line(at(s.Args[0]))
		case sfnt.SegmentOpQuadTo:
			p.QuadTo(at(s.Args[0]), at(s.Args[1]))
		case sfnt.SegmentOpCubeTo:
			p.CubeTo(at(s.Args[0]), at(s.Args[1]), at(s.Args[2]))
		}
	}
	if open {
		p.Close()
	}
	return p
}
