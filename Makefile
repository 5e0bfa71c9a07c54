# The two commands of the README: `make demo` (the whole benchmark on the demo cases,
# offline, ending in a report) and `make test`. Both set up .venv on first use: the demo
# needs the package alone, the tests also the development tools, the local-model extra and the
# semantic extra (bert-score).
VENV ?= .venv
BIN := $(VENV)/bin
CORE := $(VENV)/.installed-core
FULL := $(VENV)/.installed-full
DEMO_LOGS ?= logs/demo
TASKS := knowledge_recall note_interpretation image_interpretation diagnosis_generation \
	diagnostic_reasoning treatment_planning treatment_reasoning inconsistency_detection

.PHONY: demo test test-fast lint install

install: $(FULL)

$(BIN)/python:
	python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(CORE): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(FULL): pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev,local,semantic]' -c constraints.txt
	touch $@ $(CORE)

demo: $(CORE)
	rm -rf $(DEMO_LOGS)
	$(BIN)/inspect eval-set $(addprefix bj_evals/,$(TASKS)) -T source=demo \
		--model chance/uniform --model-role grader=keyword/grader \
		--log-dir $(DEMO_LOGS) --display plain
	$(BIN)/bj-evals report $(DEMO_LOGS) -o reports/demo

# everything CI runs: linters, type checks, Inspect's eval conventions, every test
test: lint
	$(BIN)/python -m pytest

# the edit-test loop: every test but the slow tier (fresh processes, benchmarks, redraws)
test-fast: $(FULL)
	$(BIN)/python -m pytest -m "not slow"

lint: $(FULL)
	$(BIN)/ruff check src tests benchmarks tools
	$(BIN)/ruff format --check src tests benchmarks tools
	$(BIN)/mypy
	@if $(BIN)/python -c "import inspect_evals_lint" 2>/dev/null; then \
		$(BIN)/inspect-evals-lint --all; \
	else echo "inspect-evals-lint needs Python 3.11 or later: skipped"; fi
