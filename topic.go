package ecograph

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// Topic limits: a topic name's length in bytes, and how many topics one person or
// organisation may list.
const (
	MaxTopicLength = 100
	MaxTopics      = 50
)

// TopicKey is the form under which topic names compare: they match ignoring case.
func TopicKey(name string) string { return strings.ToLower(strings.TrimSpace(name)) }

// NormalizeTopics trims each name, drops empty ones and keeps the first spelling of names
// that are equal ignoring case. It keeps nil as nil (a write that leaves topics unchanged) and
// returns a non-nil list otherwise.
func NormalizeTopics(names []string) []string {
	if names == nil {
		return nil
	}
	out := make([]string, 0, len(names))
	seen := make(map[string]bool, len(names))
	for _, n := range names {
		n = strings.TrimSpace(n)
		k := TopicKey(n)
		if n == "" || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, n)
	}
	return out
}

// SortTopics sorts names ignoring case, then by bytes, in place, and returns them.
func SortTopics(names []string) []string {
	sort.Slice(names, func(i, j int) bool {
		a, b := TopicKey(names[i]), TopicKey(names[j])
		if a != b {
			return a < b
		}
		return names[i] < names[j]
	})
	return names
}

// validateTopics checks normalised topic names: at most MaxTopics, each non-empty, valid
// UTF-8 and at most MaxTopicLength bytes.
func validateTopics(field string, names []string) error {
	if len(names) > MaxTopics {
		return Invalid(field, "at most %d topics, got %d", MaxTopics, len(names))
	}
	for _, n := range names {
		switch {
		case strings.TrimSpace(n) == "":
			return Invalid(field, "topic names must not be empty")
		case len(n) > MaxTopicLength:
			return Invalid(field, "a topic name must be at most %d bytes, got %d", MaxTopicLength, len(n))
		case !utf8.ValidString(n):
			return Invalid(field, "topic names must be valid UTF-8")
		}
	}
	return nil
}
