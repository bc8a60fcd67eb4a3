// Command benchtargets reads `go test -bench` output on stdin, passes it
// through, and then prints issue 19's targets ("Lean generated code") as
// ratios of figures measured in that one run, each against its floor, peer
// or base. `make bench-lean` pipes the benchmarks into it.
//
// It exits 1 when a benchmark failed or a figure a target needs is missing.
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"time"
)

// baselineLines is the line count of generated/admin that issue 19 calls
// today's: its package-lines target is 0.7x of it.
const baselineLines = 218161

// results holds, per benchmark (without its -GOMAXPROCS suffix) and unit,
// every value read, one per -count.
type results map[string]map[string][]float64

func main() {
	if err := run(os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "benchtargets:", err)
		os.Exit(1)
	}
}

func run(in io.Reader, out io.Writer) error {
	started, load := time.Now().UTC(), loadAverage()
	res, failed, err := read(in, out)
	if err != nil {
		return err
	}
	rows, missing := targets(res)
	fmt.Fprintf(out, "\nIssue 19 targets, %s, commit %s, load average %s at the start and %s at the end (medians of each benchmark's runs; a ratio is the median of the runs' ratios when both sides ran as often):\n\n",
		started.Format("2006-01-02 15:04 MST"), commit(), load, loadAverage())
	fmt.Fprintln(out, "| target | measured | ratio | goal | met |")
	fmt.Fprintln(out, "|---|---|---|---|---|")
	for _, r := range rows {
		fmt.Fprintf(out, "| %s | %s | %s | %s | %s |\n", r.name, r.measured, r.ratio, r.goal, r.met)
	}
	switch {
	case failed:
		return fmt.Errorf("a benchmark failed (see above)")
	case len(missing) > 0:
		return fmt.Errorf("no figures from %s: run them in the same run", strings.Join(missing, ", "))
	}
	return nil
}

// read copies in to out and collects every benchmark line's metrics.
func read(in io.Reader, out io.Writer) (results, bool, error) {
	res, failed := results{}, false
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		fmt.Fprintln(out, line)
		if strings.HasPrefix(line, "FAIL") || strings.HasPrefix(line, "--- FAIL") || strings.HasPrefix(line, "panic:") {
			failed = true
		}
		f := strings.Fields(line)
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") || len(f)%2 != 0 {
			continue
		}
		name := strings.TrimPrefix(f[0], "Benchmark")
		if i := strings.LastIndexByte(name, '-'); i > 0 {
			if _, err := strconv.Atoi(name[i+1:]); err == nil {
				name = name[:i]
			}
		}
		if _, err := strconv.Atoi(f[1]); err != nil {
			continue
		}
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				continue
			}
			if res[name] == nil {
				res[name] = map[string][]float64{}
			}
			res[name][f[i+1]] = append(res[name][f[i+1]], v)
		}
	}
	return res, failed, sc.Err()
}

type row struct{ name, measured, ratio, goal, met string }

// targets computes the rows; missing names the benchmarks without figures.
func targets(res results) (rows []row, missing []string) {
	get := func(bench, unit string) (float64, bool) {
		v, ok := median(res[bench][unit])
		if !ok {
			missing = append(missing, bench+" "+unit)
		}
		return v, ok
	}
	atMost := func(name, measured string, ratio, goal float64, unit string, ok bool) {
		if !ok {
			rows = append(rows, row{name, "not measured", "", fmt.Sprintf("≤ %g%s", goal, unit), "?"})
			return
		}
		format := "%.2f%s"
		if unit == "" { // a count
			format = "%+.0f%s"
		}
		rows = append(rows, row{name, measured, fmt.Sprintf(format, ratio, unit), fmt.Sprintf("≤ %g%s", goal, unit), met(ratio <= goal)})
	}

	lines, ok := get("GoBuildFull", "lines")
	atMost("package lines, generated/admin (2026-03-03) / 218,161", fmt.Sprintf("%.0f lines", lines), lines/baselineLines, 0.7, "x", ok)

	methods, ok1 := get("InterfaceMethods", "methods")
	bound, ok2 := get("InterfaceMethods", "bound")
	ops, _ := get("InterfaceMethods", "ops")
	extra, _ := get("InterfaceMethods", "extra-versions")
	atMost("interface methods / (3 per operation + 2 per additional version)",
		fmt.Sprintf("%.0f methods; bound 3×%.0f + 2×%.0f = %.0f", methods, ops, extra, bound), methods/bound, 1, "x", ok1 && ok2)

	wall, ok1 := get("GoBuildFull", "wall-s")
	baseWall, ok2 := get("GoBuildFull", "base-wall-s")
	atMost("`go build` wall time of the package / base commit's", fmt.Sprintf("%.1f s vs %.1f s", wall, baseWall), ratio(res, "GoBuildFull", "wall-s", "GoBuildFull", "base-wall-s"), 0.6, "x", ok1 && ok2)
	cpu, ok1 := get("GoBuildFull", "cpu-s")
	baseCPU, ok2 := get("GoBuildFull", "base-cpu-s")
	atMost("`go build` CPU time (user + system) of the package / base commit's: less moved by load than the wall time", fmt.Sprintf("%.1f s vs %.1f s", cpu, baseCPU), ratio(res, "GoBuildFull", "cpu-s", "GoBuildFull", "base-cpu-s"), 0.6, "x", ok1 && ok2)
	peak, ok1 := get("GoBuildFull", "peak-MB")
	basePeak, ok2 := get("GoBuildFull", "base-peak-MB")
	atMost("`go build` peak memory of the package / base commit's", fmt.Sprintf("%.0f MB vs %.0f MB", peak, basePeak), ratio(res, "GoBuildFull", "peak-MB", "GoBuildFull", "base-peak-MB"), 0.6, "x", ok1 && ok2)

	over, ok1 := get("OneCallBinary", "over-MB")
	one, _ := get("OneCallBinary", "bytes")
	plain, ok2 := get("OneCallBinary", "floor-bytes")
	atMost("one-call binary over the plain net/http + encoding/json one", fmt.Sprintf("%.2f MB vs %.2f MB", one/(1<<20), plain/(1<<20)), over, 1, " MB", ok1 && ok2)

	call, ok1 := get("GeneratedCall", "ns/op")
	floor, ok2 := get("FloorCall", "ns/op")
	atMost("per call, ns/op / the hand-written floor's", fmt.Sprintf("%.0f ns vs %.0f ns", call, floor), ratio(res, "GeneratedCall", "ns/op", "FloorCall", "ns/op"), 1.05, "x", ok1 && ok2)
	allocs, ok1 := get("GeneratedCall", "allocs/op")
	floorAllocs, ok2 := get("FloorCall", "allocs/op")
	atMost("per call, allocations over the floor's", fmt.Sprintf("%.0f vs %.0f", allocs, floorAllocs), allocs-floorAllocs, 2, "", ok1 && ok2)

	gen, ok1 := get("GenerateFull", "ns/op")
	loadFloor, ok2 := get("LoadFloor", "ns/op")
	atMost("generator on the full spec / the kin-openapi load floor", fmt.Sprintf("%.2f s vs %.2f s", gen/1e9, loadFloor/1e9), ratio(res, "GenerateFull", "ns/op", "LoadFloor", "ns/op"), 3, "x", ok1 && ok2)
	command, ok1 := get("CommandFull", "ns/op")
	oapi, ok2 := get("OapiCodegenFull", "ns/op")
	name := "oapi-codegen / the generator command, wall time on the full spec"
	if ok1 && ok2 {
		r := ratio(res, "OapiCodegenFull", "ns/op", "CommandFull", "ns/op")
		rows = append(rows, row{name, fmt.Sprintf("%.2f s vs %.2f s", oapi/1e9, command/1e9), fmt.Sprintf("%.2fx", r), "≥ 5x", met(r >= 5)})
	} else {
		rows = append(rows, row{name, "not measured", "", "≥ 5x", "?"})
	}
	slices.Sort(missing)
	return rows, slices.Compact(missing)
}

// ratio is the median of the ratios of a's runs to b's, paired in order,
// when both have as many: a pair measured together shares the machine's
// load of the moment. Otherwise it is the ratio of their medians.
func ratio(res results, a, aUnit, b, bUnit string) float64 {
	xs, ys := res[a][aUnit], res[b][bUnit]
	if len(xs) == len(ys) {
		rs := make([]float64, len(xs))
		for i := range xs {
			rs[i] = xs[i] / ys[i]
		}
		r, _ := median(rs)
		return r
	}
	x, _ := median(xs)
	y, _ := median(ys)
	return x / y
}

func met(ok bool) string {
	if ok {
		return "met"
	}
	return "**missed**"
}

func median(xs []float64) (float64, bool) {
	if len(xs) == 0 {
		return 0, false
	}
	s := slices.Sorted(slices.Values(xs))
	if len(s)%2 == 1 {
		return s[len(s)/2], true
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2, true
}

// commit is the checkout's commit, with "+dirty" when it has changes.
func commit() string {
	out, err := exec.Command("git", "rev-parse", "--short", "HEAD").Output()
	if err != nil {
		return "unknown"
	}
	c := strings.TrimSpace(string(out))
	if st, err := exec.Command("git", "status", "--porcelain", "--untracked-files=no").Output(); err == nil && len(st) > 0 {
		c += "+dirty"
	}
	return c
}

// loadAverage is the 1, 5 and 15-minute load averages, where Linux has them.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}
