# OpenROI: the two commands a new user needs (see README.md), plus a few for developers.
#   make run    install what is missing, build, load the synthetic demo, serve on 127.0.0.1:8080
#               (make run TLS=1: https with a self-signed certificate made into var/tls/)
#   make test   install what is missing, build once, run every test suite (PostgreSQL included)
#   make bench  build optimised and run the benchmarks; results go to docs/benchmarks.md

TEST_PRESET ?= asan

.PHONY: run test bench build setup format lint clean

setup:
	scripts/setup.sh

TLS ?= 0

run: setup
	TLS=$(TLS) scripts/run.sh

test: setup
	scripts/test.sh $(TEST_PRESET)

bench: setup
	scripts/bench.sh

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
