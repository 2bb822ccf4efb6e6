# Quarry - build, test, install.
#
#   make                 build the tools into build/bin
#   make check           build and run every test (plain, then ASan/UBSan,
#                        then valgrind over the C++ boundary)
#   make eval            relevance table over ../shared/datasets
#   make bench           speed and memory figures over ../shared/datasets
#   make install         PREFIX=/usr/local DESTDIR= honoured
#   make SANITIZE=1      build with AddressSanitizer/UBSan into build-asan/
#   make fuzz            build the libFuzzer targets (clang) into build-fuzz/
#                        and run each FUZZ_SECONDS (default 180); prints a table

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
DESTDIR ?=

CC      ?= cc
CXX     ?= c++
OPT     ?= -O2 -g
WERROR  ?= -Werror
WARN    := -Wall -Wextra $(WERROR)

ifeq ($(SANITIZE),1)
BUILD   ?= build-asan
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
else ifeq ($(SANITIZE),fuzz)
# libFuzzer needs clang; the library is instrumented for coverage, and the
# targets of tests/fuzz/ are linked with the fuzzer's main.  The gcc builds
# are the warning gate: clang's extra warnings do not fail this one.
BUILD   ?= build-fuzz
CC      := clang
CXX     := clang++
WARN    := -Wall -Wextra
SANFLAGS := -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer \
            -fno-sanitize-recover=undefined
else
BUILD   ?= build
SANFLAGS :=
endif

XAPIAN_CFLAGS := $(shell pkg-config --cflags xapian-core 2>/dev/null)
XAPIAN_LIBS   := $(shell pkg-config --libs xapian-core 2>/dev/null || echo -lxapian)
# libstemmer ships no .pc file: it is linked directly.
# StackExchange dumps: libxml2 (XML and HTML), libarchive (SITE.7z), SQLite
# (the reader's temporary question store).
DUMP_PKGS     := libxml-2.0 libarchive sqlite3
DUMP_CFLAGS   := $(shell pkg-config --cflags $(DUMP_PKGS) 2>/dev/null || echo -I/usr/include/libxml2)
DUMP_LIBS     := $(shell pkg-config --libs $(DUMP_PKGS) 2>/dev/null || echo -lxml2 -larchive -lsqlite3)
LIBS := $(XAPIAN_LIBS) -lstemmer -ljansson -lz $(DUMP_LIBS) -lpthread -lm
# HTTP for quarry-serve only (Debian libmicrohttpd-dev).
MHD_CFLAGS := $(shell pkg-config --cflags libmicrohttpd 2>/dev/null)
MHD_LIBS   := $(shell pkg-config --libs libmicrohttpd 2>/dev/null || echo -lmicrohttpd)

CPPFLAGS += -I. -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(DUMP_CFLAGS) $(MHD_CFLAGS)
CFLAGS   += -std=c11 $(OPT) $(WARN) $(SANFLAGS) -MMD -MP
CXXFLAGS += -std=c++11 $(OPT) $(WARN) $(SANFLAGS) $(XAPIAN_CFLAGS) -MMD -MP
LDFLAGS  += $(SANFLAGS)

# Everything but the tools' main files goes into one static library, so that
# unit tests link exactly the code the tools run.
LIB_C   := $(filter-out %/main.c,$(wildcard common/*.c indexer/*.c query/*.c eval/*.c serve/*.c))
LIB_CXX := $(wildcard xapian-c/*.cc)
LIB_OBJ := $(LIB_C:%.c=$(BUILD)/%.o) $(LIB_CXX:%.cc=$(BUILD)/%.o)
LIB     := $(BUILD)/libquarry.a

TOOLS     := quarry-index quarry-query quarry-eval quarry-serve
TOOL_BINS := $(TOOLS:%=$(BUILD)/bin/%)
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
# Small programs the end-to-end tests drive (e.g. one that holds a lock).
TEST_TOOL_SRCS := $(wildcard tests/tools/*.c)
TEST_TOOLS := $(TEST_TOOL_SRCS:tests/tools/%.c=$(BUILD)/tests/tools/%)
MANPAGES  := $(wildcard man/*.1)

.PHONY: all check check-plain eval bench install uninstall clean demo fuzz fuzz-build
all: $(TOOL_BINS) $(UNIT_BINS) $(TEST_TOOLS)

$(LIB): $(LIB_OBJ)
	@mkdir -p $(@D)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/%.o: %.cc
	@mkdir -p $(@D)
	$(CXX) $(CPPFLAGS) $(CXXFLAGS) -c -o $@ $<

# Linked with the C++ driver because libxapian needs the C++ runtime.
$(BUILD)/bin/quarry-index: $(BUILD)/indexer/main.o $(LIB)
	@mkdir -p $(@D)
	$(CXX) $(LDFLAGS) -o $@ $^ $(LIBS)
$(BUILD)/bin/quarry-query: $(BUILD)/query/main.o $(LIB)
	@mkdir -p $(@D)
	$(CXX) $(LDFLAGS) -o $@ $^ $(LIBS)
$(BUILD)/bin/quarry-eval: $(BUILD)/eval/main.o $(LIB)
	@mkdir -p $(@D)
	$(CXX) $(LDFLAGS) -o $@ $^ $(LIBS)
$(BUILD)/bin/quarry-serve: $(BUILD)/serve/main.o $(LIB)
	@mkdir -p $(@D)
	$(CXX) $(LDFLAGS) -o $@ $^ $(MHD_LIBS) $(LIBS)

$(BUILD)/tests/tools/%: $(BUILD)/tests/tools/%.o $(LIB)
	@mkdir -p $(@D)
	$(CXX) $(LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/tests/%: $(BUILD)/tests/unit/%.o $(LIB)
	@mkdir -p $(@D)
	$(CXX) $(LDFLAGS) -o $@ $^ $(LIBS) -lcmocka

# libFuzzer targets (SANITIZE=fuzz): tests/fuzz/fuzz_*.c, each with the
# shared helpers of tests/fuzz/fuzz_support.c.
FUZZ_SRCS := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BINS := $(patsubst tests/fuzz/%.c,$(BUILD)/fuzz/%,$(filter-out %/fuzz_support.c,$(FUZZ_SRCS)))
FUZZ_SECONDS ?= 180
$(BUILD)/fuzz/%: $(BUILD)/tests/fuzz/%.o $(BUILD)/tests/fuzz/fuzz_support.o $(LIB)
	@mkdir -p $(@D)
	$(CXX) $(LDFLAGS) -fsanitize=fuzzer -o $@ $^ $(LIBS)
fuzz-build: $(FUZZ_BINS)
fuzz:
	$(MAKE) SANITIZE=fuzz fuzz-build
	tests/fuzz/run.sh fuzz $(FUZZ_SECONDS)

# The test command of the README: every stage, one summary line at the end.
check:
	tests/check.sh

# One stage: the suite against the binaries of $(BUILD).
check-plain: all
	tests/run.sh $(BUILD)

eval: all
	eval/run_eval.sh $(BUILD)

bench: all
	bench/run_bench.sh $(BUILD)

demo: all
	rm -rf demo-index
	$(BUILD)/bin/quarry-index -d demo-index corpus
	$(BUILD)/bin/quarry-query -d demo-index -n 3 botox safety

install: $(TOOL_BINS)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 755 $(TOOL_BINS) $(DESTDIR)$(BINDIR)/
	install -m 644 $(MANPAGES) $(DESTDIR)$(MANDIR)/man1/

uninstall:
	rm -f $(TOOLS:%=$(DESTDIR)$(BINDIR)/%) $(MANPAGES:man/%=$(DESTDIR)$(MANDIR)/man1/%)

clean:
	rm -rf build build-asan build-fuzz demo-index

-include $(LIB_OBJ:.o=.d) $(BUILD)/indexer/main.d $(BUILD)/query/main.d $(BUILD)/eval/main.d \
	$(BUILD)/serve/main.d $(FUZZ_SRCS:%.c=$(BUILD)/%.d)
