package reprint

import "sort"

// MaxDistance is how many of 64 fingerprint bits two articles may differ in
// and still be one story: reprints differ by an edited byline or a dropped
// paragraph, different stories by about half the bits.
const MaxDistance = 3

// Printed is what reprint detection needs of an article.
type Printed struct {
	ID          int64
	Published   string // RFC 3339, China time: sorts as time within one zone
	Fingerprint uint64 // 0: unknown, never a reprint
}

// Find returns the ids of the articles that are within MaxDistance of an
// earlier-published article, so "originals only" keeps the earliest of each
// cluster. Four bits apart or more in 64 means at least one of the four
// 16-bit bands is equal (pigeonhole), so only articles sharing a band are
// compared.
func Find(arts []Printed) map[int64]bool {
	arts = append([]Printed(nil), arts...)
	sort.SliceStable(arts, func(i, j int) bool {
		if arts[i].Published != arts[j].Published {
			return arts[i].Published < arts[j].Published
		}
		return arts[i].ID < arts[j].ID
	})
	type band struct {
		n   int
		key uint16
	}
	seen := map[band][]uint64{}
	out := map[int64]bool{}
	for _, a := range arts {
		if a.Fingerprint == 0 {
			continue
		}
		var keys [4]band
		dup := false
		for n := range keys {
			keys[n] = band{n, uint16(a.Fingerprint >> (16 * n))}
			for _, fp := range seen[keys[n]] {
				if Distance(fp, a.Fingerprint) <= MaxDistance {
					dup = true
					break
				}
			}
		}
		if dup {
			out[a.ID] = true
		}
		// Reprints join the index too, so a reprint of a reprint drifting
		// further from the original still lands in the same cluster.
		for _, k := range keys {
			seen[k] = append(seen[k], a.Fingerprint)
		}
	}
	return out
}
