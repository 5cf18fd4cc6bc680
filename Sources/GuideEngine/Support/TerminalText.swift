/// The one output boundary: every string that reaches a terminal or an exported text or
/// Markdown file passes `TerminalText.safe`, whatever it came from (a protocol or scenario file,
/// a draft's clear header, a file name, a typed or pasted note, a validator message).
///
/// The rule. These characters are shown as a visible escape `\u{X}` (the code point in upper-case
/// hexadecimal, as Swift writes it), never passed on:
/// - C0 controls U+0000–U+001F except line feed (U+000A) and tab (U+0009), and DEL U+007F:
///   ESC starts the sequences a terminal obeys (OSC 52 writes the clipboard, OSC 0 retitles the
///   window, CSI 2J clears the screen); BEL rings; CR overwrites a line;
/// - C1 controls U+0080–U+009F (U+009B is an 8-bit CSI and U+009D an OSC on some terminals);
/// - bidirectional controls U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C, which make a line
///   read differently from its characters ("Trojan Source", CVE-2021-42574);
/// - zero-width and invisible format characters U+200B–U+200D, U+2060, U+FEFF, which hide or join
///   text in names and phone numbers.
/// Everything else, line feeds and tabs included, is kept as it is. A backslash is not escaped:
/// the escape marks that a file or a note held a character that was not shown, the way `less`
/// shows `<U+202E>`; it is not meant to be read back.
///
/// JSON output does not pass here: `JSONValue` escapes the same characters as `\uXXXX`, so a
/// JSON document carries them faithfully and a terminal never receives them raw.
public enum TerminalText {
  /// Why a character is never passed on raw, in words for messages.
  public enum Kind: Equatable, Sendable {
    case control
    case bidirectional
    case invisible

    public var description: String {
      switch self {
      case .control: return "a control character"
      case .bidirectional: return "a bidirectional control character (it can make text read differently from what it is)"
      case .invisible: return "an invisible zero-width character"
      }
    }
  }

  /// The class of `scalar` under the rule above, or nil when it may be shown as it is. Line feed
  /// and tab are classed as controls here; `safe` keeps them, `isUnsafe` decides with the caller.
  public static func kind(of scalar: Unicode.Scalar) -> Kind? {
    switch scalar.value {
    case 0x00...0x1F, 0x7F...0x9F: return .control
    case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: return .bidirectional
    case 0x200B...0x200D, 0x2060, 0xFEFF: return .invisible
    default: return nil
    }
  }

  /// True for a character `safe` escapes (line feed and tab are safe).
  @inline(__always)
  public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
    let v = scalar.value
    if v >= 0x20 && v < 0x7F { return false }  // printable ASCII, the common case
    if v == 0x0A || v == 0x09 { return false }
    return kind(of: scalar) != nil
  }

  /// `U+202E`, for messages.
  public static func codePoint(_ scalar: Unicode.Scalar) -> String {
    let hex = String(scalar.value, radix: 16, uppercase: true)
    return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
  }

  /// `\u{1B}`: what `safe` shows instead of the character.
  public static func escape(_ scalar: Unicode.Scalar) -> String {
    "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
  }

  /// `text` with every character of the rule shown as a visible escape; line feeds and tabs kept.
  public static func safe(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: isUnsafe) else { return text }
    var out = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      if isUnsafe(scalar) {
        out.append(contentsOf: escape(scalar).unicodeScalars)
      } else {
        out.append(scalar)
      }
    }
    return String(out)
  }

  /// `safe`, with line feeds and tabs escaped too: for one line of a table or a message that
  /// must stay one line (a file name, a draft's case reference).
  public static func safeLine(_ text: String) -> String {
    safe(text).replacingLineBreaksAndTabs()
  }

  /// What a person typed or pasted, keeping only printable characters, line feeds and tabs: every
  /// character of the rule is removed (a carriage return becomes a line feed). `removed` tells
  /// whether anything was taken out.
  public static func typed(_ text: String) -> (text: String, removed: Bool) {
    guard text.unicodeScalars.contains(where: isUnsafe) else { return (text, false) }
    var out = String.UnicodeScalarView()
    var removed = false
    var previousWasCR = false
    for scalar in text.unicodeScalars {
      defer { previousWasCR = scalar.value == 0x0D }
      if scalar.value == 0x0D {
        out.append("\n")
        continue
      }
      if scalar.value == 0x0A && previousWasCR { continue }
      if isUnsafe(scalar) {
        removed = true
        continue
      }
      out.append(scalar)
    }
    return (String(out), removed)
  }

  /// True when `ch` may be typed into a record (`typed` would keep all of it).
  public static func isTypable(_ ch: Character) -> Bool {
    !ch.unicodeScalars.contains(where: isUnsafe)
  }
}

extension String {
  fileprivate func replacingLineBreaksAndTabs() -> String {
    guard unicodeScalars.contains(where: { $0.value == 0x0A || $0.value == 0x09 }) else { return self }
    var out = String.UnicodeScalarView()
    for scalar in unicodeScalars {
      if scalar.value == 0x0A || scalar.value == 0x09 {
        out.append(contentsOf: TerminalText.escape(scalar).unicodeScalars)
      } else {
        out.append(scalar)
      }
    }
    return String(out)
  }
}
