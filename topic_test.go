package ecograph

import (
	"slices"
	"strings"
	"testing"
)

func TestNormalizeAndValidateTopics(t *testing.T) {
	if NormalizeTopics(nil) != nil {
		t.Error("nil must stay nil (leave the stored topics)")
	}
	if got := NormalizeTopics([]string{}); got == nil || len(got) != 0 {
		t.Errorf("empty = %#v, want an empty list", got)
	}
	got := NormalizeTopics([]string{" Cardiology ", "", "cardiology", "health economics", "HEALTH ECONOMICS "})
	if want := []string{"Cardiology", "health economics"}; !slices.Equal(got, want) {
		t.Errorf("NormalizeTopics = %q, want %q", got, want)
	}
	if got := SortTopics([]string{"b", "A", "a"}); !slices.Equal(got, []string{"A", "a", "b"}) {
		t.Errorf("SortTopics = %q", got)
	}
	p := Person{ID: "p", Name: "P", OrganizationID: "o", Topics: []string{strings.Repeat("x", MaxTopicLength)}}
	if err := p.Validate("input."); err != nil {
		t.Errorf("100 bytes: %v", err)
	}
	p.Topics = []string{strings.Repeat("x", MaxTopicLength+1)}
	if err := p.Validate("input."); ErrorCode(err) != EINVALID || !strings.Contains(err.Error(), "input.topics") {
		t.Errorf("101 bytes: %v", err)
	}
	o := Organization{ID: "o", Name: "O", Kind: OrgClient, Topics: make([]string, MaxTopics+1)}
	for i := range o.Topics {
		o.Topics[i] = strings.Repeat("y", i+1)
	}
	if err := o.Validate("input."); ErrorCode(err) != EINVALID {
		t.Errorf("51 topics: %v", err)
	}
}
