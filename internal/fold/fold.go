// Package fold turns text into search keys that ignore case and accents, so that "raber",
// "RÄBER" and "Räber" are one key. People's names are stored with their key (written by every
// upsert) and name searches fold their text the same way, so a match is a plain substring test.
//
// It is pure (no I/O) and imports only golang.org/x/text.
package fold

import (
	"strings"
	"unicode"

	"golang.org/x/text/cases"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// letters maps letters that carry their accent inside the letter (no combining mark to
// strip) to their base letters.
var letters = strings.NewReplacer(
	"ø", "o", "ł", "l", "đ", "d", "ħ", "h", "ı", "i", "ŀ", "l", "ŧ", "t",
	"æ", "ae", "œ", "oe", "þ", "th", "ð", "d",
)

// Key returns s folded for search: case-folded (full folding: "ß" and "ẞ" become "ss"),
// compatibility-decomposed ("ﬁ" becomes "fi", full-width letters become ASCII), without
// combining marks ("ä" becomes "a"), with a few letters that hold their accent mapped to
// their base ("ø" becomes "o", "æ" "ae"), and recomposed (NFC). Invalid UTF-8 is replaced
// by U+FFFD. Key(Key(s)) == Key(s).
func Key(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	// Folding and decomposing each can make work for the other (a compatibility character
	// that decomposes to a capital): repeat until nothing changes, which takes one or two
	// rounds for real names.
	for range 4 {
		k := once(s)
		if k == s {
			break
		}
		s = k
	}
	return s
}

func once(s string) string {
	// Transformers keep state: a fresh chain per call keeps Key safe for concurrent use.
	t := transform.Chain(cases.Fold(), norm.NFKD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		// Only invalid UTF-8 fails the chain, and s has none.
		return strings.ToLower(s)
	}
	return letters.Replace(out)
}
