package projection

import (
	"context"
	"errors"
	"sync"
	"testing"
)

// At most Config.MaxSearches searches run at once; the next one waits for a slot, and gives
// up with its context's error when that ends first.
func TestSearchesAreBounded(t *testing.T) {
	f := New(nil, Config{MaxSearches: 2}, nil)
	hold := make(chan struct{})
	running := make(chan struct{}, 3)
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := f.search(context.Background(), func() { running <- struct{}{}; <-hold }); err != nil {
				t.Error(err)
			}
		}()
	}
	<-running
	<-running
	if n := f.searchesBusy.Load(); n != 2 {
		t.Fatalf("%d searches running, want 2", n)
	}

	// A third search with a context that ends waits, then gives up without running.
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- f.search(ctx, func() { t.Error("a third search ran beside two") }) }()
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("the waiting search: %v, want context.Canceled", err)
	}
	if f.SearchWaits() != 1 {
		t.Fatalf("waits %d, want 1", f.SearchWaits())
	}

	// A third search with a live context runs once a slot is free.
	ran := make(chan struct{})
	go func() {
		if err := f.search(context.Background(), func() { close(ran) }); err != nil {
			t.Error(err)
		}
	}()
	close(hold)
	<-ran
	wg.Wait()
	if n := f.searchesBusy.Load(); n != 0 {
		t.Fatalf("%d searches still counted as running", n)
	}
}
