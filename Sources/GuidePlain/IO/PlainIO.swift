/// Where plain mode reads answers and writes lines: a terminal, a pipe, an answers file, or a
/// test's script. The whole conversation goes through it, so a test can play it in-process.
public protocol PlainIO {
  /// The next line typed, without its line break; nil at the end of the input.
  mutating func readLine() -> String?
  /// Writes `text` as it is; the caller adds the line breaks.
  mutating func write(_ text: String)
  /// True when the terminal already shows what is typed (input and output are one terminal).
  /// Otherwise plain mode writes each answer after its prompt, so that the output reads like
  /// the session a person would have seen.
  var inputIsEchoed: Bool { get }
}

/// A conversation played from a list of lines, for tests: everything written is kept.
public struct ScriptedIO: PlainIO {
  public private(set) var lines: [String]
  public private(set) var output = ""
  /// How many lines have been read so far.
  public private(set) var consumed = 0
  public var inputIsEchoed: Bool { false }

  public init(_ lines: [String]) { self.lines = lines }

  /// One answer per line of `script`, as an answers file gives them.
  public init(script: String) {
    var lines = script.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if lines.last == "" { lines.removeLast() }
    self.init(lines)
  }

  public mutating func readLine() -> String? {
    guard consumed < lines.count else { return nil }
    defer { consumed += 1 }
    return lines[consumed]
  }

  public mutating func write(_ text: String) { output += text }
}
