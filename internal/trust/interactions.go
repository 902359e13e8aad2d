package trust

import (
	"math"
	"time"
)

// Interaction is one logged interaction between the pair (interactions.csv: a meeting, call,
// email...), as the model sees it.
type Interaction struct {
	At           time.Time
	Sentiment    float64 // in [-1, 1], when HasSentiment
	HasSentiment bool
}

// Interactions summarises a pair's interactions in a few numbers, so that a store can keep
// them per tie instead of every interaction, and Compute can decay them to any time in O(1).
//
// Every sum weighs an interaction at time t by w = 2^(-(Last-t)/h), its weight relative to
// the latest one, for the half-life h the aggregate was built with (it is only valid with
// that h). Decaying to now multiplies every sum by the same 2^(-(now-Last)/h), so the
// aggregate gives what the full list would, up to rounding. Building it is order-independent
// up to rounding (relative 1e-15 per interaction), and deterministic.
//
// The zero value is the aggregate of no interactions.
type Interactions struct {
	Count    int       // interactions summarised
	Last     time.Time // the latest one's time: the reference of every sum below
	Weight   float64   // sum of w over all: the decayed count, as of Last
	Contacts float64   // sum of w over those with no sentiment or a sentiment >= 0
	Rated    float64   // sum of w over those with a sentiment
	Goodwill float64   // sum of w*s over those with a sentiment s > 0
	Harm     float64   // sum of w*|s| over those with a sentiment s < 0
}

// Summarize returns the aggregate of list for the given half-life, which must be positive.
// The result is the same, up to rounding, for any order of list.
func Summarize(list []Interaction, halfLife time.Duration) Interactions {
	var a Interactions
	for _, it := range list {
		if a.Count == 0 || it.At.After(a.Last) {
			a.Last = it.At
		}
		a.Count++
	}
	// Weighing everything against the latest time in one pass (rather than Merge's rescaling)
	// keeps every weight <= 1 and the rounding to one product per interaction.
	for _, it := range list {
		a.add(it, decay(a.Last.Sub(it.At), halfLife))
	}
	return a
}

// Add adds one interaction to the aggregate, for the given half-life, which must be the one
// the aggregate was built with, and positive.
func (a *Interactions) Add(it Interaction, halfLife time.Duration) {
	one := Interactions{Count: 1, Last: it.At}
	one.add(it, 1)
	a.Merge(one, halfLife)
}

// Merge adds the interactions summarised in b to a. Both must have been built with the given
// half-life, which must be positive.
func (a *Interactions) Merge(b Interactions, halfLife time.Duration) {
	if b.Count <= 0 {
		return
	}
	if a.Count <= 0 {
		*a = b
		return
	}
	// Rescale the older aggregate to the later reference time; the factor is <= 1, so the
	// sums never grow past the count.
	fa, fb := 1.0, 1.0
	if b.Last.After(a.Last) {
		fa = decay(b.Last.Sub(a.Last), halfLife)
		a.Last = b.Last
	} else {
		fb = decay(a.Last.Sub(b.Last), halfLife)
	}
	a.Count += b.Count
	a.Weight = fa*a.Weight + fb*b.Weight
	a.Contacts = fa*a.Contacts + fb*b.Contacts
	a.Rated = fa*a.Rated + fb*b.Rated
	a.Goodwill = fa*a.Goodwill + fb*b.Goodwill
	a.Harm = fa*a.Harm + fb*b.Harm
}

// add adds one interaction with weight w to the sums (not to Count or Last). A sentiment that
// is not a number counts as none; one outside [-1, 1] is clamped.
func (a *Interactions) add(it Interaction, w float64) {
	a.Weight += w
	if !it.HasSentiment || math.IsNaN(it.Sentiment) {
		a.Contacts += w
		return
	}
	s := max(-1, min(1, it.Sentiment))
	a.Rated += w
	if s >= 0 {
		a.Contacts += w
		a.Goodwill += w * s
	} else {
		a.Harm -= w * s
	}
}
