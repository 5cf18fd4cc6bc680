/// A JSON document as a value, written without Foundation: the summary and `protocol show
/// --json` need only output, and keys stay in the order they were given.
public indirect enum JSONValue: Equatable, Sendable {
  case null
  case bool(Bool)
  case int(Int64)
  case string(String)
  case array([JSONValue])
  case object([(String, JSONValue)])

  public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
    switch (lhs, rhs) {
    case (.null, .null): return true
    case let (.bool(a), .bool(b)): return a == b
    case let (.int(a), .int(b)): return a == b
    case let (.string(a), .string(b)): return a == b
    case let (.array(a), .array(b)): return a == b
    case let (.object(a), .object(b)):
      return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    default: return false
    }
  }

  /// `nil` becomes `null`.
  public static func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }

  /// Pretty-printed with two-space indentation and a final newline.
  public func rendered() -> String {
    var out = ""
    write(into: &out, indent: 0)
    out += "\n"
    return out
  }

  /// Compact, one line (for logs of events and hashes).
  public func compact() -> String {
    var out = ""
    write(into: &out, indent: nil)
    return out
  }

  /// One writer for both forms: `indent` nil writes everything on one line with no spaces.
  private func write(into out: inout String, indent: Int?) {
    let newline = indent == nil ? "" : "\n"
    let pad = indent.map { String(repeating: "  ", count: $0 + 1) } ?? ""
    let closePad = indent.map { String(repeating: "  ", count: $0) } ?? ""
    let inner = indent.map { $0 + 1 }
    switch self {
    case .null: out += "null"
    case .bool(let b): out += b ? "true" : "false"
    case .int(let i): out += String(i)
    case .string(let s): JSONValue.escape(s, into: &out)
    case .array(let items):
      if items.isEmpty { out += "[]"; return }
      out += "[" + newline
      for (i, item) in items.enumerated() {
        out += pad
        item.write(into: &out, indent: inner)
        out += (i == items.count - 1 ? "" : ",") + newline
      }
      out += closePad + "]"
    case .object(let members):
      if members.isEmpty { out += "{}"; return }
      out += "{" + newline
      for (i, (key, value)) in members.enumerated() {
        out += pad
        JSONValue.escape(key, into: &out)
        out += indent == nil ? ":" : ": "
        value.write(into: &out, indent: inner)
        out += (i == members.count - 1 ? "" : ",") + newline
      }
      out += closePad + "}"
    }
  }

  static func escape(_ s: String, into out: inout String) {
    out += "\""
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      // Every character of TerminalText's rule (controls, bidirectional and zero-width ones),
      // and the line and paragraph separators, which JavaScript reads as line breaks.
      case _ where TerminalText.isUnsafe(scalar) || scalar.value == 0x2028 || scalar.value == 0x2029:
        let hex = String(scalar.value, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: out.unicodeScalars.append(scalar)
      }
    }
    out += "\""
  }
}
