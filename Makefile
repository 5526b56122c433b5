# LiS top-level Makefile: builds streams.ko in the tree against the newest Debian 6.1 kernel headers
# (KDIR=... to change), and drives the QEMU test rig (scripts/). Targets: modules (default), clean,
# sparse, unit, check, demo, bench, vm. Variables: KDIR, W, C, KERNELS, GUEST_TIMEOUT,
# GUEST_TEST_TIMEOUT, VM_KERNEL, LIS_CACHE; for check also GUEST_TESTS='glob ...' (only those guest
# programs) and UNIT=no (skip the host tests).
SHELL := /bin/bash
KDIR ?= $(shell scripts/kernel-info 6.1 kdir 2>/dev/null)
KERNELS ?= 6.1 6.12 6.12-rt dbg
VM_KERNEL ?= 6.1
KBUILD_ARGS := $(if $(W),W=$(W)) $(if $(C),C=$(C))
GUEST_TIMEOUT ?= 600
GUEST_TEST_TIMEOUT ?= 180
LIS_CACHE ?= $(HOME)/.cache/lis
export KERNELS GUEST_TIMEOUT GUEST_TEST_TIMEOUT LIS_CACHE GUEST_TESTS UNIT

.PHONY: modules all deps clean sparse unit check demo bench vm install install-dkms
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
	@config/tests/run

check: deps
	@scripts/check

demo: deps
	@scripts/demo $(VM_KERNEL)

# the guest benchmarks of tests/bench/ (figures, no verdict); KERNELS=... overrides the 6.1 default
bench: deps
	@scripts/bench-guest $(if $(filter file,$(origin KERNELS)),6.1,$(KERNELS))

vm: deps
	@scripts/build-module $(VM_KERNEL) >/dev/null || { tail -n 40 build/$(VM_KERNEL)/build.log; exit 1; }
	@scripts/mkinitramfs build/$(VM_KERNEL)/vm.cpio.gz vm build/$(VM_KERNEL)/ko
	@scripts/run-guest -i $(VM_KERNEL) build/$(VM_KERNEL)/vm.cpio.gz

clean:
	@if [ -d "$(KDIR)" ]; then $(MAKE) -C $(KDIR) M=$(CURDIR) clean; fi
	rm -rf build

# ---------------------------------------------------------------- config compiler and install
# lis-config, the host program that compiles Config files (config/README.md); Kbuild builds its
# own copy for streams.ko's tables. install puts streams.ko, the headers, libstreams, lis-config,
# driver.mk and the udev/modprobe files under DESTDIR/PREFIX; install-dkms the DKMS source tree.
PREFIX ?= /usr/local
DESTDIR ?=
KVER = $(shell sed -n 's/.*UTS_RELEASE "\(.*\)"/\1/p' $(KDIR)/include/generated/utsrelease.h 2>/dev/null)
MODDIR ?= /lib/modules/$(KVER)/updates/lis
UDEVDIR ?= /etc/udev/rules.d
LIS_VERSION := 0.1
lis-configs := $(sort $(wildcard drivers/Config drivers/*/Config modules/Config modules/*/Config))
lis-share := $(DESTDIR)$(PREFIX)/share/lis

config/lis-config: $(wildcard config/*.c config/*.h)
	$(CC) -std=gnu11 -O2 -Wall -Wextra -o $@ $(filter %.c,$^)

install: config/lis-config
	$(MAKE) -C $(KDIR) M=$(CURDIR) $(KBUILD_ARGS) modules
	install -d $(DESTDIR)$(MODDIR) $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/include/lis/sys \
		$(DESTDIR)$(PREFIX)/include/lis/lis $(lis-share)/symvers/$(KVER) \
		$(DESTDIR)$(UDEVDIR) $(DESTDIR)/etc/modprobe.d
	install -m 644 streams.ko $(DESTDIR)$(MODDIR)/
	install -m 644 include/sys/*.h $(DESTDIR)$(PREFIX)/include/lis/sys/
	install -m 644 include/stropts.h $(DESTDIR)$(PREFIX)/include/lis/
	install -m 644 include/lis/ddi_types.h $(DESTDIR)$(PREFIX)/include/lis/lis/
	install -m 755 config/lis-config $(DESTDIR)$(PREFIX)/bin/
	install -m 644 config/driver.mk config/README.md $(lis-share)/
	install -m 644 Module.symvers $(lis-share)/symvers/$(KVER)/
	cat $(lis-configs) >$(lis-share)/Config.streams
	config/lis-config nodes -o $(lis-share)/nodes $(lis-configs)
	{ cat etc/udev-60-lis.rules.head; config/lis-config udev $(lis-configs) | tail -n +2; } \
		>$(DESTDIR)$(UDEVDIR)/60-lis-streams.rules
	install -m 644 etc/modprobe.d-lis.conf $(DESTDIR)/etc/modprobe.d/lis.conf
	$(MAKE) -C util/libstreams install PREFIX=$(PREFIX) DESTDIR=$(DESTDIR)
	@for d in util/*/; do [ "$$d" = util/libstreams/ ] || [ ! -f $$d/Makefile ] || \
		$(MAKE) -C $$d install PREFIX=$(PREFIX) DESTDIR=$(DESTDIR) || exit 1; done
	@if [ -z "$(DESTDIR)" ]; then depmod -a $(KVER); fi

# the module's sources for DKMS (dkms.conf): then dkms add lis/$(LIS_VERSION); dkms install ...
install-dkms:
	install -d $(DESTDIR)/usr/src/lis-$(LIS_VERSION)/scripts
	set -o pipefail; tar -cf - Kbuild dkms.conf include head msg sched drivers \
		$(wildcard modules) config/*.c config/*.h | \
		tar -C $(DESTDIR)/usr/src/lis-$(LIS_VERSION) -xf -
	install -m 755 scripts/dkms-post-build $(DESTDIR)/usr/src/lis-$(LIS_VERSION)/scripts/
