package main

import (
	"strings"
	"testing"
)

// ECOGRAPH_ROUTES_MAX_SEARCHES reaches the configuration, and a bad value names the variable.
func TestMaxSearchesSetting(t *testing.T) {
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == "ECOGRAPH_ROUTES_MAX_SEARCHES" {
				return v
			}
			return ""
		}
	}
	if c, err := loadConfig(env("")); err != nil || c.MaxSearches != 0 {
		t.Fatalf("unset: %d, %v (want 0: the finder's default)", c.MaxSearches, err)
	}
	if c, err := loadConfig(env("6")); err != nil || c.MaxSearches != 6 {
		t.Fatalf("6: %d, %v", c.MaxSearches, err)
	}
	for _, bad := range []string{"0", "-1", "two", "1.5", "5000"} {
		if _, err := loadConfig(env(bad)); err == nil || !strings.Contains(err.Error(), "ECOGRAPH_ROUTES_MAX_SEARCHES") {
			t.Errorf("%q: %v, want an error naming the variable", bad, err)
		}
	}
}
