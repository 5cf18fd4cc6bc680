import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// The last signal received: set by the handler (an atomic store, nothing else), read by the
/// main loop between keys. Never call curses from a handler: endwin is not async-signal-safe.
let pendingSignal = Atomic<Int32>(0)

enum Signals {
  /// Installs the handlers before curses starts (curses only installs its own for signals still
  /// at their default). SIGWINCH is left to curses, which turns it into KEY_RESIZE.
  static func install() {
    _ = pendingSignal.load(ordering: .relaxed)  // initialise the global outside the handler
    for signal in [SIGHUP, SIGTERM, SIGINT] {
      var action = sigaction()
      action.__sigaction_handler.sa_handler = { pendingSignal.store($0, ordering: .relaxed) }
      sigemptyset(&action.sa_mask)
      action.sa_flags = 0
      sigaction(signal, &action, nil)
    }
  }

  static func take() -> Int32 { pendingSignal.exchange(0, ordering: .relaxed) }
  static var isPending: Bool { pendingSignal.load(ordering: .relaxed) != 0 }
}
