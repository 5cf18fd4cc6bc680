import GuideEngine

#if canImport(Glibc)
  import Glibc
#endif

/// Refuses, in protocol and scenario files, every character `TerminalText` would have to show
/// as an escape: controls other than line breaks and tabs, bidirectional controls and
/// zero-width characters. Such a character has no place in a title, a step or a phone number,
/// and a terminal obeys or hides it, so a file holding one is invalid: each is reported at its
/// own FILE:LINE:COLUMN with its code point.
enum UnsafeCharacters {
  /// Each such character written directly in the file, where it stands. Line feeds, carriage
  /// returns and tabs are the file's layout; a byte-order mark is allowed as the first character.
  /// A file too large or holding a NUL byte is left to `YAMLReader`, which refuses it whole.
  static func inFile(_ bytes: [UInt8]) -> [(Mark, String)] {
    if bytes.count <= YAMLReader.maximumBytes, isClean(bytes) { return [] }
    return scalarByScalar(bytes)
  }

  /// True when `bytes` is valid UTF-8 with no character `scalarByScalar` would report, checked
  /// byte by byte: what every built-in is, answered without decoding the text into a String and
  /// walking its scalars (1.2 M instructions for San Mateo's 29 KB, docs/performance.md).
  /// Anything else (a control, a NUL, a character of the rule, bytes that are not UTF-8) answers
  /// false, and `scalarByScalar` finds and places it: this only says there is nothing to find.
  static func isClean(_ bytes: [UInt8]) -> Bool {
    bytes.withUnsafeBufferPointer { p in
      let n = p.count
      var i = 0
      while i < n {
        let b0 = p[i]
        if b0 < 0x80 {
          // Printable ASCII, line feed and tab are safe; a carriage return is the file's layout.
          guard (b0 >= 0x20 && b0 < 0x7F) || b0 == 0x0A || b0 == 0x09 || b0 == 0x0D else { return false }
          i += 1
          continue
        }
        // One multi-byte UTF-8 sequence, strictly: no overlong forms, no surrogates, at most U+10FFFF.
        var value: UInt32
        let length: Int
        switch b0 {
        case 0xC2...0xDF: length = 2; value = UInt32(b0 & 0x1F)
        case 0xE0...0xEF: length = 3; value = UInt32(b0 & 0x0F)
        case 0xF0...0xF4: length = 4; value = UInt32(b0 & 0x07)
        default: return false
        }
        guard n - i >= length else { return false }
        for k in 1..<length {
          let b = p[i + k]
          guard b & 0xC0 == 0x80 else { return false }
          value = value << 6 | UInt32(b & 0x3F)
        }
        if length == 3, value < 0x800 || (0xD800...0xDFFF).contains(value) { return false }
        if length == 4, value < 0x10000 || value > 0x10FFFF { return false }
        guard let scalar = Unicode.Scalar(value) else { return false }
        // A byte-order mark is allowed as the first character only.
        if TerminalText.isUnsafe(scalar), !(i == 0 && value == 0xFEFF) { return false }
        i += length
      }
      return true
    }
  }

  /// `inFile`'s answer, by decoding the text and checking each of its scalars in turn.
  static func scalarByScalar(_ bytes: [UInt8]) -> [(Mark, String)] {
    guard bytes.count <= YAMLReader.maximumBytes, !bytes.contains(0) else { return [] }
    var found: [(Mark, String)] = []
    var line = 1
    var column = 1
    var first = true
    for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars {
      defer {
        first = false
        if scalar.value == 0x0A {
          line += 1
          column = 1
        } else {
          column += 1
        }
      }
      if scalar.value == 0x0D || (first && scalar.value == 0xFEFF) { continue }
      if TerminalText.isUnsafe(scalar) {
        found.append((Mark(line: line, column: column), message(scalar, escaped: false)))
      }
    }
    return found
  }

  /// Each such character a quoted text makes with an escape (`"\e"`, `"\x1b"`, `"\u202E"`), at
  /// the text (or field name) that holds it: one message per character kind and text. Called
  /// once `inFile` found none written directly, so one in the tree can only come from an escape,
  /// and every escape starts with a backslash: a file without one (three of the four built-ins) is not
  /// walked, about 0.7 M instructions of the 11 M that decoding San Mateo takes before the
  /// screening's first frame (docs/performance.md).
  /// (libyaml's other changes to text make line feeds and spaces: a carriage return or NEL
  /// becomes a line feed, and a raw NEL is refused by `inFile` first.)
  static func inTree(_ node: YAMLNode, bytes: [UInt8]) -> [(Mark, String)] {
    // memchr: a generic `contains` over the bytes cost as much as the walk it saves.
    guard bytes.withUnsafeBufferPointer({ $0.baseAddress.map { memchr($0, 0x5C, bytes.count) != nil } ?? false }) else { return [] }
    var found: [(Mark, String)] = []
    func check(_ text: String, _ mark: Mark) {
      var seen = Set<UInt32>()
      for scalar in text.unicodeScalars where TerminalText.isUnsafe(scalar) && seen.insert(scalar.value).inserted {
        found.append((mark, message(scalar, escaped: true)))
      }
    }
    func walk(_ node: YAMLNode) {
      switch node {
      case .scalar(let text, _, let mark): check(text, mark)
      case .sequence(let items, _): items.forEach(walk)
      case .mapping(let members, _):
        for member in members {
          check(member.key, member.keyMark)
          walk(member.value)
        }
      }
    }
    walk(node)
    return found
  }

  static func message(_ scalar: Unicode.Scalar, escaped: Bool) -> String {
    let kind = TerminalText.kind(of: scalar)?.description ?? "a control character"
    return "\(escaped ? "this text makes" : "this is") the character \(TerminalText.codePoint(scalar)), \(kind), which a data file may not hold: a terminal would obey it or hide it; delete it"
  }
}
