import Synchronization
@preconcurrency import CNcursesw

#if canImport(Glibc)
  import Glibc
#endif

/// The last signal received: set by the handler (an atomic store, nothing else), read by the
/// main loop between keys. Never call curses from a handler: endwin is not async-signal-safe.
let pendingSignal = Atomic<Int32>(0)

enum Signals {
  /// The signals whose default action ends the process and that can be caught, other than the
  /// crashes (`CrashGuard`) and SIGINT (Ctrl-C, which asks before quitting). Each one ends the
  /// guide the same way: the main loop sees it between keys, tries one last save, and the
  /// terminal is restored and the alternate screen left before the process ends. SIGPIPE is
  /// ignored instead: a write to a closed pipe fails with EPIPE, which the writers handle.
  static let ending: [Int32] = [
    SIGHUP, SIGTERM, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM, SIGPROF, SIGXCPU, SIGXFSZ, SIGIO,
    SIGPWR, SIGSTKFLT,
  ]

  /// True for a signal of `ending`.
  static func ends(_ signal: Int32) -> Bool { signal != 0 && ending.contains(signal) }

  /// Installs the handlers before curses starts (curses only installs its own for signals still
  /// at their default). SIGWINCH is left to curses, which turns it into KEY_RESIZE. In
  /// restricted mode Ctrl-Z (SIGTSTP) and Ctrl-\ (SIGQUIT) do nothing. A signal the guide was
  /// started with ignored (under nohup, say) stays ignored.
  static func install(restricted: Bool) {
    _ = pendingSignal.load(ordering: .relaxed)  // initialise the global outside the handler
    signal(SIGPIPE, SIG_IGN)
    for signal in ending + [SIGINT] {
      if restricted && signal == SIGQUIT { continue }
      var previous = sigaction()
      sigaction(signal, nil, &previous)
      if signal != SIGQUIT, isIgnored(previous) { continue }
      var action = sigaction()
      action.__sigaction_handler.sa_handler = { received in
        // A second ending signal while the first is still pending (the main loop is busy, or
        // stuck): put the terminal back with async-signal-safe calls only, and end at once.
        let previous = pendingSignal.exchange(received, ordering: .relaxed)
        if received != SIGINT, previous != 0, previous != SIGINT {
          EmergencyTerminal.restore()
          _exit(128 + received)
        }
      }
      sigemptyset(&action.sa_mask)
      action.sa_flags = 0
      sigaction(signal, &action, nil)
    }
    if restricted {
      signal(SIGTSTP, SIG_IGN)
      signal(SIGQUIT, SIG_IGN)
    }
  }

  static func isIgnored(_ action: sigaction) -> Bool {
    guard let handler = action.__sigaction_handler.sa_handler else { return false }
    return unsafeBitCast(handler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self)
  }

  static func take() -> Int32 { pendingSignal.exchange(0, ordering: .relaxed) }
  static var isPending: Bool { pendingSignal.load(ordering: .relaxed) != 0 }
}

/// Puts the terminal back from inside a signal handler: only async-signal-safe calls (tcsetattr
/// with the settings saved before curses started, and write of a fixed string).
enum EmergencyTerminal {
  /// Each line of the screen is erased (no full-screen clear, which tmux would keep in its
  /// history), bracketed paste is turned off and the alternate screen left. `clearOnly` leaves
  /// the terminal settings to the caller.
  static func restore(clearOnly: Bool = false) {
    if !clearOnly, haveSavedTermios { tcsetattr(STDIN_FILENO, TCSANOW, &savedTermios) }
    let reset: StaticString = "\u{1B}[0m\u{1B}[H\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[H\u{1B}[?2004l\u{1B}[?1049l\u{1B}[?25h"
    _ = write(STDOUT_FILENO, reset.utf8Start, reset.utf8CodeUnitCount)
  }
}

/// The terminal settings at start, for the crash handler to put back.
nonisolated(unsafe) private var savedTermios = termios()
nonisolated(unsafe) private var haveSavedTermios = false


/// Makes a crash leave the terminal usable and nothing on disk: the terminal is restored and the
/// alternate screen left at once (no 30-second interactive crash prompt from the Swift runtime,
/// whose handlers these replace), and no core dump can hold case data.
/// No core dump, and no other process of the user attaching: for anything that decrypts a case.
public func disableCoreDumps() {
  var limit = rlimit(rlim_cur: 0, rlim_max: 0)
  setrlimit(Int32(RLIMIT_CORE.rawValue), &limit)
  sh_set_not_dumpable()
}

enum CrashGuard {
  static func install() {
    disableCoreDumps()
    if tcgetattr(STDIN_FILENO, &savedTermios) == 0 { haveSavedTermios = true }
    for crash in [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGABRT, SIGSYS] {
      var action = sigaction()
      action.__sigaction_handler.sa_handler = { received in
        // Only async-signal-safe calls: tcsetattr, write, signal, raise.
        if haveSavedTermios { tcsetattr(STDIN_FILENO, TCSANOW, &savedTermios) }
        // Each line is erased (no full-screen clear, which tmux would keep in its history).
        EmergencyTerminal.restore(clearOnly: true)
        let reset: StaticString = "\r\ncsec-guide stopped unexpectedly. The terminal has been restored; a real case is kept in its encrypted draft ('csec-guide resume').\r\n"
        _ = write(STDOUT_FILENO, reset.utf8Start, reset.utf8CodeUnitCount)
        signal(received, SIG_DFL)
        raise(received)
      }
      sigemptyset(&action.sa_mask)
      action.sa_flags = Int32(truncatingIfNeeded: SA_RESETHAND)
      sigaction(crash, &action, nil)
    }
  }

  /// For the crash test only: stops the process the way a bug would.
  static func crashForTesting() -> Never {
    raise(SIGSEGV)
    fatalError("unreachable")
  }
}

/// While the screen is up, anything a library writes to standard error would land on the
/// screen: it goes to /dev/null, and standard error comes back after the terminal is restored.
enum StandardErrorGuard {
  static func silence() -> Int32 {
    let copy = dup(STDERR_FILENO)
    let null = open("/dev/null", O_WRONLY | O_CLOEXEC)
    if null >= 0 {
      dup2(null, STDERR_FILENO)
      close(null)
    }
    return copy
  }

  static func restore(_ copy: Int32) {
    guard copy >= 0 else { return }
    dup2(copy, STDERR_FILENO)
    close(copy)
  }
}
