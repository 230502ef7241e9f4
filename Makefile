# Contact Centre for Odoo 18: `make run` serves a demo database, `make test`
# runs the whole suite. Both set up whatever is missing first; see README.md.

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
ODOO_SRC ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/odoo/18.0
ODOO_REPO ?= https://github.com/odoo/odoo.git
ODOO_BRANCH ?= 18.0
DB ?= contact_centre
HTTP_PORT ?= 8069
TEST_JOBS ?= 2
ADDONS ?=
# e.g. BENCH_ARGS="--only=dashboard --dashboard-messages=100000 --dashboard-conversations=10000"
BENCH_ARGS ?=

VENV := .venv
VPY := $(VENV)/bin/python
ODOO_BIN := $(ODOO_SRC)/odoo-bin
ODOO_STAMP := $(VENV)/.odoo-installed
DEPS_STAMP := $(VENV)/.requirements-installed

.PHONY: help setup run test soak bench lint pot clean config chromium

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/'

setup: $(ODOO_STAMP) $(DEPS_STAMP) config ## install Odoo 18, our dependencies, PostgreSQL role and odoo.conf

run: setup ## serve http://localhost:8069 with the demo database (created once)
	$(VPY) setup/dev_database.py --config odoo.conf --odoo-bin $(ODOO_BIN) --database $(DB)
	$(VPY) $(ODOO_BIN) -c odoo.conf -d $(DB) --db-filter='^$(DB)$$' --http-port=$(HTTP_PORT)

test: setup chromium ## run every addon's tests (alone and together), tours and tests/ (ADDONS=cc_x for some)
	$(VPY) setup/run_tests.py --config odoo.conf --odoo-bin $(ODOO_BIN) --jobs $(TEST_JOBS) $(ADDONS)

soak: setup chromium ## the fault suite at the issue's sizes: crashes, provider faults, two servers at once, bad input, disorder
	$(VPY) setup/faults.py --config odoo.conf --odoo-bin $(ODOO_BIN) --size=full
	CC_FAULT_SCALE=full $(VPY) setup/run_tests.py --config odoo.conf --odoo-bin $(ODOO_BIN) --jobs $(TEST_JOBS) \
		--tag cc_fault cc_base cc_whatsapp_meta cc_sms_infobip cc_sms_twilio cc_sms_http cc_campaign cc_scripts \
		cc_dashboard cc_dashboard_campaign

bench: setup ## measure webhooks, inbound processing and sending on this machine (its own database)
	$(VPY) setup/bench.py --config odoo.conf --odoo-bin $(ODOO_BIN) $(BENCH_ARGS)

lint: $(DEPS_STAMP) ## ruff, pylint-odoo and the OCA checks through pre-commit
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" pre-commit run --all-files --show-diff-on-failure

pot: setup ## write each addon's translation template, i18n/<addon>.pot, from the demo database
	$(VPY) setup/dev_database.py --config odoo.conf --odoo-bin $(ODOO_BIN) --database $(DB)
	for addon in $$($(VPY) -c 'import sys; sys.path.insert(0, "setup"); from addons import suite_addons; print(*suite_addons())'); do \
		mkdir -p addons/$$addon/i18n && \
		$(VPY) $(ODOO_BIN) -c odoo.conf -d $(DB) -u $$addon --stop-after-init --log-level=warn --no-http && \
		$(VPY) $(ODOO_BIN) -c odoo.conf -d $(DB) --modules=$$addon --i18n-export=addons/$$addon/i18n/$$addon.pot --log-level=warn || exit 1; \
	done

# The Odoo source tree goes on the venv's path (rewritten each time, as ODOO_SRC
# may point elsewhere), then odoo.conf is written for this machine.
config: $(ODOO_STAMP) $(DEPS_STAMP)
	@echo "$(abspath $(ODOO_SRC))" > "$$($(VPY) -c 'import sysconfig; print(sysconfig.get_path("purelib"))')/odoo-src.pth"
	@$(VPY) -c 'import odoo.release; print("Odoo", odoo.release.version, "from $(ODOO_SRC)")'
	$(VPY) setup/odoo_conf.py --odoo-src $(ODOO_SRC)

chromium:
	@setup/chromium.sh

clean: ## remove the virtual environment, odoo.conf and the private PostgreSQL data
	-$(VPY) setup/postgres.py --stop-private
	rm -rf $(VENV) odoo.conf .data

$(ODOO_BIN):
	@echo "No Odoo 18 source tree in $(ODOO_SRC): cloning $(ODOO_REPO) ($(ODOO_BRANCH))"
	git clone --depth 1 --branch $(ODOO_BRANCH) $(ODOO_REPO) $(ODOO_SRC)

$(VPY):
	@$(PYTHON) -c 'import sys; v = sys.version_info[:2]; (3, 10) <= v <= (3, 12) or sys.exit("Python 3.10 to 3.12 is needed, %s is %d.%d: run make PYTHON=python3.12 ..." % (sys.executable, *v))'
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); \
		echo "Creating a virtual environment failed; on Debian/Ubuntu: sudo apt install python3-venv"; exit 1; }
	$(VPY) -m pip install --quiet --upgrade pip packaging || { rm -rf $(VENV); exit 1; }

# Odoo's own requirements, made installable on this Python (setup/odoo_requirements.py
# says how).
$(ODOO_STAMP): $(ODOO_BIN) $(VPY) $(ODOO_SRC)/requirements.txt setup/odoo_requirements.py
	$(VPY) setup/odoo_requirements.py $(ODOO_SRC)/requirements.txt > $(VENV)/odoo-requirements.txt
	$(VPY) -m pip install --quiet -r $(VENV)/odoo-requirements.txt
	touch $@

$(DEPS_STAMP): $(VPY) requirements.txt
	$(VPY) -m pip install --quiet -r requirements.txt
	touch $@
