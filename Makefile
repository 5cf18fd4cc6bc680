# Release build and install of csec-guide.
#
#   make release                   build the release binary (a fully static executable)
#   make install [PREFIX=/usr/local] [DESTDIR=]
#                                  release + man page + shell completions, installed under PREFIX
#                                  (the binary stripped: 21 MB instead of 49 MB)
#   make uninstall [PREFIX=...]
#
# The binary carries its built-in protocols, so it runs from any directory and any prefix.

PREFIX ?= /usr/local
DESTDIR ?=
BINARY ?= .build/release/csec-guide
MANPAGE ?= .build/man/csec-guide.1
STARTUP_ORDER = scripts/startup-order.txt

BINDIR = $(DESTDIR)$(PREFIX)/bin
MANDIR = $(DESTDIR)$(PREFIX)/share/man/man1
BASHDIR = $(DESTDIR)$(PREFIX)/share/bash-completion/completions
ZSHDIR = $(DESTDIR)$(PREFIX)/share/zsh/site-functions
FISHDIR = $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d

.PHONY: release man install install-files uninstall

# Fully static: no shared library to find at run time (Swift runtime, ncursesw, libyaml, C++)
# and no relocations for the dynamic loader, which cost about 2.5 ms of CPU before the first
# frame and 3 MB of memory (docs/performance.md). ncursesw's static library needs libtinfo
# after it on the link line, hence -ltinfo (a module map's `link` puts it in the wrong order).
# The linker warns that getpwuid and getpwnam need the build machine's glibc at run time:
# true only for accounts that are not in /etc/passwd (LDAP, sssd), see docs/performance.md.
#
# Start-up order: every Swift function gets its own section (-function-sections) and gold lays
# out the functions the first screens run side by side, in the order of STARTUP_ORDER (written by
# scripts/startup-order.py), so the start touches fewer 64 KB blocks of code: peak memory 6.9 and
# 7.2 MB instead of 9.7 and 9.8 (docs/performance.md, "Peak RSS"). gold ignores names it does
# not find, so a stale list only costs memory. -disable-incremental-llvm-codegen: otherwise the
# Swift compiler keeps an object file whose IR is unchanged, even when built without
# -function-sections. A list newer than the binary relinks it.
RELEASE_FLAGS = --static-swift-stdlib -Xswiftc -static-executable -Xlinker -ltinfo \
  -Xswiftc -Xfrontend -Xswiftc -function-sections -Xswiftc -Xfrontend -Xswiftc -disable-incremental-llvm-codegen \
  -Xlinker --section-ordering-file=$(CURDIR)/$(STARTUP_ORDER)

release:
	if [ $(STARTUP_ORDER) -nt .build/release/csec-guide ]; then rm -f .build/release/csec-guide; fi
	swift build -c release $(RELEASE_FLAGS)

# The man page is generated from the command definitions (swift-argument-parser's plugin).
# The plugin builds the product again with the default flags, so it gets its own build folder:
# in .build it replaced the static release binary, and `make install` installed one that
# needs the Swift toolchain's shared libraries.
man: release
	mkdir -p .build/man
	swift package --scratch-path .build-man --allow-writing-to-package-directory generate-manual --output-directory .build/man

install: release man install-files

# Installs an already built BINARY (and MANPAGE when it exists): used by `install` and by the
# install test, which installs the test build into a temporary prefix. The installed copy is
# stripped (install -s): the symbols and debug information are half the file and nothing at run
# time reads them.
install-files:
	install -d $(BINDIR) $(MANDIR) $(BASHDIR) $(ZSHDIR) $(FISHDIR)
	install -s -m 0755 $(BINARY) $(BINDIR)/csec-guide
	if [ -f $(MANPAGE) ]; then install -m 0644 $(MANPAGE) $(MANDIR)/csec-guide.1; fi
	$(BINARY) --generate-completion-script bash > $(BASHDIR)/csec-guide
	$(BINARY) --generate-completion-script zsh > $(ZSHDIR)/_csec-guide
	$(BINARY) --generate-completion-script fish > $(FISHDIR)/csec-guide.fish

uninstall:
	rm -f $(BINDIR)/csec-guide $(MANDIR)/csec-guide.1 $(BASHDIR)/csec-guide $(ZSHDIR)/_csec-guide \
	  $(FISHDIR)/csec-guide.fish
