# LiS top-level Makefile: builds streams.ko in the tree against the newest Debian 6.1 kernel headers
# (KDIR=... to change), and drives the QEMU test rig (scripts/). Targets: modules (default), clean,
# sparse, unit, check, demo, vm. Variables: KDIR, W, C, KERNELS, GUEST_TIMEOUT, GUEST_TEST_TIMEOUT,
# VM_KERNEL, LIS_CACHE.
SHELL := /bin/bash
KDIR ?= $(shell scripts/kernel-info 6.1 kdir 2>/dev/null)
KERNELS ?= 6.1 6.12 6.12-rt dbg
VM_KERNEL ?= 6.1
KBUILD_ARGS := $(if $(W),W=$(W)) $(if $(C),C=$(C))
GUEST_TIMEOUT ?= 600
GUEST_TEST_TIMEOUT ?= 180
LIS_CACHE ?= $(HOME)/.cache/lis
export KERNELS GUEST_TIMEOUT GUEST_TEST_TIMEOUT LIS_CACHE

.PHONY: modules all deps clean sparse unit check demo vm
.DEFAULT_GOAL := modules

all: modules

# install what is missing (kernels and headers, QEMU, busybox, sparse, linux-source, ...)
deps:
	@scripts/need-deps

modules: deps
	$(MAKE) -C $(KDIR) M=$(CURDIR) $(KBUILD_ARGS) modules

# sparse over every source (C=2 checks files even when up to date); any warning fails
sparse: deps
	@mkdir -p build
	@set -o pipefail; $(MAKE) -C $(KDIR) M=$(CURDIR) C=2 $(if $(W),W=$(W)) modules 2>&1 | tee build/sparse.log
	@if grep -E ': (warning|error):' build/sparse.log; then \
		echo "sparse: not clean (log in build/sparse.log)"; exit 1; \
	else echo "sparse: clean"; fi

unit:
	@if [ -f tests/unit/Makefile ]; then $(MAKE) -C tests/unit check; \
	else echo "unit: tests/unit/Makefile not there yet, skipped"; fi

check: deps
	@scripts/check

demo: deps
	@scripts/demo $(VM_KERNEL)

vm: deps
	@scripts/build-module $(VM_KERNEL) >/dev/null || { tail -n 40 build/$(VM_KERNEL)/build.log; exit 1; }
	@scripts/mkinitramfs build/$(VM_KERNEL)/vm.cpio.gz vm build/$(VM_KERNEL)/ko
	@scripts/run-guest -i $(VM_KERNEL) build/$(VM_KERNEL)/vm.cpio.gz

clean:
	@if [ -d "$(KDIR)" ]; then $(MAKE) -C $(KDIR) M=$(CURDIR) clean; fi
	rm -rf build
