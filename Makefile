# SPDX-License-Identifier: Apache-2.0
#
# Makefile -- a thin driver over CMake for the common tasks. The build
# itself lives in CMakeLists.txt; every target here can be done by hand
# with cmake and ctest (see README.md "Development").
#
#   make          deps, then configure and build build/ (RelWithDebInfo)
#   make test     gcc build + ctest, then clang ASan/UBSan build + ctest,
#                 then the thread-labelled tests under clang TSan
#   make demo     build, make examples/org/ into Git repositories, sweep
#                 them into demo-out/ (SARIF, statistics, summary)
#   make bench    build, then every benchmark of bench/ (JSON lines)
#   make bench-org ORG=DIR [REF=REV]
#                 the sweep's ratios over your own directory of
#                 repositories (cold/read, warm/cold, changed/cold at REV)
#   make fuzz     clang + libFuzzer + ASan/UBSan build in build-fuzz/, then
#                 each tests/fuzz target for SECONDS seconds (default 60)
#   make deps     install missing Debian packages (as root) or name them
#   make clean    remove the build directories

# Debian packages the build and the tests need (python3 runs the golden
# tests; gcc builds build/, clang the sanitizer build; zlib measures the
# gzip size GitHub limits SARIF uploads by; python3-jsonschema and
# python3-rfc3987 validate SARIF against the OASIS schema, with URI
# format checks, in tests/sarif/).
DEPS := libgit2-dev libxxhash-dev libcjson-dev libyaml-dev liblmdb-dev \
        check pkg-config cmake libunistring-dev clang python3 gcc \
        clang-format-14 git zlib1g-dev python3-jsonschema python3-rfc3987

JOBS ?= 2
# Size of the synthetic org of bench/sweep.py: 1 is the issue's (one
# monorepo of ~20k IaC files and 500 small repositories).
BENCH_SCALE ?= 1
# Alternating pairs behind every ratio of `make bench` (median reported).
BENCH_PAIRS ?= 5
# Instruction counts (callgrind) for every parser and the evaluator: on
# whenever valgrind is installed; BENCH_CALLGRIND=0 skips them.
BENCH_CALLGRIND ?= $(if $(shell command -v valgrind 2>/dev/null),1,0)
export BENCH_PAIRS BENCH_CALLGRIND
BUILD := build
BUILD_ASAN := build-asan
BUILD_TSAN := build-tsan
BUILD_FUZZ := build-fuzz
# Seconds each libFuzzer target runs under `make fuzz`.
SECONDS ?= 60
FUZZ_TARGETS := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))

CMAKE_FLAGS := -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMLS_WERROR=ON
CMAKE_ASAN_FLAGS := -DCMAKE_BUILD_TYPE=Debug \
        -DMLS_SANITIZE=address,undefined -DMLS_ARENA_DEBUG=ON -DMLS_WERROR=ON

# The sanitizer run: Check runs tests in-process so ASan sees the whole run
# (and its leaks); ctest's TIMEOUT replaces Check's fork-mode timeouts.
ASAN_ENV := CK_FORK=no CK_TIMEOUT_MULTIPLIER=10 \
        ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
        LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
        UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

# The gcc run keeps Check's fork mode and its per-test timeouts, stretched
# so a loaded two-core CI machine does not turn a slow test into a failure;
# a hang still fails (ctest's TIMEOUT is the backstop).
GCC_ENV := CK_TIMEOUT_MULTIPLIER=4

# The TSan run: the tests labelled tsan (the engine's pool) in their own
# build, since ASan and TSan cannot share one (CONVENTIONS section 10).
CMAKE_TSAN_FLAGS := -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMLS_SANITIZE=thread \
        -DMLS_WERROR=ON
TSAN_ENV := CK_FORK=no CK_TIMEOUT_MULTIPLIER=10 \
        TSAN_OPTIONS="suppressions=$(CURDIR)/tests/tsan.supp halt_on_error=1"

.PHONY: all deps build build-asan build-tsan test test-gcc test-asan \
        test-tsan demo bench bench-org fuzz clean

all: build

# Fast no-op when everything is installed. As root, install what is
# missing; otherwise name it and stop (exit 2) rather than half-build.
deps:
	@if ! command -v dpkg-query >/dev/null 2>&1; then \
	  echo "make deps: not a Debian system; make sure these are installed:"; \
	  echo "  $(DEPS)"; \
	  exit 0; \
	fi; \
	missing=""; \
	for p in $(DEPS); do \
	  status=$$(dpkg-query -W -f='$${Status}' "$$p" 2>/dev/null || true); \
	  case "$$status" in \
	    *" installed") ;; \
	    *) missing="$$missing $$p" ;; \
	  esac; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" -eq 0 ]; then \
	  echo "make deps: installing$$missing"; \
	  apt-get update && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y \
	    --no-install-recommends $$missing; \
	else \
	  echo "make deps: missing Debian packages:$$missing"; \
	  echo "make deps: install them with:"; \
	  echo "  sudo apt-get install --no-install-recommends$$missing"; \
	  exit 2; \
	fi

# build/ is always gcc, RelWithDebInfo, warnings as errors: `make`,
# `make test`, `make demo` and `make bench` share it.
build: deps
	cmake -S . -B $(BUILD) -DCMAKE_C_COMPILER=gcc $(CMAKE_FLAGS)
	cmake --build $(BUILD) -j$(JOBS)

build-asan: deps
	cmake -S . -B $(BUILD_ASAN) -DCMAKE_C_COMPILER=clang $(CMAKE_ASAN_FLAGS)
	cmake --build $(BUILD_ASAN) -j$(JOBS)

test: test-gcc test-asan test-tsan

# mls_unit is run once directly so that Check's overall summary line
# ("100%: Checks: N, Failures: 0, Errors: 0") shows; ctest then runs each
# suite, the lints and the CLI, golden and fuzz-replay tests on their own.
test-gcc: build
	@echo "== unit tests (gcc, $(BUILD)/) =="
	$(GCC_ENV) $(BUILD)/tests/mls_unit
	@echo "== ctest (gcc, $(BUILD)/) =="
	cd $(BUILD) && $(GCC_ENV) ctest --output-on-failure -j$(JOBS)

test-asan: build-asan
	@echo "== ctest (clang, ASan + UBSan, $(BUILD_ASAN)/) =="
	cd $(BUILD_ASAN) && $(ASAN_ENV) ctest --output-on-failure -j$(JOBS)

build-tsan: deps
	cmake -S . -B $(BUILD_TSAN) -DCMAKE_C_COMPILER=clang $(CMAKE_TSAN_FLAGS)
	cmake --build $(BUILD_TSAN) -j$(JOBS) --target mls_unit

test-tsan: build-tsan
	@echo "== ctest -L tsan (clang, ThreadSanitizer, $(BUILD_TSAN)/) =="
	cd $(BUILD_TSAN) && $(TSAN_ENV) ctest -L tsan --output-on-failure

demo: build
	@echo "== mlsweep demo: each folder of examples/org/ becomes a Git repository"
	@echo "== under demo-out/org/, then one sweep of the whole org writes SARIF"
	@echo "== per repository, an org SARIF, statistics and OpenMetrics."
	bash examples/make-org.sh demo-out/org
	rm -rf demo-out/sarif demo-out/cache
	$(BUILD)/mlsweep scan demo-out/org --cache-dir demo-out/cache \
	  --sarif-dir demo-out/sarif --sarif demo-out/org.sarif \
	  --stats demo-out/stats.json --metrics demo-out/metrics.prom \
	  --format markdown --output demo-out/summary.md \
	  --format json --output demo-out/results.json \
	  --format text --soft-fail
	@echo
	@echo "== outputs in demo-out/:"
	@ls demo-out demo-out/sarif
	@echo
	@echo "== a second sweep of the unchanged org is served from the cache:"
	$(BUILD)/mlsweep scan demo-out/org --cache-dir demo-out/cache \
	  --format json --output demo-out/results-warm.json --soft-fail
	cmp demo-out/results.json demo-out/results-warm.json && \
	  echo "== warm results are byte-identical to the cold ones"
	@echo
	@echo "== what a rule sees per environment (mlsweep inspect, examples/demo.py)"
	python3 examples/demo.py $(BUILD)/mlsweep

# The environment line first (machine, libraries, compiler flags, dataset
# digests), then every figure as JSON lines on stdout; the build, progress
# and the tools' own output go to stderr, so `make bench > results.jsonl`
# keeps only the numbers (docs/performance.md).
bench:
	@$(MAKE) --no-print-directory build >&2
	@python3 bench/env.py --build $(BUILD) --scale $(BENCH_SCALE)
	@bash bench/hcl_parse.sh $(BUILD)/mlsweep
	@bash bench/tf_eval.sh $(BUILD)/mlsweep
	@bash bench/cfn_load.sh $(BUILD)/mlsweep
	@$(BUILD)/mls_pool_bench
	@python3 bench/sweep.py $(BUILD)/mlsweep --scale $(BENCH_SCALE)
	@python3 bench/scale.py $(BUILD)/mlsweep

# The same sweep ratios over a directory of repositories of your own
# (ORG=DIR; REF=REV adds changed/cold: a sweep at REV after the warm one).
bench-org:
	@test -n "$(ORG)" || { echo "make bench-org: set ORG=DIR" >&2; exit 2; }
	@$(MAKE) --no-print-directory build >&2
	@python3 bench/sweep.py $(BUILD)/mlsweep --org "$(ORG)" \
	  $(if $(REF),--changed-ref "$(REF)")

# Each target starts from its seed corpus (read-only here) and writes what
# it learns to $(BUILD_FUZZ)/corpus/<t>/; a crash is saved as
# $(BUILD_FUZZ)/crashes/<t>-crash-<sha1> and stops the run. A crash input
# goes into tests/fuzz/corpus/<t>/ with its fix (see the corpus README).
fuzz: deps
	cmake -S . -B $(BUILD_FUZZ) -DCMAKE_C_COMPILER=clang -DMLS_FUZZ=ON \
	  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMLS_SANITIZE=address,undefined
	cmake --build $(BUILD_FUZZ) -j$(JOBS) --target $(addprefix fuzz_,$(FUZZ_TARGETS))
	mkdir -p $(BUILD_FUZZ)/crashes
	@set -e; for t in $(FUZZ_TARGETS); do \
	  echo "== fuzz_$$t for $(SECONDS) s"; \
	  mkdir -p $(BUILD_FUZZ)/corpus/$$t; \
	  log=$(BUILD_FUZZ)/fuzz_$$t.log; \
	  if ! ASAN_OPTIONS=detect_leaks=1 \
	    $(BUILD_FUZZ)/tests/fuzz/fuzz_$$t -max_total_time=$(SECONDS) \
	      -rss_limit_mb=2048 -timeout=30 -print_final_stats=1 \
	      -artifact_prefix=$(BUILD_FUZZ)/crashes/$$t- \
	      $(BUILD_FUZZ)/corpus/$$t tests/fuzz/corpus/$$t >$$log 2>&1; then \
	    tail -40 $$log; echo "== fuzz_$$t failed: see $$log"; exit 1; \
	  fi; \
	  grep -E '^stat::(number_of_executed_units|peak_rss_mb)' $$log; \
	done

clean:
	rm -rf $(BUILD) $(BUILD_ASAN) $(BUILD_TSAN) $(BUILD_FUZZ)
