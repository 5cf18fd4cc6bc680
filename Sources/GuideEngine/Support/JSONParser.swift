/// Reads JSON text into a `JSONValue` (no Foundation). Strict: one value, no trailing text, a
/// bounded depth, and integers only (the program writes no fractions).
public enum JSONParser {
  public struct Failure: Error, Equatable, CustomStringConvertible {
    public var offset: Int
    public var message: String
    public var description: String { "at byte \(offset): \(message)" }
  }

  public static let maximumDepth = 64

  public static func parse(_ text: String) throws(Failure) -> JSONValue {
    try parse(bytes: Array(text.utf8))
  }

  public static func parse(bytes: [UInt8]) throws(Failure) -> JSONValue {
    var reader = Reader(bytes: bytes)
    reader.skipSpace()
    let value = try reader.value(depth: 0)
    reader.skipSpace()
    guard reader.index == bytes.count else { throw reader.fail("unexpected text after the value") }
    return value
  }

  private struct Reader {
    let bytes: [UInt8]
    var index = 0

    func fail(_ message: String) -> Failure { Failure(offset: index, message: message) }

    mutating func skipSpace() {
      while index < bytes.count, [32, 9, 10, 13].contains(bytes[index]) { index += 1 }
    }

    mutating func expect(_ word: String) throws(Failure) {
      for byte in word.utf8 {
        guard index < bytes.count, bytes[index] == byte else { throw fail("expected \(word)") }
        index += 1
      }
    }

    mutating func value(depth: Int) throws(Failure) -> JSONValue {
      guard depth < JSONParser.maximumDepth else { throw fail("nested too deeply") }
      guard index < bytes.count else { throw fail("unexpected end") }
      switch bytes[index] {
      case UInt8(ascii: "n"): try expect("null"); return .null
      case UInt8(ascii: "t"): try expect("true"); return .bool(true)
      case UInt8(ascii: "f"): try expect("false"); return .bool(false)
      case UInt8(ascii: "\""): return .string(try string())
      case UInt8(ascii: "["):
        index += 1
        var items: [JSONValue] = []
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
        while true {
          skipSpace()
          items.append(try value(depth: depth + 1))
          skipSpace()
          guard index < bytes.count else { throw fail("unexpected end in a list") }
          if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
          if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
          throw fail("expected , or ]")
        }
      case UInt8(ascii: "{"):
        index += 1
        var members: [(String, JSONValue)] = []
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
        while true {
          skipSpace()
          guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw fail("expected a key") }
          let key = try string()
          skipSpace()
          try expect(":")
          skipSpace()
          members.append((key, try value(depth: depth + 1)))
          skipSpace()
          guard index < bytes.count else { throw fail("unexpected end in an object") }
          if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
          if bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
          throw fail("expected , or }")
        }
      default:
        return .int(try integer())
      }
    }

    mutating func integer() throws(Failure) -> Int64 {
      let start = index
      if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
      // JSON has no leading zeros ("01" is not a number): a zero is alone or the whole number.
      if index + 1 < bytes.count, bytes[index] == UInt8(ascii: "0"), bytes[index + 1] >= 48, bytes[index + 1] <= 57 {
        throw fail("a number with a leading zero")
      }
      var value: Int64 = 0
      var digits = 0
      while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
        let (m, o1) = value.multipliedReportingOverflow(by: 10)
        let (a, o2) = m.addingReportingOverflow(Int64(bytes[index] - 48))
        guard !o1, !o2 else { throw fail("number too large") }
        value = a
        index += 1
        digits += 1
      }
      guard digits > 0 else {
        index = start
        throw fail("unexpected character")
      }
      return bytes[start] == UInt8(ascii: "-") ? -value : value
    }

    mutating func string() throws(Failure) -> String {
      index += 1  // opening quote
      var scalars = String.UnicodeScalarView()
      var run: [UInt8] = []
      func flush() {
        if !run.isEmpty {
          scalars.append(contentsOf: String(decoding: run, as: UTF8.self).unicodeScalars)
          run.removeAll(keepingCapacity: true)
        }
      }
      while index < bytes.count {
        let byte = bytes[index]
        if byte == UInt8(ascii: "\"") {
          index += 1
          flush()
          return String(scalars)
        }
        if byte < 0x20 { throw fail("control character in a string") }
        if byte == UInt8(ascii: "\\") {
          flush()
          index += 1
          guard index < bytes.count else { break }
          let escape = bytes[index]
          index += 1
          switch escape {
          case UInt8(ascii: "\""): scalars.append("\"")
          case UInt8(ascii: "\\"): scalars.append("\\")
          case UInt8(ascii: "/"): scalars.append("/")
          case UInt8(ascii: "n"): scalars.append("\n")
          case UInt8(ascii: "r"): scalars.append("\r")
          case UInt8(ascii: "t"): scalars.append("\t")
          case UInt8(ascii: "b"): scalars.append("\u{8}")
          case UInt8(ascii: "f"): scalars.append("\u{C}")
          case UInt8(ascii: "u"):
            var code = try hex4()
            if (0xD800...0xDBFF).contains(code) {
              try expect("\\u")
              let low = try hex4()
              guard (0xDC00...0xDFFF).contains(low) else { throw fail("bad surrogate pair") }
              code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let scalar = Unicode.Scalar(code) else { throw fail("bad \\u escape") }
            scalars.append(scalar)
          default:
            throw fail("bad escape")
          }
          continue
        }
        run.append(byte)
        index += 1
      }
      throw fail("unterminated string")
    }

    mutating func hex4() throws(Failure) -> UInt32 {
      guard index + 4 <= bytes.count else { throw fail("bad \\u escape") }
      var value: UInt32 = 0
      for _ in 0..<4 {
        let b = bytes[index]
        let digit: UInt32
        switch b {
        case 48...57: digit = UInt32(b - 48)
        case 65...70: digit = UInt32(b - 55)
        case 97...102: digit = UInt32(b - 87)
        default: throw fail("bad \\u escape")
        }
        value = value * 16 + digit
        index += 1
      }
      return value
    }
  }
}

extension JSONValue {
  /// The member `key` of an object.
  public subscript(key: String) -> JSONValue? {
    guard case .object(let members) = self else { return nil }
    return members.first { $0.0 == key }?.1
  }

  public var stringValue: String? {
    if case .string(let s) = self { return s }
    return nil
  }

  public var intValue: Int64? {
    if case .int(let i) = self { return i }
    return nil
  }

  public var boolValue: Bool? {
    if case .bool(let b) = self { return b }
    return nil
  }
}
