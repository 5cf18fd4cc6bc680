import GuideEngine

#if canImport(Glibc)
  import Glibc
#endif

/// What the executable hands the interactive front end.
public struct InteractiveOptions {
  public var protocols: [ProtocolChoice]
  public var lastProtocolID: String?
  /// Skip the protocol question (`--protocol ID`).
  public var protocolID: String?
  public var rememberProtocol: (String) -> Void
  /// Writes the summary; returns the message to show ("Saved to ...", or why not).
  public var saveSummary: (SummaryFormat, String, Timestamp) -> String
  public var now: () -> Timestamp

  public init(
    protocols: [ProtocolChoice], lastProtocolID: String?, protocolID: String?,
    rememberProtocol: @escaping (String) -> Void,
    saveSummary: @escaping (SummaryFormat, String, Timestamp) -> String, now: @escaping () -> Timestamp
  ) {
    self.protocols = protocols
    self.lastProtocolID = lastProtocolID
    self.protocolID = protocolID
    self.rememberProtocol = rememberProtocol
    self.saveSummary = saveSummary
    self.now = now
  }
}

/// Runs the full-screen walkthrough until the user quits or a signal ends it; returns the exit
/// status (0, or 128 + the signal for SIGHUP and SIGTERM).
public func runInteractive(_ options: InteractiveOptions) -> Int32 {
  let charset = prepareLocale()
  Signals.install()
  let terminal = CursesTerminal(charset: charset)
  if let problem = terminal.start() {
    writeError("csec-guide: cannot start the full-screen guide: \(problem)")
    return 69
  }
  defer { terminal.stop() }

  var app = AppState(protocols: options.protocols, lastProtocolID: options.lastProtocolID)
  if let id = options.protocolID, let index = options.protocols.firstIndex(where: { $0.guide.id == id }) {
    app.startIndex = index
    _ = app.update(.enter, now: options.now())
  }

  var lastFrame: CellBuffer?
  func render() {
    let (width, height) = terminal.size
    let frame = Screens.render(app, width: width, height: height, charset: charset)
    if frame != lastFrame {
      terminal.draw(frame)
      lastFrame = frame
    }
  }
  render()
  while true {
    let signal = Signals.take()
    if signal == SIGHUP || signal == SIGTERM {
      // The connection dropped or the process was asked to stop: restore the terminal (the
      // deferred stop) and report the signal in the exit status, as shells expect.
      return 128 + signal
    }
    if signal == SIGINT {
      if app.update(.control("c"), now: options.now()).contains(.quit) { return 0 }
      render()
    }
    var changed = false
    // Take every key already waiting before drawing, so a paste is drawn once.
    var input = terminal.readKey(wait: true)
    while input != .none {
      changed = true
      if case .key(let key) = input {
        for effect in app.update(key, now: options.now()) {
          switch effect {
          case .quit:
            return 0
          case .rememberProtocol(let id):
            options.rememberProtocol(id)
          case .saveSummary(let format):
            if let session = app.session {
              let text = CaseSummary(guide: session.guide, state: session.state).rendered(format)
              let message = options.saveSummary(format, text, options.now())
              app.status = message
              if message.hasPrefix("Saved") { app.session?.unsavedEvents = 0 }
            }
          }
        }
      }
      if Signals.isPending { break }
      input = terminal.readKey(wait: false)
    }
    if changed { render() }
  }
}

func writeError(_ text: String) {
  let bytes = Array((text + "\n").utf8)
  bytes.withUnsafeBytes { _ = write(STDERR_FILENO, $0.baseAddress, $0.count) }
}
