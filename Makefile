# BankChat: `make run` serves the app, `make test` runs every check (CI runs it too).
SHELL := /bin/bash

.PHONY: help run test setup lint format clean distclean migrate

help:
	@echo "make run      install what is missing, migrate, prepare the classifier, serve the app (BANKCHAT_PORT, default 3000)"
	@echo "make test     install, lint and run every test (pytest arguments: make test ARGS='-k login')"
	@echo "make setup    install Python packages (.venv) and bun + Node (.tools), test tools included"
	@echo "make lint     ruff check, ruff format --check and mypy --strict"
	@echo "make format   sort imports and format the code with ruff"
	@echo "make migrate  bring the database to the newest schema and seed the demo users"
	@echo "make clean    remove build output and SQLite databases (.web .states *.db)"
	@echo "make distclean  clean, and remove .venv and .tools too"

run:
	bash scripts/run.sh

test:
	bash scripts/test.sh $(ARGS)

setup:
	bash scripts/setup.sh --dev

lint: setup
	. scripts/env.sh && ruff check . && ruff format --check . && mypy

format: setup
	. scripts/env.sh && ruff check --select I --fix . && ruff format .

migrate:
	bash scripts/setup.sh && . scripts/env.sh && python -m bankchat.migrate

clean:
	rm -rf .web .states
	rm -f ./*.db ./*.db-shm ./*.db-wal

distclean: clean
	rm -rf .venv .tools
