.PHONY: check lint test

check: lint test

lint:
	ruff check .
	ruff format --check .

test:
	python -m pytest
