/// Why plain mode is used when it was not asked for: a screen reader or a terminal that cannot
/// show the full screen, or input that does not come from a person at a terminal.
public enum PlainModeSelection {
  /// The one-line notice for standard error, or nil when the full screen can be used.
  public static func automaticReason(
    term: String?, accessible: String?, inputIsTerminal: Bool, outputIsTerminal: Bool
  ) -> String? {
    let why: String
    if let accessible, !accessible.isEmpty {
      why = "ACCESSIBLE is set; unset it for the full screen"
    } else if term == nil || term?.isEmpty == true {
      why = "TERM is not set; set it to your terminal's type (for example TERM=xterm-256color) for the full screen"
    } else if term == "dumb" {
      why = "TERM is 'dumb'; run it in a terminal that can move the cursor (for example TERM=xterm-256color) for the full screen"
    } else if !inputIsTerminal {
      why = "standard input is not a terminal; run it from a terminal for the full screen"
    } else if !outputIsTerminal {
      why = "standard output is not a terminal; run it without redirecting its output for the full screen"
    } else {
      return nil
    }
    return "csec-guide: plain mode, because \(why) (--plain chooses plain mode yourself)."
  }
}
