# SPDX-License-Identifier: LGPL-2.1-or-later
# driver.mk: build a loadable LiS driver module from an object file and its Config, without
# the driver's source. Installed as $(PREFIX)/share/lis/driver.mk; works from the source tree too
# (config/driver.mk). Two steps, each a kbuild run against the kernel in KDIR:
#
#   make -f driver.mk object SRC=vendor.c [OBJ=vendor.o] [EXTRA_CFLAGS=...]
#	1. compile a driver source against the LiS headers only (-DLIS_STANDALONE: no Linux
#	   header, no Linux type), with the kernel's own code-model flags, into a plain object
#   make -f driver.mk [module] OBJ=vendor.o CONFIG=Config [NAME=vendor] [OUT=dir]
#	2. link the object(s) with a wrapper lis-config generates from the Config (registration
#	   at load, unregistration at unload, parameters, licence) into NAME.ko
#
# Variables: KDIR (default: the running kernel's build dir), OBJ (one or more objects), CONFIG
# (one or more Config files), NAME (default: the first object's name), OUT (where NAME.ko goes,
# default .), SYMVERS (streams.ko's Module.symvers for this kernel), KNOWN (Config of the drivers
# and modules streams.ko has, checked against), LIS_INCLUDE, LIS_CONFIG (lis-config), W, V.
# The object of step 1 is specific to KDIR's kernel, like any module object.

lis-mk-dir := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
KDIR ?= /lib/modules/$(shell uname -r)/build
KVER := $(shell sed -n 's/.*UTS_RELEASE "\(.*\)"/\1/p' $(KDIR)/include/generated/utsrelease.h 2>/dev/null)

# installed ($(PREFIX)/share/lis/driver.mk) or in the source tree (config/driver.mk)?
ifneq ($(wildcard $(lis-mk-dir)/../include/sys/stream.h),)
LIS_INCLUDE ?= $(abspath $(lis-mk-dir)/../include)
LIS_CONFIG ?= $(lis-mk-dir)/lis-config
KNOWN ?= $(wildcard $(abspath $(lis-mk-dir)/../drivers/Config $(lis-mk-dir)/../modules/Config))
SYMVERS ?= $(abspath $(lis-mk-dir)/../Module.symvers)
else
lis-prefix := $(abspath $(lis-mk-dir)/../..)
LIS_INCLUDE ?= $(lis-prefix)/include/lis
LIS_CONFIG ?= $(lis-prefix)/bin/lis-config
KNOWN ?= $(lis-mk-dir)/Config.streams
SYMVERS ?= $(lis-mk-dir)/symvers/$(KVER)/Module.symvers
endif

OUT ?= .
SRC ?=
OBJ ?= $(if $(SRC),$(basename $(SRC)).o)
NAME ?= $(basename $(notdir $(firstword $(OBJ))))
BUILD ?= $(OUT)/.lis-build-$(NAME)
kbuild-args := $(if $(W),W=$(W)) $(if $(V),V=$(V))
lis-known := $(foreach k,$(KNOWN),-k $(abspath $(k)))

.PHONY: module object clean check-vars
.DEFAULT_GOAL := module

check-vars:
	@test -d "$(KDIR)" || { echo "driver.mk: no kernel build directory KDIR=$(KDIR)" >&2; exit 1; }
	@test -f "$(LIS_INCLUDE)/sys/stream.h" || { echo "driver.mk: no LiS headers in $(LIS_INCLUDE)" >&2; exit 1; }
	@test -n "$(NAME)" || { echo "driver.mk: say OBJ=file.o (or NAME=)" >&2; exit 1; }

# Step 1: SRC -> OBJ. The object is compiled as part of a throwaway composite module so that
# kbuild leaves objtool to the final link (kernels with IBT validate the linked module).
object: check-vars
	@test -f "$(SRC)" || { echo "driver.mk: object: say SRC=file.c" >&2; exit 1; }
	@rm -rf $(BUILD)/obj && mkdir -p $(BUILD)/obj
	@cp $(SRC) $(BUILD)/obj/$(NAME).c
	@printf '%s\n' 'obj-m := lis_objonly.o' 'lis_objonly-y := $(NAME).o' \
		'ccflags-y := -DLIS_STANDALONE -I$(LIS_INCLUDE) $(EXTRA_CFLAGS)' >$(BUILD)/obj/Kbuild
	$(MAKE) -C $(KDIR) M=$(abspath $(BUILD)/obj) $(kbuild-args) $(NAME).o
	@cp $(BUILD)/obj/$(NAME).o $(OBJ)
	@echo "driver.mk: $(OBJ) for $(KVER)"

# Step 2: OBJ + CONFIG -> OUT/NAME.ko. The objects are taken as they are (kbuild's _shipped
# rule); the wrapper is the only source compiled here.
module: check-vars
	@test -n "$(OBJ)" -a -n "$(CONFIG)" || { echo "driver.mk: say OBJ=file.o CONFIG=Config" >&2; exit 1; }
	@for f in $(OBJ) $(CONFIG); do test -f "$$f" || { echo "driver.mk: no file $$f" >&2; exit 1; }; done
	@test -f "$(SYMVERS)" || { echo "driver.mk: no streams.ko Module.symvers for $(KVER) ($(SYMVERS)): install streams for this kernel, or say SYMVERS=" >&2; exit 1; }
	@rm -rf $(BUILD)/mod && mkdir -p $(BUILD)/mod
	$(LIS_CONFIG) wrapper -o $(BUILD)/mod/$(NAME)_lis_wrap.c $(lis-known) $(CONFIG)
	@objs="$(NAME)_lis_wrap.o"; i=0; for o in $(OBJ); do \
		b=$(NAME)_obj$$i.o; cp $$o $(BUILD)/mod/$$b"_shipped"; \
		printf 'cmd_%s := cp %s_shipped %s\nsavedcmd_%s := cp %s_shipped %s\n' $$b $$b $$b $$b $$b $$b \
			>$(BUILD)/mod/.$$b.cmd; \
		objs="$$objs $$b"; i=$$((i + 1)); done; \
	printf '%s\n' 'obj-m := $(NAME).o' "$(NAME)-y := $$objs" \
		'ccflags-y := -I$(LIS_INCLUDE)' >$(BUILD)/mod/Kbuild
	$(MAKE) -C $(KDIR) M=$(abspath $(BUILD)/mod) KBUILD_EXTRA_SYMBOLS=$(abspath $(SYMVERS)) \
		$(kbuild-args) modules
	@mkdir -p $(OUT) && cp $(BUILD)/mod/$(NAME).ko $(OUT)/
	@echo "driver.mk: $(OUT)/$(NAME).ko for $(KVER)"

clean:
	rm -rf $(BUILD)
