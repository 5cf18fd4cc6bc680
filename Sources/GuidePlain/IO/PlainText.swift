import GuideEngine

/// Keeps every escape sequence and control character out of what plain mode writes, and out of
/// what it records from the keyboard: a dumb terminal, a screen reader and a script's log see
/// only text. Protocol files and typed notes can contain anything, so everything passes here.
/// There is one rule for the whole program: `TerminalText` (GuideEngine).
enum PlainText {
  /// `text` through the output boundary: controls other than line feeds and tabs, bidirectional
  /// and zero-width characters shown as visible escapes (`\u{1B}`).
  static func printable(_ text: String) -> String { TerminalText.safe(text) }

  /// A typed line with the sequences that arrow and function keys send removed (ESC [ ... final,
  /// ESC O x, ESC x), then every character `TerminalText` does not let through (other controls,
  /// bidirectional and zero-width characters), which can make a note or a file name in the
  /// summary read as something else; a tab is made a space. `removed` tells whether anything
  /// was taken out (a tab made a space is not counted).
  static func typed(_ line: String) -> (text: String, removed: Bool) {
    var out = String.UnicodeScalarView()
    var removed = false
    var iterator = line.unicodeScalars.makeIterator()
    while let scalar = iterator.next() {
      guard scalar.value == 0x1B else {
        out.append(scalar.value == 0x09 ? " " : scalar)
        continue
      }
      removed = true
      guard let next = iterator.next() else { break }
      if next == "[" {
        // Control Sequence Introducer: parameters and intermediates, then one final byte.
        while let c = iterator.next(), !(0x40...0x7E).contains(c.value) {}
      } else if next == "O" {
        _ = iterator.next()
      }
    }
    let (text, dropped) = TerminalText.typed(String(out))
    return (text.split(separator: "\n").joined(separator: " "), removed || dropped)
  }
}
