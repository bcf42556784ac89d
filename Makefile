# homelab.ipv6 — every target installs what it lacks and is safe to run twice.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

VENV := $(CURDIR)/.venv
BUILD := $(CURDIR)/build
COLLECTIONS := $(BUILD)/collections
COLLECTION_DIR := $(COLLECTIONS)/ansible_collections/homelab/ipv6
SANITY_DIR := $(BUILD)/sanity/ansible_collections/homelab/ipv6
PYTHON_VERSION = $(shell $(VENV)/bin/python -c 'import sys; print("%d.%d" % sys.version_info[:2])')

# Lab releases: the first one is the default platform of every scenario.
LAB_RELEASES ?= bookworm trixie
# Scenarios that `make molecule` runs, in this order, and those it runs beside them.
SCENARIOS ?= router home
SIDE_SCENARIOS ?= kernel smoke

export PATH := $(VENV)/bin:$(PATH)
export CONTAINERS_CONF := $(CURDIR)/lab/containers.conf
export ANSIBLE_COLLECTIONS_PATH := $(COLLECTIONS)
export ANSIBLE_FORCE_COLOR ?= false
export PY_COLORS ?= 0

.PHONY: help check test unit sanity ansible-test-pip lint docs molecule demo demo-down lab-image host-deps venv collection bench bench-dhcp changelog clean

help:
	@echo "make check      the fast checks to run before each commit (yamllint, pep8, plugin docs, unit tests)"
	@echo "make test       unit tests, ansible-test sanity, ansible-lint and every molecule scenario"
	@echo "make demo       bring up the lab and apply playbooks/site.yml to it (make demo-down removes it)"
	@echo "make unit | sanity | lint | docs | molecule | lab-image | bench | bench-dhcp | changelog | clean"

# The unit tests and the static checks (sanity, lint) run beside the scenarios, which mostly
# wait on daemons, the mirror and the VM; what they all need is built first. Their output goes
# to build/reports/static-checks.log, and the run ends with the scenarios' summary, then theirs.
test: venv collection ansible-test-pip lab-image
	@mkdir -p $(BUILD)/reports && rm -f $(BUILD)/reports/static-checks.rc
	@( checks=0; $(MAKE) --no-print-directory --keep-going unit sanity lint >$(BUILD)/reports/static-checks.log 2>&1 || checks=$$?; \
	   echo $$checks >$(BUILD)/reports/static-checks.rc ) & \
	status=0; $(MAKE) --no-print-directory molecule || status=$$?; wait; \
	checks=$$(cat $(BUILD)/reports/static-checks.rc 2>/dev/null || echo missing); \
	echo "=== unit tests, sanity and lint, run beside the scenarios (whole log in $(BUILD)/reports/static-checks.log)"; \
	grep -E '^[0-9]+ (passed|failed)|^=+ .*(passed|failed).* in ' $(BUILD)/reports/static-checks.log | head -n 2 || true; \
	if [ "$$checks" = 0 ]; then echo "unit tests, sanity and lint passed"; \
	else grep -E '^(ERROR|FATAL|FAILED)|failure\(s\)' $(BUILD)/reports/static-checks.log | head -n 12; echo "unit tests, sanity or lint FAILED"; fi; \
	if [ "$$checks" != 0 ]; then exit 1; fi; \
	exit $$status

host-deps:
	@bash lab/host-deps.sh

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt | host-deps
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements-dev.txt
	touch $@

# The checkout, seen by Ansible as the installed collection homelab.ipv6.
collection: $(COLLECTION_DIR)

$(COLLECTION_DIR):
	mkdir -p $(dir $@)
	ln -sfn $(CURDIR) $@

# The container images, and the kernel lab's VM image (Debian's kernel with sit and Jool).
lab-image: host-deps
	@for release in $(LAB_RELEASES); do bash lab/image/build.sh $$release; done
	@bash lab/vm/build.sh bookworm

unit: venv collection
	pytest tests/unit

# Before each commit: what sanity's pep8, pylint and yamllint would find in the cold run, with
# ansible-test's own settings, and the unit tests (which parse every plugin's DOCUMENTATION,
# EXAMPLES and RETURN). Under two minutes; `make test` still runs the whole sanity.
PEP8_IGNORE := $(shell sed -n 's/^\([EW][0-9]*\)$$/\1/p' $(VENV)/lib/python*/site-packages/ansible_test/_util/controller/sanity/pep8/current-ignore.txt 2>/dev/null | paste -sd, -)
check: venv collection ansible-test-pip
	yamllint --strict .
	pycodestyle --max-line-length 160 --ignore $(PEP8_IGNORE) plugins tests tools bench molecule lab
	$(MAKE) --no-print-directory sanity SANITY_TESTS="--test pylint"
	pytest -q -p no:cacheprovider tests/unit

# The variables tables of roles/*/README.md, from each role's meta/argument_specs.yml
# (tests/unit/test_docs.py fails when one is out of date).
docs: venv
	python tools/role_docs.py

# ansible-test wants the collection at ansible_collections/<namespace>/<name>, holding
# only the files git knows about. The copy gets a git repository of its own: inside this
# checkout, git would report build/ as ignored and ansible-test would skip every target.
sanity: venv ansible-test-pip
	rm -rf $(BUILD)/sanity
	mkdir -p $(SANITY_DIR)
	git ls-files --cached --others --exclude-standard -z | tar --null -T - -c | tar -x -C $(SANITY_DIR)
	cd $(SANITY_DIR) && git init --quiet && git add --all
	cd $(SANITY_DIR) && ansible-test sanity --venv --python $(PYTHON_VERSION) --color no $(SANITY_TESTS)

# ansible-test bootstraps pip in its venvs with a get-pip.py from ci-files.testing.ansible.com;
# where that host is out of reach, our stand-in takes its place in ansible-test's cache.
ansible-test-pip: venv
	@pip_version=$$(python -c 'import types; from ansible_test._internal.python_requirements import get_venv_packages; print(get_venv_packages(types.SimpleNamespace(version="$(PYTHON_VERSION)"))["pip"])'); \
	cached=$$HOME/.ansible/test/cache/get_pip_$${pip_version//./_}.py; \
	if [ ! -s "$$cached" ]; then mkdir -p "$$(dirname "$$cached")" && cp lab/ansible-test-get-pip.py "$$cached"; fi

# ansible-lint installs the collection it checks into $ANSIBLE_HOME/collections; kept under
# build/, that copy neither lands in the user's ~/.ansible nor shadows the live checkout.
lint: venv collection
	ANSIBLE_HOME=$(BUILD)/lint-home ansible-lint --profile production

# The kernel lab (a VM under software emulation), then smoke, run beside the router and home
# labs: it mostly waits on the emulated CPU while they wait on daemons and the mirror. Smoke
# comes after the VM, not beside its start: three labs at once made the router lab 29 min
# instead of 20 in a cold run (2026-12-02). The script keeps every scenario's output in build/reports/ and ends with a summary.
molecule: venv collection lab-image
	@SCENARIOS="$(SCENARIOS)" SIDE_SCENARIOS="$(SIDE_SCENARIOS)" REPORTS=$(BUILD)/reports bash lab/run-scenarios.sh

# The home lab (molecule/home) with site.yml applied, its address plan and live checks.
demo: venv collection lab-image
	molecule converge --scenario-name home
	@status=0; MOLECULE_HOME_SIDE_EFFECT=demo.yml molecule side-effect --scenario-name home || status=$$?; \
	cat $(BUILD)/demo/address-plan.md $(BUILD)/demo/live-checks.txt 2>/dev/null || true; \
	echo "Diagram: $(BUILD)/demo/address-plan.svg (and .png). Remove the lab with: make demo-down"; \
	if [ $$status -ne 0 ]; then echo "make demo: a live check failed (FAIL above), or the demo did not run to its end" >&2; fi; \
	exit $$status

demo-down: venv
	molecule destroy --scenario-name home

# Benchmarks print ratios measured side by side in one run; they pass or fail nothing.
bench: venv collection
	@bash lab/host-deps.sh bind9 bind9-utils bind9-dnsutils
	PYTHONPATH=$(COLLECTIONS) python bench/ptr.py
	PYTHONPATH=$(COLLECTIONS) python bench/nsupdate.py
	PYTHONPATH=$(COLLECTIONS) python bench/update_wire.py

# 200 DHCPv6 clients against each dhcp46 backend; brings the router lab up if it is not.
bench-dhcp: venv collection lab-image
	@podman container exists router-gw || molecule converge --scenario-name router
	PYTHONPATH=$(COLLECTIONS) python bench/dhcp_perfdhcp.py

changelog: venv
	antsibull-changelog release

clean:
	-for scenario in $(sort $(SCENARIOS) $(SIDE_SCENARIOS)); do [ -x $(VENV)/bin/molecule ] && molecule destroy --scenario-name $$scenario; done
	rm -rf $(BUILD) $(VENV) .pytest_cache
