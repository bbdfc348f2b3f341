# OpenROI: the two commands a new user needs (see README.md), plus a few for developers.
#   make run    install what is missing, build, load the synthetic demo, serve on 127.0.0.1:8080
#               (make run TLS=1: https with a self-signed certificate made into var/tls/)
#   make test   install what is missing, build once, run every test suite (PostgreSQL included)
#   make bench  build optimised and run the benchmarks; results go to docs/benchmarks.md
#               (make bench SCALE=1 adds the scale benchmark below)
#   make bench-scale  1M requests / 10M disclosures on SQLite and PostgreSQL (about 30 minutes)

TEST_PRESET ?= asan

.PHONY: run test bench bench-scale build setup format lint clean

setup:
	scripts/setup.sh

TLS ?= 0

run: setup
	TLS=$(TLS) scripts/run.sh

test: setup
	scripts/test.sh $(TEST_PRESET)

SCALE ?= 0

bench: setup
	scripts/bench.sh
	if [ "$(SCALE)" = "1" ]; then scripts/bench-scale.sh; fi

bench-scale: setup
	scripts/bench-scale.sh

build: setup
	cmake --preset debug
	cmake --build --preset debug

format:
	find src tests bench -name '*.h' -o -name '*.cc' | xargs clang-format -i

lint:
	tools/check_layering.sh
	find src tests bench -name '*.h' -o -name '*.cc' | xargs clang-format --dry-run --Werror

clean:
	rm -rf build
