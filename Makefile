# Release build and install of csec-guide.
#
#   make release                   build the release binary (Swift runtime linked statically)
#   make install [PREFIX=/usr/local] [DESTDIR=]
#                                  release + man page + shell completions, installed under PREFIX
#   make uninstall [PREFIX=...]
#
# The binary carries its built-in protocols, so it runs from any directory and any prefix.

PREFIX ?= /usr/local
DESTDIR ?=
BINARY ?= .build/release/csec-guide
MANPAGE ?= .build/man/csec-guide.1

BINDIR = $(DESTDIR)$(PREFIX)/bin
MANDIR = $(DESTDIR)$(PREFIX)/share/man/man1
BASHDIR = $(DESTDIR)$(PREFIX)/share/bash-completion/completions
ZSHDIR = $(DESTDIR)$(PREFIX)/share/zsh/site-functions
FISHDIR = $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d

.PHONY: release man install install-files uninstall

release:
	swift build -c release --static-swift-stdlib

# The man page is generated from the command definitions (swift-argument-parser's plugin).
man: release
	mkdir -p .build/man
	swift package --allow-writing-to-package-directory generate-manual --output-directory .build/man

install: release man install-files

# Installs an already built BINARY (and MANPAGE when it exists): used by `install` and by the
# install test, which installs the test build into a temporary prefix.
install-files:
	install -d $(BINDIR) $(MANDIR) $(BASHDIR) $(ZSHDIR) $(FISHDIR)
	install -m 0755 $(BINARY) $(BINDIR)/csec-guide
	if [ -f $(MANPAGE) ]; then install -m 0644 $(MANPAGE) $(MANDIR)/csec-guide.1; fi
	$(BINARY) --generate-completion-script bash > $(BASHDIR)/csec-guide
	$(BINARY) --generate-completion-script zsh > $(ZSHDIR)/_csec-guide
	$(BINARY) --generate-completion-script fish > $(FISHDIR)/csec-guide.fish

uninstall:
	rm -f $(BINDIR)/csec-guide $(MANDIR)/csec-guide.1 $(BASHDIR)/csec-guide $(ZSHDIR)/_csec-guide \
	  $(FISHDIR)/csec-guide.fish
