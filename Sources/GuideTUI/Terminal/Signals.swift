import Synchronization
@preconcurrency import CNcursesw

#if canImport(Glibc)
  import Glibc
#endif

/// The last signal received: set by the handler (an atomic store, nothing else), read by the
/// main loop between keys. Never call curses from a handler: endwin is not async-signal-safe.
let pendingSignal = Atomic<Int32>(0)

enum Signals {
  /// Installs the handlers before curses starts (curses only installs its own for signals still
  /// at their default). SIGWINCH is left to curses, which turns it into KEY_RESIZE. In
  /// restricted mode Ctrl-Z (SIGTSTP) and Ctrl-\ (SIGQUIT) do nothing.
  static func install(restricted: Bool) {
    _ = pendingSignal.load(ordering: .relaxed)  // initialise the global outside the handler
    for signal in [SIGHUP, SIGTERM, SIGINT] {
      var action = sigaction()
      action.__sigaction_handler.sa_handler = { received in
        // A second HUP or TERM while the first is still pending ends the process at once.
        let previous = pendingSignal.exchange(received, ordering: .relaxed)
        if received != SIGINT, previous == SIGHUP || previous == SIGTERM { _exit(128 + received) }
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

  static func take() -> Int32 { pendingSignal.exchange(0, ordering: .relaxed) }
  static var isPending: Bool { pendingSignal.load(ordering: .relaxed) != 0 }
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
    for crash in [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGABRT] {
      var action = sigaction()
      action.__sigaction_handler.sa_handler = { received in
        // Only async-signal-safe calls: tcsetattr, write, signal, raise.
        if haveSavedTermios { tcsetattr(STDIN_FILENO, TCSANOW, &savedTermios) }
        // Each line is erased (no full-screen clear, which tmux would keep in its history).
        let reset: StaticString = "\u{1B}[0m\u{1B}[H\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[2K\u{1B}[1B\u{1B}[H\u{1B}[?1049l\u{1B}[?25h\r\ncsec-guide stopped unexpectedly. The terminal has been restored; a real case is kept in its encrypted draft ('csec-guide resume').\r\n"
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
