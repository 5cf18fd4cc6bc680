import GuideEngine
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Lines read from a file descriptor (standard input or an answers file) and written to
/// another (standard output) with write(2): nothing is buffered, so a prompt is on the screen
/// before the program waits for its answer.
///
/// When the input is a terminal, Ctrl-C is caught (see `Interrupts`) and read as
/// `.interrupted`, and Ctrl-D on an empty line is `.ended` for that read only: the terminal can
/// still be typed at, so plain mode can ask before quitting. From a pipe or a file the end of the
/// input is final, and Ctrl-C keeps its default: the program ends at once.
public struct DescriptorIO: PlainIO {
  /// A line longer than this is refused whole (`.tooLong`), never split: its bytes are dropped
  /// as they arrive, up to its line break, so the input is never held whole in memory.
  static let longestLine = 1 << 20

  let input: Int32
  let output: Int32
  public let inputIsEchoed: Bool
  public let inputIsTerminal: Bool
  public let terminalLineLimit: Int?
  private var pending: [UInt8] = []
  private var ended = false
  /// Inside a line already longer than `longestLine`: dropping it up to its line break.
  private var discarding = false

  public init(input: Int32, output: Int32, inputIsEchoed: Bool) {
    self.input = input
    self.output = output
    self.inputIsEchoed = inputIsEchoed
    inputIsTerminal = isatty(input) != 0
    terminalLineLimit = inputIsTerminal ? Self.canonicalLineLimit(input) : nil
    if inputIsTerminal {
      Interrupts.catchCtrlC()
      Hangups.catchHangUpAndTerminate()
    }
  }

  /// The longest line a terminal in canonical mode passes on, line break excluded; nil when the
  /// terminal is not in canonical mode (then nothing is cut).
  static func canonicalLineLimit(_ fd: Int32) -> Int? {
    var settings = termios()
    guard tcgetattr(fd, &settings) == 0, settings.c_lflag & tcflag_t(ICANON) != 0 else { return nil }
    #if os(Linux)
      // N_TTY_BUF_SIZE (4096) bytes, the line break included; fpathconf says 255 here.
      return 4095
    #else
      let limit = fpathconf(fd, _PC_MAX_CANON)
      return limit > 1 ? limit - 1 : nil
    #endif
  }

  public mutating func nextInput() -> PlainInput {
    while true {
      // SIGHUP or SIGTERM (seen before anything typed ahead): every event is already in the
      // draft; the session ends. It stays pending, so a second one ends the process at once.
      if inputIsTerminal, let signal = Hangups.pending { return .hangUp(signal: signal) }
      if let newline = pending.firstIndex(of: 10) {
        var line = Array(pending[..<newline])
        pending.removeSubrange(...newline)
        if line.last == 13 { line.removeLast() }
        if discarding || line.count > Self.longestLine {
          discarding = false
          return .tooLong(limit: Self.longestLine)
        }
        return Self.decoded(line)
      }
      if pending.count > Self.longestLine {
        pending = []
        discarding = true
      }
      if ended {
        if discarding {
          discarding = false
          pending = []
          return .tooLong(limit: Self.longestLine)
        }
        return takePending()
      }
      // Ctrl-C while the program was writing or working is seen here. One pressed in the instant
      // between this check and read(2) is seen at the next one (Enter, or Ctrl-C again).
      if inputIsTerminal, Interrupts.take() {
        // The terminal dropped what was being typed; so does plain mode.
        pending = []
        return .interrupted
      }
      var chunk = [UInt8](repeating: 0, count: 4096)
      let count = chunk.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
      if count > 0 {
        pending += chunk[0..<count]
      } else if count < 0, errno == EINTR {
        // Ctrl-C (taken above), or another signal: read again.
        continue
      } else if count == 0, inputIsTerminal {
        // Ctrl-D: the end of the input for now. Text typed before it is a line of its own.
        return takePending()
      } else {
        ended = true
      }
    }
  }

  /// The last line, which may have no line break; `.ended` when there is none.
  private mutating func takePending() -> PlainInput {
    guard !pending.isEmpty else { return .ended }
    defer { pending = [] }
    return Self.decoded(pending)
  }

  /// The line as text, or `.notUTF8`: a letter replaced by U+FFFD would be a silent loss.
  static func decoded(_ bytes: [UInt8]) -> PlainInput {
    guard let text = String(validating: bytes, as: UTF8.self) else { return .notUTF8 }
    return .line(text)
  }

  /// Echo off with termios (ECHO cleared, nothing else: the line is still edited and ended with
  /// Enter), or the settings from before back. No escape sequence is written.
  public mutating func setEcho(_ on: Bool) -> Bool {
    guard inputIsTerminal else { return false }
    if on {
      guard Hangups.echoOffDescriptor.load(ordering: .relaxed) == input else { return false }
      tcsetattr(input, TCSANOW, &savedEchoSettings)
      Hangups.echoOffDescriptor.store(-1, ordering: .relaxed)
      return true
    }
    var settings = termios()
    guard tcgetattr(input, &settings) == 0, settings.c_lflag & tcflag_t(ECHO) != 0 else { return false }
    savedEchoSettings = settings
    Hangups.echoOffDescriptor.store(input, ordering: .relaxed)
    settings.c_lflag &= ~tcflag_t(ECHO)
    guard tcsetattr(input, TCSANOW, &settings) == 0 else {
      Hangups.echoOffDescriptor.store(-1, ordering: .relaxed)
      return false
    }
    return true
  }

  /// Through the output boundary (`TerminalText.safe`): whatever plain mode writes, no control,
  /// bidirectional or zero-width character reaches the terminal or the script's log.
  public mutating func write(_ text: String) {
    var bytes = Array(TerminalText.safe(text).utf8)
    var offset = 0
    while offset < bytes.count {
      let n = bytes.withUnsafeMutableBytes { systemWrite(output, $0.baseAddress! + offset, $0.count - offset) }
      if n < 0, errno == EINTR { continue }
      if n <= 0 { return }
      offset += n
    }
  }
}

/// The terminal settings from before the echo was turned off, for `setEcho(true)` and for the
/// signal handler to put back (written only while no handler can read them: before the
/// descriptor below is set).
nonisolated(unsafe) var savedEchoSettings = termios()

/// SIGHUP (the connection dropped), SIGTERM and the other signals that would end the process
/// (SIGUSR1, SIGALRM...) at a terminal, in plain mode. The handler only
/// records the signal (and, for a second one, puts the echo back and ends the process at once);
/// it is installed without SA_RESTART, so a read(2) waiting for a line returns EINTR and the
/// signal is seen at once. Every event is already in the encrypted draft.
enum Hangups {
  static let received = Atomic<Int32>(0)
  /// The descriptor whose echo is off (-1: none), so the handler can turn it back on.
  static let echoOffDescriptor = Atomic<Int32>(-1)

  static func catchHangUpAndTerminate() {
    _ = received.load(ordering: .relaxed)  // initialise the globals outside the handler
    _ = echoOffDescriptor.load(ordering: .relaxed)
    // Every catchable signal whose default ends the process (not the crashes, not SIGINT,
    // which asks first): the session ends the same way for each. SIGPIPE is ignored by main.
    var ending = [SIGHUP, SIGTERM, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM, SIGPROF, SIGXCPU, SIGXFSZ]
    #if os(Linux)
      ending += [SIGIO, SIGPWR, SIGSTKFLT]
    #endif
    for signal in ending {
      var previous = sigaction()
      sigaction(signal, nil, &previous)
      // Started with it ignored (under nohup, say): keep it so.
      if Interrupts.previousHandlerIsIgnore(previous) { continue }
      var action = sigaction()
      let handler: @convention(c) (Int32) -> Void = { signal in
        let previous = Hangups.received.exchange(signal, ordering: .relaxed)
        guard previous != 0 else { return }
        // A second one while the first is still pending: only async-signal-safe calls.
        let fd = Hangups.echoOffDescriptor.load(ordering: .relaxed)
        if fd >= 0 { tcsetattr(fd, TCSANOW, &savedEchoSettings) }
        _exit(128 + signal)
      }
      #if canImport(Glibc)
        action.__sigaction_handler.sa_handler = handler
      #else
        action.__sigaction_u.__sa_handler = handler
      #endif
      sigemptyset(&action.sa_mask)
      action.sa_flags = 0
      sigaction(signal, &action, nil)
    }
  }

  /// The signal received, if any (it stays pending).
  static var pending: Int32? {
    let signal = received.load(ordering: .relaxed)
    return signal == 0 ? nil : signal
  }
}

/// write(2), named apart from `DescriptorIO.write`.
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
  #if canImport(Glibc)
    Glibc.write(fd, buffer, count)
  #else
    Darwin.write(fd, buffer, count)
  #endif
}

/// Set by the SIGINT handler (an atomic store, nothing else), taken by `DescriptorIO` before
/// and after each read.
let interruptPending = Atomic<Bool>(false)

/// Ctrl-C at a terminal: plain mode asks before quitting, as `q` does, instead of ending with
/// the case lost. The handler only sets a flag; it is installed without SA_RESTART, so a read(2)
/// waiting for a line returns EINTR and the flag is seen at once.
enum Interrupts {
  static func catchCtrlC() {
    _ = interruptPending.load(ordering: .relaxed)  // initialise the global outside the handler
    var previous = sigaction()
    sigaction(SIGINT, nil, &previous)
    // Started with SIGINT ignored (in the background of a shell without job control): keep it so.
    if previousHandlerIsIgnore(previous) { return }
    var action = sigaction()
    #if canImport(Glibc)
      action.__sigaction_handler.sa_handler = { _ in interruptPending.store(true, ordering: .relaxed) }
    #else
      action.__sigaction_u.__sa_handler = { _ in interruptPending.store(true, ordering: .relaxed) }
    #endif
    sigemptyset(&action.sa_mask)
    action.sa_flags = 0
    sigaction(SIGINT, &action, nil)
  }

  static func previousHandlerIsIgnore(_ action: sigaction) -> Bool {
    #if canImport(Glibc)
      let handler = action.__sigaction_handler.sa_handler
    #else
      let handler = action.__sigaction_u.__sa_handler
    #endif
    guard let handler else { return false }
    return unsafeBitCast(handler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self)
  }

  /// True once for each Ctrl-C since the last call.
  static func take() -> Bool { interruptPending.exchange(false, ordering: .relaxed) }
}
