/// Why plain mode is used when it was not asked for: a screen reader or a terminal that cannot
/// show the full screen, or input that does not come from a person at a terminal.
public enum PlainModeSelection {
  /// Plain mode or the full screen: plain when asked for (`--plain`, or an answers file), or
  /// when the full screen cannot serve; the notice to give when it was not asked for.
  /// `knowsTerminal` says whether this system's terminfo describes a TERM (the full screen cannot
  /// draw on a terminal it has no description of).
  public static func choose(
    asked: Bool, answersFile: Bool, environment: [String: String], inputIsTerminal: Bool, outputIsTerminal: Bool,
    knowsTerminal: (String) -> Bool = { _ in true }
  ) -> (plain: Bool, notice: String?) {
    if asked || answersFile { return (true, nil) }
    let term = environment["TERM"]
    let reason = automaticReason(
      term: term, accessible: environment["ACCESSIBLE"],
      inputIsTerminal: inputIsTerminal, outputIsTerminal: outputIsTerminal,
      termKnown: term.map { $0.isEmpty || $0 == "dumb" || knowsTerminal($0) } ?? true)
    return (reason != nil, reason)
  }

  /// The one-line notice for standard error, or nil when the full screen can be used: why, how
  /// to choose plain mode without the notice, and how to get the full screen.
  public static func automaticReason(
    term: String?, accessible: String?, inputIsTerminal: Bool, outputIsTerminal: Bool, termKnown: Bool = true
  ) -> String? {
    let why: String
    let fullScreen: String
    if let accessible, !accessible.isEmpty {
      why = "ACCESSIBLE is set"
      fullScreen = "unset ACCESSIBLE"
    } else if term == nil || term?.isEmpty == true {
      why = "TERM is not set"
      fullScreen = "set TERM, like TERM=xterm-256color,"
    } else if term == "dumb" {
      why = "TERM is dumb"
      fullScreen = "a terminal like TERM=xterm-256color"
    } else if !termKnown, let term {
      why = "the terminal type '\(term)' is not known to this system"
      fullScreen = "a known terminal type like TERM=xterm-256color"
    } else if !inputIsTerminal {
      why = "standard input is not a terminal"
      fullScreen = "run it from a terminal"
    } else if !outputIsTerminal {
      why = "standard output is not a terminal"
      fullScreen = "do not redirect its output"
    } else {
      return nil
    }
    return "csec-guide: plain mode (\(why)); use --plain to choose it yourself, or \(fullScreen) for the full screen."
  }
}
