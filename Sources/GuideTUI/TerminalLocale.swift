@preconcurrency import CNcursesw

#if canImport(Glibc)
  import Glibc
#endif

/// The character set the screens may use.
public enum TerminalCharset: Equatable, Sendable {
  case utf8
  /// The locale is not UTF-8: screens use ASCII only.
  case ascii
}

/// Sets the program's locale from the environment, as ncursesw needs before it starts, and says
/// whether the terminal can be sent UTF-8. Must run before `initscr`/`newterm`.
/// Only the character type (LC_CTYPE) is taken from the environment: it is all that ncursesw
/// and wcwidth use, and loading every category costs a dozen file reads at start-up.
///
/// When the environment's locale is not UTF-8 (LANG=C, or a name not installed here: common over
/// SSH, where the locale is not forwarded), the screens stay ASCII, but input is still read as
/// UTF-8 under C.UTF-8 (built into glibc): the terminal almost always sends UTF-8 anyway, and
/// reading it byte by byte in the C locale dropped letters ("Peña" was stored as "Pe").
/// What is typed is kept exactly; only its display folds accents (ñ shows as n).
public func prepareLocale() -> TerminalCharset {
  if setlocale(LC_CTYPE, "") != nil, String(cString: nl_langinfo(nl_item(CODESET))) == "UTF-8" {
    return .utf8
  }
  if setlocale(LC_CTYPE, "C.UTF-8") == nil { _ = setlocale(LC_CTYPE, "C") }
  return .ascii
}

/// Whether this system's terminfo describes the terminal type `term`: without a description the
/// full screen cannot draw, and plain mode is used instead (an unknown TERM over SSH is common).
public func terminalTypeIsKnown(_ term: String) -> Bool { sh_terminal_known(term) != 0 }
