#if canImport(Glibc)
  import Glibc
#endif

/// The one prompt for a passphrase, used by plain mode and by `drafts summary` and `drafts
/// verify`: the terminal's echo is off while it is typed and put back before anything else is
/// said, also after Ctrl-C, SIGHUP or SIGTERM (`DescriptorIO` catches them at a terminal, so
/// the read returns instead of the process dying with the echo off).
public enum PassphrasePrompt {
  /// Asks once on `io`; the passphrase is never written.
  public static func ask<IO: PlainIO>(_ prompt: String, io: inout IO) -> PlainInput {
    io.write(PlainText.printable(prompt) + " ")
    let echoTurnedOff = io.setEcho(false)
    let input = io.nextInput()
    if echoTurnedOff { _ = io.setEcho(true) }
    // The Enter typed was not shown either.
    io.write("\n")
    return input
  }

  /// Why no passphrase was read at the terminal.
  public enum NotRead: Error, Equatable {
    /// There is no controlling terminal to ask at.
    case noTerminal
    /// An empty line, or Ctrl-D.
    case empty
    /// Ctrl-C.
    case interrupted
    /// SIGHUP or SIGTERM.
    case signal(Int32)

    /// The exit status that says so: 130 for Ctrl-C, 128 + the signal, 64 otherwise.
    public var exitStatus: Int32 {
      switch self {
      case .noTerminal, .empty: return 64
      case .interrupted: return 128 + SIGINT
      case .signal(let signal): return 128 + signal
      }
    }
  }

  /// Asks at the controlling terminal (/dev/tty), whatever standard input is.
  public static func atTerminal(_ prompt: String) -> Result<String, NotRead> {
    let fd = open("/dev/tty", O_RDWR | O_CLOEXEC)
    guard fd >= 0 else { return .failure(.noTerminal) }
    defer { close(fd) }
    var io = DescriptorIO(input: fd, output: fd, inputIsEchoed: true)
    switch ask(prompt, io: &io) {
    case .line(let line): return line.isEmpty ? .failure(.empty) : .success(line)
    case .ended: return .failure(.empty)
    case .interrupted: return .failure(.interrupted)
    case .hangUp(let signal): return .failure(.signal(signal))
    case .tooLong, .notUTF8: return .failure(.empty)
    }
  }
}
