/// A key the user pressed, already decoded from curses.
public enum Key: Equatable, Sendable {
  case character(Character)
  /// Ctrl plus a letter, as the lowercase letter: `.control("a")` is Ctrl-A.
  case control(Character)
  case up, down, left, right, home, end, pageUp, pageDown
  case enter, tab, backTab, backspace, delete, escape
  /// The help key that works everywhere, even while typing (where "?" is text).
  case f1
  /// Text pasted in one piece (bracketed paste): typed into a field, never taken as commands.
  case paste(String)
  /// Bytes from the terminal that are not UTF-8 (a Latin-1 "é"): never typed; the user is told.
  case notUTF8
}
