package portalclient_test

import (
	"context"
	"fmt"
	"log"
	"net/http"

	"github.com/Khan/genqlient/graphql"
	"github.com/ecograph/ecograph/internal/portalclient"
)

// bearer adds the portal's token to every request.
type bearer struct{ token string }

func (b bearer) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", "Bearer "+b.token)
	return http.DefaultTransport.RoundTrip(r)
}

// A partner portal's first lines: who am I, what is shared with me, and a route drawn in
// bands. README.md's "Build a portal" quotes this function; a test keeps the two the same.
func Example_portal() {
	token := "eyJhbGciOi..." // bin/ecograph token --role PARTNER --org org-medilog
	client := graphql.NewClient("http://127.0.0.1:8080/graphql",
		&http.Client{Transport: bearer{token}})
	ctx := context.Background()

	me, err := portalclient.PortalViewer(ctx, client)
	if err != nil {
		log.Fatal(err) // a refused document says TRUSTED_DOCUMENT_REQUIRED
	}
	fmt.Println(me.Viewer.Role, me.Viewer.Organization.Name)
	for _, e := range me.Viewer.SharedAccounts.Edges {
		fmt.Println(e.Node.Name, e.Node.ShareLevel) // typed: portalclient.ShareLevelRoutes, ...
	}

	r, err := portalclient.PortalRoute(ctx, client, "p-anna-keller", "p-thomas-brenner")
	if err != nil {
		log.Fatal(err)
	}
	if r.TrustedRoute == nil {
		fmt.Println("no route")
		return
	}
	for _, h := range r.TrustedRoute.Hops {
		fmt.Println(h.TrustBand, h.Exact, h.Explanation) // exact is false where a band hides a value
	}
}
