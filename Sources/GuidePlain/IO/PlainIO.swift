/// What one read of the input gave.
public enum PlainInput: Equatable, Sendable {
  /// A line, without its line break.
  case line(String)
  /// The end of the input: the end of a file or a pipe, or Ctrl-D at a terminal (after which
  /// the terminal can still be read).
  case ended
  /// Ctrl-C at a terminal (SIGINT caught while waiting for a line): what was being typed is gone.
  case interrupted
  /// SIGHUP (the connection dropped) or SIGTERM at a terminal: the session must end now.
  case hangUp(signal: Int32)
  /// A line longer than `limit` bytes: refused whole (never split into two answers).
  case tooLong(limit: Int)
  /// A line whose bytes are not UTF-8 (a terminal sending Latin-1): refused whole, never kept
  /// with a letter replaced.
  case notUTF8
}

/// Where plain mode reads answers and writes lines: a terminal, a pipe, an answers file, or a
/// test's script. The whole conversation goes through it, so a test can play it in-process.
public protocol PlainIO {
  /// The next line typed, the end of the input, or Ctrl-C.
  mutating func nextInput() -> PlainInput
  /// Writes `text` as it is; the caller adds the line breaks.
  mutating func write(_ text: String)
  /// True when the terminal already shows what is typed (input and output are one terminal).
  /// Otherwise plain mode writes each answer after its prompt, so that the output reads like
  /// the session a person would have seen.
  var inputIsEchoed: Bool { get }
  /// True when a person types the answers at a terminal. Otherwise they come from a script (a
  /// pipe or an answers file), which cannot see the questions: an answer that does not fit its
  /// question stops the run instead of being asked again, and the end of the input ends it.
  var inputIsTerminal: Bool { get }
  /// The longest line the terminal passes on (its canonical mode cuts the rest off without a
  /// word), or nil when there is no such limit.
  var terminalLineLimit: Int? { get }
  /// Turns the terminal's echo of what is typed off (for a passphrase) or back on; true when
  /// the echo was changed. A script, which shows nothing, changes nothing.
  mutating func setEcho(_ on: Bool) -> Bool
}

extension PlainIO {
  public mutating func setEcho(_ on: Bool) -> Bool { false }
}

/// A conversation played from a list of inputs, for tests: everything written is kept.
public struct ScriptedIO: PlainIO {
  public private(set) var inputs: [PlainInput]
  public private(set) var output = ""
  /// How many inputs have been read so far.
  public private(set) var consumed = 0
  public var inputIsEchoed: Bool { false }
  public let inputIsTerminal: Bool
  public var terminalLineLimit: Int? { inputIsTerminal ? Self.terminalLineLimit : nil }
  /// Linux's: a line of N_TTY_BUF_SIZE (4096) bytes, its line break included.
  public static let terminalLineLimit = 4095

  /// One answer per line, as typed at a terminal (`inputIsTerminal`) or read from a script.
  public init(_ lines: [String], inputIsTerminal: Bool = false) {
    self.init(inputs: lines.map(PlainInput.line), inputIsTerminal: inputIsTerminal)
  }

  /// Lines, Ctrl-C and Ctrl-D in order. After the last one the input has ended.
  public init(inputs: [PlainInput], inputIsTerminal: Bool) {
    self.inputs = inputs
    self.inputIsTerminal = inputIsTerminal
  }

  /// One answer per line of `script`, as an answers file gives them.
  public init(script: String) {
    var lines = script.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if lines.last == "" { lines.removeLast() }
    self.init(lines)
  }

  public mutating func nextInput() -> PlainInput {
    guard consumed < inputs.count else { return .ended }
    defer { consumed += 1 }
    return inputs[consumed]
  }

  public mutating func write(_ text: String) { output += text }
}
