# The README's two commands are `go run ./generator` and `go test ./...`;
# these targets are shortcuts around them.
GO ?= go
SPEC_2025 := openapi/upstream/atlas-api-2025-06-30.yaml
SPEC_2026 := openapi/upstream/atlas-api-2026-03-03.yaml

.PHONY: generate check test race bench bench-lean fragment full vet cli fuzz mutate

generate: ## regenerate generated/ (the whole API) and internal/restorejobs (the fragment) from openapi/
	$(GO) run ./generator

cli: ## install the command-line client, atlasapi, into $(go env GOBIN)
	$(GO) install ./generated/cmd/atlasapi

check: ## exit 1 when generated/ is stale
	$(GO) run ./generator -check

test:
	$(GO) test ./...

race: ## the client runtime under the race detector (its tests run on the restore-job package)
	$(GO) test -race ./internal/restorejobs/...

vet:
	$(GO) vet ./...

fragment: ## re-cut openapi/ from the real spec
	$(GO) run ./generator -spec $(SPEC_2025) -include-tags "Shared-Tier Restore Jobs" -write-spec openapi/atlas-restore-jobs.yaml

full: ## generate the complete 2026-03-03 spec into /tmp/atlas-full (report beside it)
	$(GO) run ./generator -spec $(SPEC_2026) -out /tmp/atlas-full/admin -report /tmp/atlas-full/report.md

bench: ## generator and client benchmarks, as tables
	$(GO) test ./generator -run '^$$' -bench . -benchmem -count 1
	$(GO) test ./internal/restorejobs/admin -run '^$$' -bench . -benchmem -count 1

# Issue 19's targets, in one run, each as a ratio to what it is measured
# against in that run: the generator to the kin-openapi load floor and to
# oapi-codegen; generated/admin's lines and interface methods; its go build
# (wall time, peak memory) to the same package at BASE; a one-call program's
# size to a plain net/http + encoding/json one; a call to the hand-written
# floor. BENCHCOUNT runs of each, CALLCOUNT of the call and its floor,
# which alternate (one -count each) so that a burst of load on the shared
# machine falls on both; the table uses the medians.
BENCHCOUNT ?= 3
CALLCOUNT ?= 6
BASE ?=
bench-lean: ## issue 19's benchmarks, side by side, and their targets as ratios (see docs/performance.md)
	{ ATLASGEN_BENCH_BASE=$(BASE) $(GO) test ./generator -run '^$$' -timeout 60m -count $(BENCHCOUNT) -benchmem \
		-bench '^Benchmark(GenerateFull|LoadFloor|CommandFull|OapiCodegenFull|GoBuildFull|InterfaceMethods|OneCallBinary)$$'; \
	  for i in $$(seq $(CALLCOUNT)); do $(GO) test ./internal/restorejobs/admin -run '^$$' -count 1 -benchmem \
		-bench '^Benchmark(FloorCall|GeneratedCall)$$'; done; } 2>&1 | $(GO) run ./internal/benchtargets

# Each fuzz target runs for FUZZTIME with FUZZPARALLEL workers; a crasher
# is written to testdata/fuzz/<Target>/ beside its test, where go test
# replays it from then on.
FUZZTIME ?= 1m
FUZZPARALLEL ?= 1
# Minimising each new input takes most of the time on a 2-core machine.
FUZZMINIMIZE ?= 10x
FUZZ = $(GO) test -run '^$$' -fuzztime $(FUZZTIME) -fuzzminimizetime $(FUZZMINIMIZE) -parallel $(FUZZPARALLEL)
fuzz: ## run every fuzz target for FUZZTIME each
	$(FUZZ) ./generator -fuzz '^FuzzLoad$$'
	$(FUZZ) ./generator -fuzz '^FuzzGenerate$$'
	$(FUZZ) ./generator -fuzz '^FuzzOverlay$$'
	$(FUZZ) ./generator/internal/naming -fuzz '^FuzzNaming$$'
	$(FUZZ) ./internal/restorejobs/admin -fuzz '^FuzzDecodeKeeping$$'

# The structured mutation test (generator/mutate_test.go) over MUTATE_N
# mutants of the fragment and of cuts of both real specs, made from
# MUTATE_SEED; it prints the counts per class and outcome, and writes
# every input that breaks the contract under MUTATE_KEEP.
MUTATE_SEED ?= 1
MUTATE_N ?= 3000
MUTATE_WORKERS ?= 2
MUTATE_KEEP ?= /tmp/atlasgen-mutants
mutate: ## structural mutants through the whole generator: no crash, hang, unplaced refusal or unbuildable output
	MUTATE_SEED=$(MUTATE_SEED) MUTATE_N=$(MUTATE_N) MUTATE_WORKERS=$(MUTATE_WORKERS) MUTATE_KEEP=$(MUTATE_KEEP) \
		$(GO) test ./generator -run '^TestMutate$$' -count 1 -v -timeout 60m
