package server_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"sync"
	"testing"
	"time"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/cypher"
	"github.com/ecograph/ecograph/internal/projection"
	"github.com/ecograph/ecograph/internal/server"
	"github.com/ecograph/ecograph/internal/testdb"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// neo4jServer runs internal/devdb/neo4j.sh for a private Neo4j of this test.
type neo4jServer struct {
	t   *testing.T
	env []string
}

func (n *neo4jServer) run(cmd string) {
	n.t.Helper()
	c := exec.Command("bash", "../devdb/neo4j.sh", cmd)
	c.Env = n.env
	if out, err := c.CombinedOutput(); err != nil {
		n.t.Fatalf("neo4j.sh %s: %v\n%s", cmd, err, out)
	}
}

// TestNeo4jRestartUnderLoad stops and restarts a private Neo4j while clients keep writing
// through the API: readiness turns 503 and back by itself, every write the API reported as
// done is in the database, and none is there twice.
func TestNeo4jRestartUnderLoad(t *testing.T) {
	testdb.Driver(t) // skips under -short, like every integration test
	bolt, httpPort := freePort(t), freePort(t)
	n := &neo4jServer{t: t, env: append(os.Environ(),
		"ECOGRAPH_NEO4J_HOME="+t.TempDir(), fmt.Sprint("NEO4J_BOLT_PORT=", bolt), fmt.Sprint("NEO4J_HTTP_PORT=", httpPort),
		"ECOGRAPH_NEO4J_HEAP=512m", "ECOGRAPH_NEO4J_PAGECACHE=128m", "NEO4J_PASSWORD=restart-test-pw")}
	n.run("start")
	t.Cleanup(func() { n.run("stop") })

	driver, err := neo4j.NewDriverWithContext(fmt.Sprintf("bolt://127.0.0.1:%d", bolt), neo4j.BasicAuth("neo4j", "restart-test-pw", ""))
	if err != nil {
		t.Fatal(err)
	}
	defer driver.Close(context.Background())
	store := cypher.NewStore(driver, "")
	ctx := context.Background()
	if err := store.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := store.UpsertOrganization(ctx, ecograph.Organization{ID: "org", Name: "Org", Kind: ecograph.OrgOurs}); err != nil {
		t.Fatal(err)
	}
	cfg := server.DefaultConfig()
	cfg.RatePoints = 0
	e := serve(t, cfg, store, store, projection.Config{})
	srv := e.srv
	tok := e.token(ecograph.CallerAdmin, "")
	ready := func() int {
		resp, err := http.Get(srv.URL + "/readyz")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	waitReady := func(want int, within time.Duration) {
		t.Helper()
		deadline := time.Now().Add(within)
		for ready() != want {
			if time.Now().After(deadline) {
				t.Fatalf("/readyz did not turn %d within %s", want, within)
			}
			time.Sleep(200 * time.Millisecond)
		}
	}
	waitReady(http.StatusOK, 10*time.Second)

	var mu sync.Mutex
	done := map[string]bool{}
	failed := 0
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				id := fmt.Sprintf("w%d-%d", w, i)
				r := e.do(tok, upsertPerson, map[string]any{"in": map[string]any{"id": id, "name": id, "organization": "org"}})
				mu.Lock()
				if len(r.Errors) == 0 && r.status == http.StatusOK {
					done[id] = true
				} else {
					failed++
				}
				mu.Unlock()
				time.Sleep(20 * time.Millisecond)
			}
		}(w)
	}
	time.Sleep(1500 * time.Millisecond)
	n.run("stop")
	waitReady(http.StatusServiceUnavailable, 10*time.Second)
	n.run("start")
	waitReady(http.StatusOK, 60*time.Second)
	// Writes succeed again without restarting the API.
	mu.Lock()
	before := len(done)
	mu.Unlock()
	deadline := time.Now().Add(60 * time.Second)
	for {
		mu.Lock()
		after := len(done)
		mu.Unlock()
		if after >= before+5 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("writes did not resume after the restart (%d done before, %d after)", before, after)
		}
		time.Sleep(100 * time.Millisecond)
	}
	close(stop)
	wg.Wait()

	ids := make([]string, 0, len(done))
	for id := range done {
		ids = append(ids, id)
	}
	res, err := neo4j.ExecuteQuery(ctx, driver, "UNWIND $ids AS id OPTIONAL MATCH (p:Person {id: id}) WITH id, count(p) AS n WHERE n <> 1 RETURN id, n",
		map[string]any{"ids": ids}, neo4j.EagerResultTransformer)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res.Records {
		t.Errorf("write %v reported done is there %v times", r.Values[0], r.Values[1])
	}
	t.Logf("%d writes done, %d refused while Neo4j was down; all done writes present once", len(done), failed)
}
