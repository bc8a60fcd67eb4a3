package ir

import (
	"slices"
	"testing"
)

func TestTemplateNames(t *testing.T) {
	for _, c := range []struct {
		path  string
		names []string
		bad   bool
	}{
		{path: "/a/{groupId}/b/{id}:action", names: []string{"groupId", "id"}},
		{path: "/a/b"},
		{path: "/a/{groupId", bad: true},
		{path: "/a/{group/Id}", bad: true},
		{path: "/a/{{id}}", bad: true},
		{path: "/a/id}", bad: true},
		{path: "/a/{}", bad: true},
	} {
		names, err := templateNames(c.path)
		if (err != nil) != c.bad || !slices.Equal(names, c.names) {
			t.Errorf("%s: names %q, err %v", c.path, names, err)
		}
	}
}
