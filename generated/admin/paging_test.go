package admin

import (
	"errors"
	"fmt"
	"iter"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
)

// pagedServer serves total restore jobs, perPage at a time, and counts
// page requests; failPage, when not 0, answers that page with a 404.
func pagedServer(t *testing.T, total, perPage, failPage int) (*APIClient, *atomic.Int32) {
	t.Helper()
	var pages atomic.Int32
	srv := testServer(t, func(w http.ResponseWriter, r *http.Request) {
		pages.Add(1)
		page, _ := strconv.Atoi(r.URL.Query().Get("pageNum"))
		if page == failPage {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(`{"error":404,"errorCode":"RESOURCE_NOT_FOUND"}`))
			return
		}
		var items []string
		for i := (page - 1) * perPage; i < min(page*perPage, total); i++ {
			items = append(items, fmt.Sprintf(`{"id":"%024d"}`, i))
		}
		w.Header().Set("Content-Type", tMediaType)
		fmt.Fprintf(w, `{"results":[%s],"totalCount":%d}`, strings.Join(items, ","), total)
	})
	return newTestClient(t, srv, UseRetryPolicy(RetryPolicy{})), &pages
}

// allJobs returns ListSharedClusterBackupRestoreJobs' All iterator. The
// spec gives that operation no pageNum parameter, so the generator emits
// no All for it: the test is skipped until it does.
func allJobs(t *testing.T, c *APIClient) iter.Seq2[TenantRestore, error] {
	t.Helper()
	req := c.SharedTierRestoreJobsApi.ListSharedClusterBackupRestoreJobs(t.Context(), tGroup, tCluster)
	m := reflect.ValueOf(req).MethodByName("All")
	if !m.IsValid() {
		t.Skip("ListSharedClusterBackupRestoreJobs has no All(): the spec gives it no pageNum/itemsPerPage")
	}
	return m.Call(nil)[0].Interface().(iter.Seq2[TenantRestore, error])
}

// TestListAllPages: the iterator fetches a page only when the loop needs
// it, stops after the last page, and ends with the first error.
func TestListAllPages(t *testing.T) {
	c, pages := pagedServer(t, 5, 2, 0)
	var ids []string
	for job, err := range allJobs(t, c) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, job.GetID())
	}
	if len(ids) != 5 || ids[4] != fmt.Sprintf("%024d", 4) || pages.Load() != 3 {
		t.Errorf("%d items from %d page requests, want 5 from 3", len(ids), pages.Load())
	}

	c, pages = pagedServer(t, 5, 2, 0)
	n := 0
	for range allJobs(t, c) {
		if n++; n == 3 {
			break
		}
	}
	if pages.Load() != 2 {
		t.Errorf("breaking after 3 items fetched %d pages, want 2", pages.Load())
	}

	c, pages = pagedServer(t, 5, 2, 2)
	var errs []error
	n = 0
	for _, err := range allJobs(t, c) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		n++
	}
	if n != 2 || len(errs) != 1 || !IsErrorCode(errs[0], "RESOURCE_NOT_FOUND") || pages.Load() != 2 {
		t.Errorf("%d items, errors %v after %d pages; want 2 items, then the 404 once", n, errs, pages.Load())
	}
	var re *ResponseError
	if !errors.As(errs[0], &re) {
		t.Errorf("error %T, want *ResponseError", errs[0])
	}
}
