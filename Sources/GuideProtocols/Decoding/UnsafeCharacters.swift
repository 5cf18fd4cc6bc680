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
