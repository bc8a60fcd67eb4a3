package main

import (
	"bytes"
	"strings"
	"testing"
)

// sample is the shape `make bench-lean` pipes in: two packages, the
// generator's with -count 2 for GenerateFull (its ratio is of medians, as
// LoadFloor ran once), the call and its floor alternating three times (the
// median of 1.04, 1.04 and 1.10, where the medians' ratio is 1.10).
const sample = `goos: linux
pkg: github.com/atlasgen/atlasgen/generator
BenchmarkGenerateFull-2   	       1	1500000000 ns/op	 1 B/op	 1 allocs/op
BenchmarkGenerateFull-2   	       1	1700000000 ns/op	 1 B/op	 1 allocs/op
BenchmarkLoadFloor-2      	       6	 200000000 ns/op
BenchmarkCommandFull-2    	       1	2000000000 ns/op
BenchmarkOapiCodegenFull-2	       1	4400000000 ns/op
BenchmarkGoBuildFull-2    	       1	15000000000 ns/op	 96.00 files	218949 lines	 218949 base-lines	15.0 wall-s	 16.0 base-wall-s	20.0 cpu-s	25.0 base-cpu-s	1500 peak-MB	 1600 base-peak-MB
BenchmarkInterfaceMethods-2	       1	 102059520 ns/op	      1612 bound	        50.00 extra-versions	        57.00 interfaces	      2607 methods	       504.0 ops
BenchmarkOneCallBinary-2  	       1	1497212825 ns/op	  13037406 bytes	   8945327 floor-bytes	         3.903 over-MB
PASS
pkg: github.com/atlasgen/atlasgen/internal/restorejobs/admin
BenchmarkFloorCall-2      	  100000	     10000 ns/op	    9000 B/op	      55 allocs/op
BenchmarkGeneratedCall-2  	  100000	     10400 ns/op	    9500 B/op	      57 allocs/op
PASS
BenchmarkFloorCall-2      	  100000	     30000 ns/op	    9000 B/op	      55 allocs/op
BenchmarkGeneratedCall-2  	  100000	     31200 ns/op	    9500 B/op	      57 allocs/op
BenchmarkFloorCall-2      	  100000	     20000 ns/op	    9000 B/op	      55 allocs/op
BenchmarkGeneratedCall-2  	  100000	     22000 ns/op	    9500 B/op	      57 allocs/op
PASS
`

func TestTargets(t *testing.T) {
	res, failed, err := read(strings.NewReader(sample), new(bytes.Buffer))
	if err != nil || failed {
		t.Fatalf("read: %v, failed %v", err, failed)
	}
	rows, missing := targets(res)
	if len(missing) > 0 {
		t.Fatalf("missing %v", missing)
	}
	want := []struct{ ratio, met string }{
		{"1.00x", "**missed**"}, // 218949 / 218161
		{"1.62x", "**missed**"}, // 2607 / 1612
		{"0.94x", "**missed**"},
		{"0.80x", "**missed**"},
		{"0.94x", "**missed**"},
		{"3.90 MB", "**missed**"},
		{"1.04x", "met"},
		{"+2", "met"},
		{"8.00x", "**missed**"}, // the median of 1.5 s and 1.7 s over 0.2 s
		{"2.20x", "**missed**"},
	}
	if len(rows) != len(want) {
		t.Fatalf("%d rows, want %d", len(rows), len(want))
	}
	for i, w := range want {
		if rows[i].ratio != w.ratio || rows[i].met != w.met {
			t.Errorf("%s: %s %s, want %s %s", rows[i].name, rows[i].ratio, rows[i].met, w.ratio, w.met)
		}
	}
}

func TestMissingAndFailed(t *testing.T) {
	in := "BenchmarkFloorCall-2 100 10000 ns/op 55 allocs/op\n--- FAIL: BenchmarkGeneratedCall\nFAIL\n"
	var out bytes.Buffer
	err := run(strings.NewReader(in), &out)
	if err == nil || !strings.Contains(err.Error(), "failed") {
		t.Errorf("err = %v, want a failed benchmark", err)
	}
	if !strings.Contains(out.String(), "--- FAIL: BenchmarkGeneratedCall") {
		t.Error("the input is not passed through")
	}
	res, _, _ := read(strings.NewReader(in), new(bytes.Buffer))
	if _, missing := targets(res); !strings.Contains(strings.Join(missing, ","), "GeneratedCall ns/op") {
		t.Errorf("missing = %v, want GeneratedCall ns/op among them", missing)
	}
}
