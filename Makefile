# xiaoan build. `make` builds build/xiaoan (web UI embedded); `make test`
# runs everything (see scripts/test). Variants: `make ASAN=1` builds into
# build-asan/ with AddressSanitizer + UndefinedBehaviorSanitizer.

CC ?= cc
PKGS := libmicrohttpd jansson libsodium sqlite3 libpq libqrencode pangocairo fontconfig libcurl zlib libjpeg
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lxlsxwriter -lpthread -lm

ifeq ($(FUZZ),1)
# libFuzzer harnesses (tests/fuzz/): clang with the fuzzer's coverage, ASan, UBSan
B := build-fuzz
CC := clang
OPT := -O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -Wno-error
LDSAN := -fsanitize=address,undefined
else ifeq ($(ASAN),1)
B ?= build-asan
OPT := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDSAN := -fsanitize=address,undefined
else
B ?= build
OPT := -O2 -g
LDSAN :=
endif

CFLAGS := -std=c11 -Wall -Wextra -Werror -Wshadow -Wno-missing-field-initializers $(OPT) \
	-Isrc -I$(B)/gen $(PKG_CFLAGS) -MMD -MP
LDFLAGS := $(LDSAN)

SRC := $(filter-out src/main.c,$(wildcard src/core/*.c src/http/*.c src/api/*.c src/domain/*.c \
	src/store/*.c src/store/sqlite/*.c src/store/pg/*.c src/demo/*.c src/export/*.c))
OBJ := $(SRC:%.c=$(B)/obj/%.o) $(B)/obj/gen/migrations.o $(B)/obj/gen/web_assets.o
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
# A migration is common/NNNN_x.sql (the same SQL for both backends) or a
# pair sqlite/NNNN_x.sql + pg/NNNN_x.sql; src/store/store.c merges them.
MIGRATION_DIRS := $(wildcard src/store/migrations/common src/store/migrations/sqlite src/store/migrations/pg)
MIGRATIONS := $(sort $(wildcard $(MIGRATION_DIRS:%=%/*.sql)))
WEB_SRC := $(shell find web/src web/index.html web/package.json web/vite.config.* -type f 2>/dev/null)
# NOWEB=1 embeds web/dist as it is, without rebuilding it (parallel work).
ifeq ($(NOWEB),1)
WEB_SRC :=
endif

.PHONY: all clean unit test web tests fuzz fuzz-bins
all: $(B)/xiaoan

tests: $(UNIT_BIN)

$(B)/xiaoan: $(B)/obj/src/main.o $(B)/libxiaoan.a
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(B)/libxiaoan.a: $(OBJ)
	rm -f $@ && ar rcs $@ $^

# the commit the binary is built from (--version, xiaoan_build_info)
XA_COMMIT := $(shell git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
$(B)/obj/src/core/config.o: CFLAGS += -DXA_COMMIT='"$(XA_COMMIT)"'

$(B)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

$(B)/obj/gen/%.o: $(B)/gen/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

# The OpenAPI document (src/api/openapi.c) reads what each handler reads and
# sends (scripts/openapi-query) and the request bodies' validation tables
# with their lengths (scripts/openapi-specs), made from src/api/*.c.
API_HANDLER_SRC := $(filter-out src/api/routes.c src/api/openapi.c,$(wildcard src/api/*.c))
$(B)/gen/openapi_handlers.inc: $(API_HANDLER_SRC) scripts/openapi-query
	@mkdir -p $(dir $@)
	scripts/openapi-query $(API_HANDLER_SRC) > $@.tmp && mv $@.tmp $@
$(B)/gen/api_specs.h: $(API_HANDLER_SRC) $(wildcard src/api/*.h src/http/http.h) scripts/openapi-specs
	@mkdir -p $(dir $@)
	scripts/openapi-specs "$(CC) -E -P -std=c11 -Isrc -I$(B)/gen $(PKG_CFLAGS)" \
		$(API_HANDLER_SRC) > $@.tmp && mv $@.tmp $@
$(B)/obj/src/api/routes.o $(B)/obj/src/api/openapi.o: $(B)/gen/api_specs.h \
	$(B)/gen/openapi_handlers.inc

$(B)/tools/embed: tools/embed.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -O2 -Wall -Wextra -Werror -o $@ $<

# The folders too: a file moved between them (into common/) keeps its time.
$(B)/gen/migrations.c: $(B)/tools/embed $(MIGRATIONS) $(MIGRATION_DIRS)
	@mkdir -p $(dir $@)
	$(B)/tools/embed migrations src/store/migrations $(MIGRATIONS) > $@.tmp && mv $@.tmp $@

# The web UI: built with Vite when its sources change; embedded as-is.
web/dist/index.html: $(WEB_SRC)
	cd web && (test -d node_modules || npm ci --no-audit --no-fund) && npm run build

web: web/dist/index.html

# WEBDIST=dir embeds another Vite output (`npx vite build --outDir dir`).
WEBDIST ?= web/dist
# Each compressible file is embedded with its .gz and .br (tools/precompress.mjs);
# the server sends the one the browser accepts.
$(B)/gen/web_assets.c: $(B)/tools/embed $(WEBDIST)/index.html tools/precompress.mjs
	@mkdir -p $(dir $@)
	node tools/precompress.mjs $(WEBDIST) $(B)/webz
	$(B)/tools/embed web_assets $(B)/webz $$(find $(B)/webz -type f | sort) > $@.tmp && mv $@.tmp $@

$(B)/tests/%: tests/unit/%.c tests/unit/t.c $(B)/libxiaoan.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests/unit $(LDFLAGS) -o $@ tests/unit/t.c $< $(B)/libxiaoan.a $(PKG_LIBS)

FUZZ_BIN := $(patsubst tests/fuzz/%.c,$(B)/fuzz/%,$(wildcard tests/fuzz/fuzz_*.c))
# `make fuzz` builds build-fuzz/fuzz/fuzz_*; scripts/fuzz runs them.
fuzz:
	$(MAKE) FUZZ=1 fuzz-bins

fuzz-bins: $(FUZZ_BIN)

$(B)/fuzz/%: tests/fuzz/%.c $(B)/libxiaoan.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -fsanitize=fuzzer -o $@ $< $(B)/libxiaoan.a $(PKG_LIBS)

unit: $(UNIT_BIN)
	@set -e; for t in $(UNIT_BIN); do $$t; done

test:
	./scripts/test

clean:
	rm -rf build build-asan build-fuzz

-include $(shell find $(B) -name '*.d' 2>/dev/null)
