# fleetops — build, run, test, install.
#   make run     install missing Debian packages (as root), build, start the demo
#   make test    install test dependencies, build with -Werror, run the suite
#                (unit tests plain and under ASan+UBSan, end-to-end in tmux)
#   make bench   build and run the benchmarks (they print figures)
#   make check-includes   no #include crosses the plugin ABI
#   make check-exports    the binary exports exactly the plugin header's API
#   make install PREFIX=/usr/local DESTDIR=

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
LIBDIR  ?= $(PREFIX)/lib/fleetops
DATADIR ?= $(PREFIX)/share/fleetops
MANDIR  ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
BUILD   ?= build
VERSION := 0.1.0

CC      ?= cc
OPT     ?= -O2 -g
WARN    := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 \
           -Wno-unused-parameter
ifeq ($(WERROR),1)
WARN    += -Werror
endif
ifeq ($(SAN),1)
OPT     := -O1 -g -fno-omit-frame-pointer
SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=undefined
endif

PKGS    := libuv ncursesw sqlite3 libpq lua5.4
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS_CORE := $(shell pkg-config --libs libuv sqlite3 2>/dev/null) -lpthread
# The VDA 5050 codec's hot-path JSON parser: simdjson (C++), behind a C shim.
PKG_LIBS_CORE += -lsimdjson -lstdc++
# The Lua 5.4 host (core/lua/): scripts, policies, `fleetops run`.
PKG_LIBS_CORE += $(shell pkg-config --libs lua5.4 2>/dev/null)
# Site layouts in VDMA's LIF 1.0 (core/map/lif*.c) are read with jansson.
PKG_LIBS_CORE += -ljansson
PKG_LIBS_TUI  := $(shell pkg-config --libs ncursesw 2>/dev/null)

# core/ is grouped by subsystem; the core and its tests see every folder.
# Plugins see only the plugin header (core/include) and their own folder.
CORE_DIRS := core $(sort $(patsubst %/,%,$(dir $(wildcard core/*/*.h))))
DEFS    := -D_GNU_SOURCE -DFO_VERSION=\"$(VERSION)\" \
            -DFO_LIBDIR=\"$(LIBDIR)\" -DFO_DATADIR=\"$(DATADIR)\"
CPPFLAGS += $(addprefix -I,$(CORE_DIRS)) -Itui -Itests/bench $(DEFS)
PLUGIN_CPPFLAGS = -Icore/include -I$(dir $<) $(DEFS)
CFLAGS  += -std=c11 $(OPT) $(WARN) $(SANFLAGS) $(PKG_CFLAGS) -MMD -MP
# The binary exports the plugin API and nothing else: the core and the TUI
# build with hidden visibility, and core/include/fleetops_plugin.h makes what
# it declares default-visible (make check-exports verifies both sides).
CORE_VIS := -fvisibility=hidden
LDFLAGS += $(SANFLAGS)

CORE_SRC := $(sort $(wildcard core/*.c core/*/*.c))
TUI_SRC  := $(sort $(wildcard tui/*.c))
CORE_OBJ := $(CORE_SRC:%.c=$(BUILD)/obj/%.o)
# C++ in the core: only the simdjson shim of the VDA 5050 codec.
CORE_CXX_SRC := $(sort $(wildcard core/*.cc core/*/*.cc))
CORE_OBJ += $(CORE_CXX_SRC:%.cc=$(BUILD)/obj/%.o)
CXXWARN := $(filter-out -Wstrict-prototypes -Wmissing-prototypes,$(WARN))
CXXFLAGS += -std=c++17 $(OPT) $(CXXWARN) $(SANFLAGS) -MMD -MP
TUI_OBJ  := $(TUI_SRC:%.c=$(BUILD)/obj/%.o)
TUI_LIB_OBJ := $(filter-out $(BUILD)/obj/tui/main.o,$(TUI_OBJ))

PLUGIN_DIRS := $(sort $(dir $(wildcard plugins/*/*.c)))
PLUGIN_NAMES := $(patsubst plugins/%/,%,$(PLUGIN_DIRS))
PLUGIN_SO := $(PLUGIN_NAMES:%=$(BUILD)/plugins/%.so)

UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
TESTPLUG_SRC := $(sort $(wildcard tests/unit/plugins/*.c))
TESTPLUG_SO := $(TESTPLUG_SRC:tests/unit/plugins/%.c=$(BUILD)/tests/plugins/%.so)
BENCH_SRC := $(sort $(wildcard tests/bench/bench_*.c))
BENCH_BIN := $(BENCH_SRC:tests/bench/%.c=$(BUILD)/bench/%)

.SECONDARY:
.PHONY: check-includes check-exports fmt-check all run test check unit unit-asan cli store feeds e2e report analytics bench FORCE install uninstall clean deps-run deps-test fmt docs
all: $(BUILD)/fleetops $(PLUGIN_SO)

# Rebuild everything when the flags change (PREFIX, SAN, WERROR...).
FLAGS_STAMP := $(BUILD)/.flags
FLAGS_NOW := $(CC) $(CPPFLAGS) $(OPT) $(SANFLAGS) $(LDFLAGS) $(CORE_VIS)
$(FLAGS_STAMP): FORCE
	@mkdir -p $(BUILD)
	@echo '$(FLAGS_NOW)' | cmp -s - $@ || echo '$(FLAGS_NOW)' > $@
FORCE:

$(CORE_OBJ) $(TUI_OBJ): VIS := $(CORE_VIS)
$(BUILD)/obj/%.o: %.c $(FLAGS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(VIS) -fPIC -c $< -o $@

$(BUILD)/obj/plugins/%.o: plugins/%.c $(FLAGS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(PLUGIN_CPPFLAGS) $(CFLAGS) -fPIC -c $< -o $@

$(BUILD)/obj/%.o: %.cc $(FLAGS_STAMP)
	@mkdir -p $(dir $@)
	$(CXX) $(CPPFLAGS) $(CXXFLAGS) $(VIS) -fPIC -c $< -o $@

$(BUILD)/libfocore.a: $(CORE_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/libfotui.a: $(TUI_LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

# The executable exports the plugin API so plugins can call it (-rdynamic
# exports only what is default-visible: see CORE_VIS).
$(BUILD)/fleetops: $(BUILD)/obj/tui/main.o $(BUILD)/libfotui.a $(BUILD)/libfocore.a
	$(CC) $(LDFLAGS) -rdynamic -o $@ $(BUILD)/obj/tui/main.o \
	  -Wl,--whole-archive $(BUILD)/libfotui.a $(BUILD)/libfocore.a -Wl,--no-whole-archive \
	  $(PKG_LIBS_TUI) $(PKG_LIBS_CORE) -ldl -lm

# One shared object per plugins/NAME/ directory; PLUGIN_LIBS_NAME adds the
# libraries a plugin links.
PLUGIN_LIBS_store_pg := $(shell pkg-config --libs libpq 2>/dev/null)
PLUGIN_LIBS_mqtt := -lpaho-mqtt3as
PLUGIN_LIBS_redis := $(shell pkg-config --libs hiredis 2>/dev/null) -luv -ljansson
PLUGIN_LIBS_missions := -ljansson
PLUGIN_LIBS_analytics := -ljansson
PLUGIN_LIBS_simagv := -lpaho-mqtt3as -ljansson -luv
define plugin_rule
$(BUILD)/plugins/$(1).so: $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard plugins/$(1)/*.c))
	@mkdir -p $$(dir $$@)
	$$(CC) $$(LDFLAGS) -shared -o $$@ $$^ $$(PLUGIN_LIBS_$(1)) -lm
endef
$(foreach p,$(PLUGIN_NAMES),$(eval $(call plugin_rule,$(p))))

$(BUILD)/tests/plugins/%.so: $(BUILD)/obj/tests/unit/plugins/%.o
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -shared -o $@ $^

# UNIT_SRC_NAME: plugin sources a unit test links (pure modules of a plugin).
UNIT_SRC_test_missions := plugins/missions/mission_sm.c plugins/missions/mission_dag.c \
                          plugins/missions/mission_plan.c
UNIT_SRC_test_res_window := plugins/resources/res_window.c
UNIT_SRC_test_an_kpi := plugins/analytics/an_kpi.c
UNIT_SRC_test_an_codec := plugins/analytics/an_codec.c
UNIT_SRC_test_an_rollup := plugins/analytics/an_rollup.c
UNIT_SRC_test_an_enc := plugins/analytics/an_enc.c plugins/analytics/an_codec.c
UNIT_SRC_test_an_forecast := plugins/analytics/an_forecast.c
UNIT_SRC_test_an_series := plugins/analytics/an_series.c plugins/analytics/an_enc.c \
  plugins/analytics/an_codec.c plugins/analytics/an_rollup.c
.SECONDEXPANSION:
$(BUILD)/tests/%: $(BUILD)/obj/tests/unit/%.o $$(addprefix $(BUILD)/obj/,$$(subst .c,.o,$$(UNIT_SRC_$$*))) \
                  $(BUILD)/libfotui.a $(BUILD)/libfocore.a
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -rdynamic -o $@ $< $(addprefix $(BUILD)/obj/,$(UNIT_SRC_$*:.c=.o)) \
	  -Wl,--whole-archive $(BUILD)/libfocore.a -Wl,--no-whole-archive $(BUILD)/libfotui.a \
	  $(PKG_LIBS_TUI) $(PKG_LIBS_CORE) -lcmocka -ldl -lm

$(BUILD)/bench/%: $(BUILD)/obj/tests/bench/%.o $(BUILD)/obj/tests/bench/common.o \
		$(BUILD)/libfotui.a $(BUILD)/libfocore.a
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -rdynamic -o $@ $< $(BUILD)/obj/tests/bench/common.o \
	  -Wl,--whole-archive $(BUILD)/libfotui.a $(BUILD)/libfocore.a -Wl,--no-whole-archive \
	  $(PKG_LIBS_TUI) $(PKG_LIBS_CORE) -ldl -lm

deps-run:
	@scripts/deps.sh run
deps-test:
	@scripts/deps.sh test

run: deps-run
	@$(MAKE) --no-print-directory all
	$(BUILD)/fleetops --demo

# The whole suite: strict build, unit tests and the command-line suite, the
# same under ASan+UBSan, end-to-end in a real terminal.
SUMMARY := $(CURDIR)/build/test-summary
test: deps-test
	@mkdir -p build && rm -f $(SUMMARY)
	@$(MAKE) --no-print-directory fmt-check check-includes
	@$(MAKE) --no-print-directory WERROR=1 all unit-bins
	@$(MAKE) --no-print-directory WERROR=1 check-exports
	@$(MAKE) --no-print-directory WERROR=1 FO_SUMMARY=$(SUMMARY) unit
	@$(MAKE) --no-print-directory WERROR=1 SAN=1 BUILD=build-asan all unit-bins
	@$(MAKE) --no-print-directory WERROR=1 FO_SUMMARY=$(SUMMARY) SAN=1 BUILD=build-asan unit
	@$(MAKE) --no-print-directory WERROR=1 FO_SUMMARY=$(SUMMARY) cli
	@$(MAKE) --no-print-directory WERROR=1 FO_SUMMARY=$(SUMMARY) SAN=1 BUILD=build-asan cli
	@$(MAKE) --no-print-directory WERROR=1 FO_SUMMARY=$(SUMMARY) store
	@$(MAKE) --no-print-directory WERROR=1 FO_SUMMARY=$(SUMMARY) vda
	@$(MAKE) --no-print-directory WERROR=1 FO_SUMMARY=$(SUMMARY) feeds
	@$(MAKE) --no-print-directory WERROR=1 FO_SUMMARY=$(SUMMARY) report
	@$(MAKE) --no-print-directory WERROR=1 FO_SUMMARY=$(SUMMARY) analytics
	@$(MAKE) --no-print-directory WERROR=1 FO_SUMMARY=$(SUMMARY) e2e
	@awk '{p += $$2; f += $$3} END {printf "total: %d passed, %d failed\n", p, f; exit f > 0}' $(SUMMARY)

unit-bins: $(UNIT_BIN) $(TESTPLUG_SO) $(BUILD)/fleetops $(PLUGIN_SO)

unit: unit-bins
	@FO_SUMMARY=$(FO_SUMMARY) BUILD=$(BUILD) tests/run_unit.sh $(UNIT_BIN)

cli: all
	@FO_SUMMARY=$(FO_SUMMARY) BUILD=$(BUILD) tests/run_cli.sh

# What the console publishes, checked against the official VDA 5050 schemas.
vda: unit-bins
	@BUILD=$(BUILD) FO_SUMMARY=$(FO_SUMMARY) tests/vda/schema_check.sh

# The store against real servers: a private PostgreSQL 15 it starts itself.
store: all unit-bins
	@FO_SUMMARY=$(FO_SUMMARY) BUILD=$(BUILD) tests/run_store.sh

# The live feeds against real servers the tests start on loopback ports:
# mosquitto 2 (tests/mqtt/), redis-server 7 (tests/redis/), the simulator
# on a broker (tests/sim/).
feeds: all
	@FO_SUMMARY=$(FO_SUMMARY) BUILD=$(BUILD) tests/run_feeds.sh

e2e: all
	@FO_SUMMARY=$(FO_SUMMARY) BUILD=$(BUILD) tests/run_e2e.sh

# Forecasts backtested beside statsmodels' exponential smoothing on the same
# series (tests/analytics/; the oracle is used by this test only).
FORECAST_CLI := $(BUILD)/analytics/forecast_cli
$(FORECAST_CLI): $(BUILD)/obj/tests/analytics/forecast_cli.o $(BUILD)/obj/plugins/analytics/an_forecast.o
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ -lm
analytics: $(FORECAST_CLI)
	@FO_SUMMARY=$(FO_SUMMARY) tests/run_analytics.sh $(FORECAST_CLI)

# Reports: goldens, every view in every format, the JSON schema, headless
# chromium, bash completion, the manual page (tests/report/).
report: all docs
	@FO_SUMMARY=$(FO_SUMMARY) BUILD=$(BUILD) tests/run_report.sh

# The manual page and the bash completion, generated from the registry of
# the binary and plugins just built.
docs: $(BUILD)/fleetops.1 $(BUILD)/fleetops.bash
$(BUILD)/fleetops.1: scripts/man/fleetops.1.in scripts/man/build.sh $(BUILD)/fleetops $(PLUGIN_SO)
	scripts/man/build.sh $(BUILD)/fleetops $< >$@.tmp && mv $@.tmp $@
$(BUILD)/fleetops.bash: $(BUILD)/fleetops $(PLUGIN_SO)
	$(BUILD)/fleetops --config /dev/null --store sqlite::memory: --log-file /dev/null \
	  completion bash >$@.tmp && mv $@.tmp $@

bench: all $(BENCH_BIN)
	@for b in $(BENCH_BIN); do echo "== $$b"; BUILD=$(BUILD) $$b || exit 1; done
	@echo "== tests/bench/mqtt_e2e.sh"; BUILD=$(BUILD) tests/bench/mqtt_e2e.sh
	@echo "== tests/bench/alerts_shared.sh"; BUILD=$(BUILD) tests/bench/alerts_shared.sh
	@echo "== tests/sim/traffic_scenario.sh: 100 AGVs, 2,304 nodes, a simulated hour at 10x, with and without traffic control"
	@for m in on off; do BUILD=$(BUILD) tests/sim/traffic_scenario.sh $$m 100 1000 3600 10 || exit 1; done
	@echo "== tests/sim/test_res_charging_day.sh: the demo fleet charged by fleetops for 24 simulated hours at 100x"
	@FO_DAY_HOURS=24 BUILD=$(BUILD) tests/sim/test_res_charging_day.sh
	@echo "== tests/bench/history.sh: history at 10,000 vehicles on SQLite and PostgreSQL (issue 14)"
	@BUILD=$(BUILD) tests/bench/history.sh || echo "history bench: a budget is not met (the table above says which)"
	@echo "== tests/store/bookings.sh: 4 processes x 1,000 booking requests on SQLite and PostgreSQL"
	@tests/pg/pg.sh start >/dev/null && eval "$$(tests/pg/pg.sh env)" && BUILD=$(BUILD) tests/store/bookings.sh

install: all docs
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR)/plugins $(DESTDIR)$(DATADIR)/themes
	install -m 0755 $(BUILD)/fleetops $(DESTDIR)$(BINDIR)/fleetops
	install -m 0644 $(PLUGIN_SO) $(DESTDIR)$(LIBDIR)/plugins/
	install -m 0644 themes/*.theme $(DESTDIR)$(DATADIR)/themes/
	install -d $(DESTDIR)$(DATADIR)/sql/sqlite
	install -m 0644 $(wildcard sql/*.sql) $(DESTDIR)$(DATADIR)/sql/
	install -m 0644 $(wildcard sql/sqlite/*.sql) $(DESTDIR)$(DATADIR)/sql/sqlite/
	install -d $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(BASHCOMPDIR)
	install -m 0644 $(BUILD)/fleetops.1 $(DESTDIR)$(MANDIR)/man1/fleetops.1
	install -m 0644 $(BUILD)/fleetops.bash $(DESTDIR)$(BASHCOMPDIR)/fleetops
	install -m 0644 scripts/schema/report.schema.json $(DESTDIR)$(DATADIR)/report.schema.json
	install -d $(DESTDIR)$(DATADIR)/scripts/run
	install -m 0644 scripts/API.md $(wildcard scripts/*.lua) $(DESTDIR)$(DATADIR)/scripts/
	install -m 0644 $(wildcard scripts/run/*.lua) $(DESTDIR)$(DATADIR)/scripts/run/
	install -d $(DESTDIR)$(DATADIR)/scripts/templates
	install -m 0644 $(wildcard scripts/templates/*.json) $(DESTDIR)$(DATADIR)/scripts/templates/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/fleetops
	rm -f $(DESTDIR)$(MANDIR)/man1/fleetops.1 $(DESTDIR)$(BASHCOMPDIR)/fleetops
	rm -rf $(DESTDIR)$(LIBDIR) $(DESTDIR)$(DATADIR)

# No #include crosses the plugin ABI: core/ and tui/ include no plugin
# header, a plugin only fleetops_plugin.h and its own folder
# (scripts/check_includes.sh names file and line).
check-includes:
	@scripts/check_includes.sh

# The binary exports exactly the functions fleetops_plugin.h declares, and
# every fo_ symbol a built plugin needs is among them.
check-exports: all
	@scripts/check_exports.sh $(BUILD)

# Every C source and header is formatted by the committed .clang-format;
# `make test` fails on a file that differs (fix: make fmt).
FMT_SRC = $(sort $(shell find core tui plugins tests -name '*.[ch]' -o -name '*.cc'))
fmt:
	clang-format -i $(FMT_SRC)
fmt-check:
	@bad=$$(for f in $(FMT_SRC); do clang-format "$$f" | cmp -s - "$$f" || echo "$$f"; done); \
	if [ -n "$$bad" ]; then echo "not formatted (run make fmt):"; echo "$$bad"; exit 1; fi; \
	echo "fmt-check: $(words $(FMT_SRC)) files formatted"

clean:
	rm -rf build build-asan

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
