package analyst

import (
	"fmt"
	"net/url"
	"strings"
)

// DefaultBrowserURL is Neo4j Browser's address on a local Neo4j (`make neo4j`, docker
// compose): the base of the links RouteBrowserURL makes unless ECOGRAPH_BROWSER_URL says
// otherwise.
const DefaultBrowserURL = "http://localhost:7474/browser/"

// RouteCypher returns a Cypher query that draws exactly the route through the people with
// the given ids, in order: one pattern matching each person by id and, between each two
// consecutive ones, their tie (one per pair, read undirected), returned as the path `route`.
// Browser URLs cannot carry parameters, so the ids are inlined as string literals, escaped
// (QuoteCypher). It needs at least one id.
func RouteCypher(ids []string) string {
	var b strings.Builder
	b.WriteString("MATCH route = ")
	for i, id := range ids {
		if i > 0 {
			b.WriteString("-[:TIE]-")
		}
		fmt.Fprintf(&b, "(p%d:Person {id: %s})", i, QuoteCypher(id))
	}
	b.WriteString("\nRETURN route")
	return b.String()
}

// QuoteCypher returns s as a Cypher string literal: in single quotes, with backslash and
// single quote escaped by a backslash and every control character (and U+2028, U+2029) as
// \uXXXX, so that nothing in s can end the literal or the line.
func QuoteCypher(s string) string {
	var b strings.Builder
	b.WriteByte('\'')
	for _, r := range s {
		switch {
		case r == '\\' || r == '\'':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == 0x2028 || r == 0x2029:
			fmt.Fprintf(&b, "\\u%04x", r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('\'')
	return b.String()
}

// BrowserURL returns the URL that opens Neo4j Browser at base with query in its editor
// (Browser's documented `cmd=edit&arg=` parameters; the analyst presses run). Query
// parameters base has already (such as `dbms=` to pre-fill the connection) are kept.
func BrowserURL(base, query string) (string, error) {
	u, err := ParseBrowserURL(base)
	if err != nil {
		return "", err
	}
	q := u.Query()
	q.Set("cmd", "edit")
	q.Set("arg", query)
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// ParseBrowserURL checks a Browser base URL: absolute, http or https, with a host.
func ParseBrowserURL(base string) (*url.URL, error) {
	u, err := url.Parse(base)
	if err != nil {
		return nil, err
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("want an absolute http or https URL such as %s, got %q", DefaultBrowserURL, base)
	}
	return u, nil
}
