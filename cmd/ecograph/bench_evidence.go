package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/internal/auth"
	"github.com/ecograph/ecograph/internal/importer"
	"github.com/ecograph/ecograph/internal/server"
	"github.com/ecograph/ecograph/resolvers"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// evidence measures issue 7's goals: importing b.interactions interactions (among people who
// know each other: a person and one to three of their ties, so about three pairs each) with
// the trust model recomputing every tie they touch, and logging one interaction through
// GraphQL until a route query sees its effect. It deletes the interactions afterwards.
func (b *bench) evidence(ctx context.Context, c config) error {
	adj, err := readAdjacency(filepath.Join(b.dir, "ties.csv"))
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "ecograph-bench-evidence-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	defer b.deleteInteractions(context.WithoutCancel(ctx))
	rng := rand.New(rand.NewPCG(29, 11))
	start := time.Now()
	pairs, err := writeInteractions(filepath.Join(dir, "interactions.csv"), b.interactions, b.ids, adj, rng)
	if err != nil {
		return err
	}
	b.printf("## Evidence\n\ngenerated %d interactions (%d participant pairs) among tied people in %s\n\n",
		b.interactions, pairs, time.Since(start).Round(time.Millisecond))

	start = time.Now()
	sum, err := importer.Import(ctx, dir, importSink{Store: b.store}, importer.Options{BatchSize: 10000, Progress: b.log})
	if err != nil {
		return err
	}
	d := time.Since(start)
	var ixTime time.Duration
	for _, f := range sum.Files {
		ixTime += f.Duration
	}
	b.printf("import of interactions.csv, trust recomputed for %d pairs: %s in all (goal < 120 s): writing %s (%.0f interactions/s), recomputing trust %s\n\n",
		sum.Retrusted, d.Round(time.Millisecond), ixTime.Round(time.Millisecond), float64(b.interactions)/ixTime.Seconds(),
		(d - ixTime).Round(time.Millisecond))

	// Logging one interaction through GraphQL, then the route between the two people: the
	// write, the trust recomputation in its transaction and the projection's delta.
	v, err := auth.NewVerifier(c.Auth)
	if err != nil {
		return err
	}
	scfg := server.DefaultConfig()
	scfg.RatePoints = 0
	h := server.New(scfg, server.Deps{Resolver: &resolvers.Resolver{Store: b.store, Routes: b.finder},
		Verifier: v, DB: b.store, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	srv := httptest.NewServer(h)
	defer srv.Close()
	tok, err := auth.Mint(c.Auth, ecograph.Caller{Role: ecograph.CallerAdmin, Subject: "bench-admin"}, time.Hour, time.Now())
	if err != nil {
		return err
	}
	gql := func(query string, vars map[string]any, into any) error {
		body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL+"/graphql", bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		var out struct {
			Data   json.RawMessage
			Errors []struct{ Message string }
		}
		if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
			return err
		}
		if len(out.Errors) > 0 {
			return fmt.Errorf("%s", out.Errors[0].Message)
		}
		if into != nil {
			return json.Unmarshal(out.Data, into)
		}
		return nil
	}
	const n = 200
	var logLat, freshLat []time.Duration
	// counts holds each pair's interactions as the route after the last write showed them;
	// read once before a pair's first write.
	counts := map[string]int{}
	pairKey := func(a, z string) string { p := ecograph.MakePair(a, z); return p.A + "\x00" + p.B }
	stale := 0
	for i := 0; i < n+20; i++ {
		a := b.ids[rng.IntN(len(b.ids))]
		if len(adj[a]) == 0 {
			continue
		}
		z := adj[a][rng.IntN(len(adj[a]))]
		if _, ok := counts[pairKey(a, z)]; !ok {
			var before struct {
				TrustedRoute *struct {
					Hops []struct {
						Evidence struct{ InteractionCount int }
					}
				}
			}
			if err := gql(`query($f: ID!, $t: ID!) { trustedRoute(from: $f, to: $t, options: {maxHops: 1}) { hops { evidence { interactionCount } } } }`,
				map[string]any{"f": a, "t": z}, &before); err != nil {
				return err
			}
			if before.TrustedRoute != nil {
				counts[pairKey(a, z)] = before.TrustedRoute.Hops[0].Evidence.InteractionCount
			}
		}
		t0 := time.Now()
		err := gql(`mutation($in: InteractionInput!) { logInteraction(input: $in) { id } }`, map[string]any{"in": map[string]any{
			"id": fmt.Sprintf("bench-log-%d", i), "kind": "MEETING", "at": time.Now().UTC().Format(time.RFC3339),
			"participants": []string{a, z}, "sentiment": 1.0}}, nil)
		if err != nil {
			return fmt.Errorf("logInteraction: %w", err)
		}
		t1 := time.Now()
		var r struct {
			TrustedRoute *struct {
				Length int
				Hops   []struct {
					Trust    float64
					Evidence struct {
						Trust            float64
						InteractionCount int
					}
				}
			}
		}
		if err := gql(`query($f: ID!, $t: ID!) { trustedRoute(from: $f, to: $t, options: {maxHops: 1}) { length hops { trust evidence { trust interactionCount } } } }`,
			map[string]any{"f": a, "t": z}, &r); err != nil {
			return fmt.Errorf("route after logInteraction: %w", err)
		}
		if i < 20 {
			continue // warm-up
		}
		// Fresh: the route (from the projection) uses the trust the write just computed (from
		// Neo4j), and the tie counts the new interaction.
		if r.TrustedRoute == nil || r.TrustedRoute.Hops[0].Trust != r.TrustedRoute.Hops[0].Evidence.Trust ||
			r.TrustedRoute.Hops[0].Evidence.InteractionCount != counts[pairKey(a, z)]+1 {
			stale++
		}
		counts[pairKey(a, z)]++
		logLat = append(logLat, t1.Sub(t0))
		freshLat = append(freshLat, time.Since(t0))
	}
	b.printf("| logInteraction through GraphQL | n | p50 | p99 | max | goal |\n|---|---|---|---|---|---|\n")
	b.printf("| the mutation (write + trust recomputation in one transaction) | %d | %s | %s | %s | |\n",
		len(logLat), pct(logLat, 50), pct(logLat, 99), pct(logLat, 100))
	b.printf("| the mutation, then the route over that tie (route freshness included) | %d | %s | %s | %s | p99 < 50 ms |\n\n",
		len(freshLat), pct(freshLat, 50), pct(freshLat, 99), pct(freshLat, 100))
	b.printf("%d of %d routes right after the mutation did not show the new evidence (want 0).\n\n", stale, len(freshLat))
	return nil
}

// deleteInteractions removes the bench's interactions (and so their evidence) in batches.
func (b *bench) deleteInteractions(ctx context.Context) {
	for {
		res, err := neo4j.ExecuteQuery(ctx, b.store.Driver(),
			"MATCH (i:Interaction) WHERE i.id STARTS WITH 'bench-' WITH i LIMIT 20000 DETACH DELETE i RETURN count(*) AS n",
			nil, neo4j.EagerResultTransformer)
		if err != nil {
			fmt.Fprintf(b.log, "bench cleanup: %v\n", err)
			return
		}
		if n, _, _ := neo4j.GetRecordValue[int64](res.Records[0], "n"); n == 0 {
			return
		}
	}
}

// readAdjacency reads ties.csv into neighbour lists.
func readAdjacency(path string) (map[string][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(bufio.NewReader(f))
	head, err := r.Read()
	if err != nil {
		return nil, err
	}
	col := map[string]int{}
	for i, h := range head {
		col[h] = i
	}
	adj := map[string][]string{}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return adj, nil
		} else if err != nil {
			return nil, err
		}
		a, z := rec[col["person_a"]], rec[col["person_b"]]
		adj[a] = append(adj[a], z)
		adj[z] = append(adj[z], a)
	}
}

// writeInteractions writes n interactions: a random person with one to three of their ties
// (two to four participants), within the last two years, most with a sentiment. It returns
// the number of participant pairs.
func writeInteractions(path string, n int, ids []string, adj map[string][]string, rng *rand.Rand) (int, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	fmt.Fprintln(w, "id,kind,at,participants,organization_id,sentiment")
	kinds := []string{"MEETING", "CALL", "EMAIL", "EVENT"}
	now := time.Now().UTC()
	pairs := 0
	var ps []string
	for i := 0; i < n; {
		p := ids[rng.IntN(len(ids))]
		nb := adj[p]
		if len(nb) == 0 {
			continue
		}
		ps = append(ps[:0], p)
		k := 1 + rng.IntN(3)
		for j := 0; j < k; j++ {
			q := nb[rng.IntN(len(nb))]
			dup := false
			for _, x := range ps {
				dup = dup || x == q
			}
			if !dup {
				ps = append(ps, q)
			}
		}
		if len(ps) < 2 {
			continue
		}
		pairs += len(ps) * (len(ps) - 1) / 2
		sentiment := ""
		if rng.IntN(10) < 7 {
			sentiment = strconv.FormatFloat(float64(rng.IntN(16)-5)/10, 'f', 1, 64)
		}
		at := now.Add(-time.Duration(rng.Int64N(int64(730 * 24 * time.Hour)))).Format(time.RFC3339)
		fmt.Fprintf(w, "bench-ix-%07d,%s,%s,%s,,%s\n", i, kinds[rng.IntN(len(kinds))], at, strings.Join(ps, ";"), sentiment)
		i++
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return 0, err
	}
	return pairs, f.Close()
}
