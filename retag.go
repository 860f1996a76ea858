package tifa

import (
	"bytes"
	"cmp"
	"slices"
)

// StoredMention is a mention as an engine holds it: the count, and its
// spans as EncodeSpans wrote them.
type StoredMention struct {
	Count Count
	Spans []byte
}

// MentionRow is one mention row to write: new, or changed.
type MentionRow struct {
	Article int64
	Count   Count
	Spans   []byte
}

// MentionKey names one mention row to delete.
type MentionKey struct {
	Article int64
	Term    string
}

// TermDelta moves one daily_terms row (term, source, day) by the
// difference a retag made.
type TermDelta struct {
	Term, Source, Day          string
	Mentions, Nested, Articles int
}

// RetagWrites is what a retag batch changes in the store.
type RetagWrites struct {
	Upserts []MentionRow
	Deletes []MentionKey
	// Terms are in (term, source, day) order, the order SaveArticle takes
	// aggregate rows in, so a retag and a save never deadlock on a server
	// engine; rows the batch leaves as they were are left out.
	Terms []TermDelta
	// Marks are the articles brought to the job's lexicon version: all of
	// the batch for a full recount, none when the job names terms.
	Marks []int64
	// Last is the batch's highest article id, the job's progress.
	Last int64
}

// PlanRetagWrites compares a batch's new counts with the mentions stored
// for it (old, by article and term; consumed) and says what to write: only
// what changed, since a lexicon that adds one term leaves most mentions as
// they were and rewriting them was most of a retag's cost. A job that names
// terms touches only their mentions. Both engines write the plan as it is.
func PlanRetagWrites(j RetagJob, batch []Retagged, old map[int64]map[string]StoredMention) RetagWrites {
	only := map[string]bool{}
	for _, t := range j.Terms {
		only[t] = true
	}
	selected := func(term string) bool { return len(only) == 0 || only[term] }
	type key struct{ term, source, day string }
	type delta struct{ mentions, nested, articles int }
	deltas := map[key]*delta{}
	add := func(term, source, day string, sign int, c Count) {
		k := key{term, source, day}
		d := deltas[k]
		if d == nil {
			d = &delta{}
			deltas[k] = d
		}
		d.mentions += sign * c.Count
		d.nested += sign * c.Nested
		d.articles += sign
	}
	var w RetagWrites
	for _, r := range batch {
		was := old[r.ID]
		for _, c := range r.Counts {
			if c.Count <= 0 || !selected(c.Term) {
				continue
			}
			spans := EncodeSpans(c.Spans)
			o, had := was[c.Term]
			delete(was, c.Term)
			if had && o.Count.Count == c.Count && o.Count.Nested == c.Nested && bytes.Equal(o.Spans, spans) {
				continue
			}
			if had {
				add(c.Term, r.Source, r.Day, -1, o.Count)
			}
			w.Upserts = append(w.Upserts, MentionRow{Article: r.ID, Count: c, Spans: spans})
			add(c.Term, r.Source, r.Day, 1, c)
		}
		for term, o := range was {
			if !selected(term) {
				continue
			}
			w.Deletes = append(w.Deletes, MentionKey{Article: r.ID, Term: term})
			add(term, r.Source, r.Day, -1, o.Count)
		}
		if len(j.Terms) == 0 {
			w.Marks = append(w.Marks, r.ID)
		}
		w.Last = max(w.Last, r.ID)
	}
	for k, d := range deltas {
		if *d != (delta{}) {
			w.Terms = append(w.Terms, TermDelta{Term: k.term, Source: k.source, Day: k.day, Mentions: d.mentions, Nested: d.nested, Articles: d.articles})
		}
	}
	slices.SortFunc(w.Terms, func(a, b TermDelta) int {
		return cmp.Or(cmp.Compare(a.Term, b.Term), cmp.Compare(a.Source, b.Source), cmp.Compare(a.Day, b.Day))
	})
	// Map order would make the deletes differ from run to run.
	slices.SortFunc(w.Deletes, func(a, b MentionKey) int {
		return cmp.Or(cmp.Compare(a.Article, b.Article), cmp.Compare(a.Term, b.Term))
	})
	return w
}
