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
public func prepareLocale() -> TerminalCharset {
  guard setlocale(LC_CTYPE, "") != nil else {
    // The named locale is not installed; C.UTF-8 is built into glibc, but the user's terminal
    // may not be UTF-8, so stay with ASCII.
    _ = setlocale(LC_CTYPE, "C")
    return .ascii
  }
  let codeset = String(cString: nl_langinfo(nl_item(CODESET)))
  return codeset == "UTF-8" ? .utf8 : .ascii
}
