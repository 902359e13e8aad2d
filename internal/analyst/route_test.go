package analyst

import (
	"net/url"
	"strings"
	"testing"
)

func TestRouteCypher(t *testing.T) {
	got := RouteCypher([]string{"p-anna", "p-lukas", "p-sofia"})
	want := "MATCH route = (p0:Person {id: 'p-anna'})-[:TIE]-(p1:Person {id: 'p-lukas'})-[:TIE]-(p2:Person {id: 'p-sofia'})\nRETURN route"
	if got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
}

func TestQuoteCypher(t *testing.T) {
	for in, want := range map[string]string{
		"plain":               `'plain'`,
		"o'brien":             `'o\'brien'`,
		`back\slash`:          `'back\\slash'`,
		`\'`:                  `'\\\''`,
		"line\nbreak\r\ttab":  `'line\u000abreak\u000d\u0009tab'`,
		"Jäggi 北京 \u2028 x":   "'Jäggi 北京 \\u2028 x'",
		"'}) DETACH DELETE x": `'\'}) DETACH DELETE x'`,
	} {
		if got := QuoteCypher(in); got != want {
			t.Errorf("QuoteCypher(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestBrowserURL(t *testing.T) {
	q := RouteCypher([]string{"a&b", "c d#"})
	got, err := BrowserURL("http://localhost:7474/browser/?dbms=neo4j://localhost:7687", q)
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(got)
	if err != nil {
		t.Fatal(err)
	}
	if u.Host != "localhost:7474" || u.Path != "/browser/" || u.Query().Get("cmd") != "edit" || u.Query().Get("arg") != q ||
		u.Query().Get("dbms") != "neo4j://localhost:7687" || strings.ContainsAny(u.RawQuery, " #\n") {
		t.Fatalf("%s: %v", got, u.Query())
	}
	for _, bad := range []string{"", "localhost:7474/browser/", "ftp://x/", "http:///browser/", "://"} {
		if _, err := BrowserURL(bad, q); err == nil {
			t.Errorf("BrowserURL(%q) accepted", bad)
		}
	}
}
