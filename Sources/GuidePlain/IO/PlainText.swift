/// Keeps every escape sequence and control character out of what plain mode writes, and out of
/// what it records from the keyboard: a dumb terminal, a screen reader and a script's log see
/// only text. Protocol files and typed notes can contain anything, so everything passes here.
enum PlainText {
  /// `text` without control characters other than line breaks (ESC, BEL, C1 controls, DEL);
  /// a tab becomes a space.
  static func printable(_ text: String) -> String {
    var scalars = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      switch scalar.value {
      case 0x0A: scalars.append(scalar)
      case 0x09: scalars.append(" ")
      case 0x00...0x1F, 0x7F...0x9F: continue
      default: scalars.append(scalar)
      }
    }
    return String(scalars)
  }

  /// A typed line with the sequences that arrow and function keys send removed (ESC [ ... final,
  /// ESC O x, ESC x), then every other control character and the bidirectional overrides and
  /// isolates (U+202A-202E, U+2066-2069), which can make a note or a file name in the summary
  /// read as something else. `removed` tells whether anything was taken out (a tab is made a
  /// space, not removed).
  static func typed(_ line: String) -> (text: String, removed: Bool) {
    var out = String.UnicodeScalarView()
    var removed = false
    var iterator = line.unicodeScalars.makeIterator()
    while let scalar = iterator.next() {
      if isDirectionControl(scalar) {
        removed = true
        continue
      }
      guard scalar.value == 0x1B else {
        out.append(scalar)
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
    let kept = String(out)
    let text = printable(kept)
    if text.unicodeScalars.count != kept.unicodeScalars.count { removed = true }
    return (text.split(separator: "\n").joined(separator: " "), removed)
  }

  /// Bidirectional embeddings, overrides (U+202A-202E) and isolates (U+2066-2069).
  static func isDirectionControl(_ scalar: Unicode.Scalar) -> Bool {
    (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
  }
}
