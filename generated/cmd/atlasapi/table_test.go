package main

import (
	"slices"
	"testing"

	"github.com/atlasgen/atlasgen/generated/admin"
)

// TestTableJoinsClient: the command table (operations.go: each group's
// rows) holds only what the client's table lacks, and the runtime joins the
// two by operationId (join). Every row has its operation in the client's
// table, under the same operationId and its group's tag, with a
// description for each of its parameters, by name and in order, and a body
// only for a version it has; every operation of the client has one row.
func TestTableJoinsClient(t *testing.T) {
	rows := map[string]bool{}
	for _, g := range groups {
		for _, r := range g.rows {
			if rows[r.id] {
				t.Errorf("%s: two rows", r.id)
			}
			rows[r.id] = true
			checkRow(t, g, r)
		}
	}
	for _, op := range admin.Operations() {
		if !rows[op.OperationID] {
			t.Errorf("%s: no row in the command table", op.OperationID)
		}
	}
	if len(rows) == 0 {
		t.Fatal("no rows")
	}
}

// checkRow compares r, a row of g, with the client's operation.
func checkRow(t *testing.T, g group, r row) {
	t.Helper()
	info, ok := admin.LookupOperation(r.id)
	if !ok || info.OperationID != r.id {
		t.Errorf("%s: the client has no such operation (found %q)", r.id, info.OperationID)
		return
	}
	if g.tag != info.Tag {
		t.Errorf("%s: in group %s (tag %q), the client's tag is %q", r.id, g.name, g.tag, info.Tag)
	}
	var params, docs []string
	for _, p := range info.Parameters {
		params = append(params, p.Name)
	}
	for _, d := range r.params {
		docs = append(docs, d.name)
	}
	if !slices.Equal(params, docs) {
		t.Errorf("%s: the client's parameters %q, the row describes %q", r.id, params, docs)
	}
	for _, b := range r.bodies {
		if !slices.ContainsFunc(info.Versions, func(v admin.VersionInfo) bool { return v.Version == b.version }) {
			t.Errorf("%s: a body for API version %s, which the client's operation lacks", r.id, b.version)
		}
	}
}
