# Minsheng: `make demo` runs it, `make test` checks it. Both work on a fresh machine with
# Python 3.11; everything else is installed into .venv from the lock file.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: demo test install lint typecheck pytest bench serve messages clean worker

$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation --config-settings editable_mode=compat -e .
	@touch $(STAMP)

install: $(STAMP)

var/secret.key var/encryption.key:
	@mkdir -p var
	@test -s var/secret.key || $(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > var/secret.key
	@test -s var/encryption.key || $(BIN)/python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())" > var/encryption.key
	@chmod 600 var/secret.key var/encryption.key

demo: $(STAMP) var/secret.key var/encryption.key
	$(BIN)/minsheng migrate --noinput -v 0
	$(BIN)/minsheng createcachetable
	$(BIN)/minsheng seed-demo --if-empty
	@echo "Minsheng is at http://127.0.0.1:$(PORT)/  (staff console: /console/, demo logins in README.md)"
	PORT=$(PORT) bash scripts/serve-demo

worker: $(STAMP)
	$(BIN)/minsheng worker

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	MINSHENG_SECRET_KEY=typecheck $(BIN)/mypy .

pytest: $(STAMP)
	bash scripts/run-tests

test: lint typecheck pytest

bench: $(STAMP)
	$(BIN)/python bench/run.py

messages: $(STAMP)
	cd . && $(BIN)/minsheng makemessages -l zh_Hans -l en --ignore=.venv --ignore=var --ignore=bench
	$(BIN)/minsheng compilemessages --ignore=.venv

clean:
	rm -rf $(VENV)
