import GuideEngine
import GuideStore

#if canImport(Glibc)
  import Glibc
#endif

/// What the executable hands the interactive front end.
public struct InteractiveOptions {
  public var protocols: [ProtocolChoice]
  public var lastProtocolID: String?
  /// Skip the protocol question (`--protocol ID`).
  public var protocolID: String?
  /// Start on the list of drafts (`csec-guide resume`), or open this draft directly.
  public var resume = false
  public var resumeID: String?
  /// Where drafts are kept; nil when there is no usable state directory.
  public var draftStore: DraftStore?
  public var keyDerivationRounds = KeyDerivation.defaultRounds
  /// Lock the screen after this many seconds without a key (0: never).
  public var idleLockSeconds = 300
  /// Where summary files are written: the current directory, or the administrator's export
  /// directory in restricted mode (nil: files cannot be saved).
  public var exportDirectory: String?
  /// Kiosk account: no suspending, no core dumps, files only to the export directory.
  public var restricted = false
  /// Tests only (a hidden flag): crash after the first frame, to check the terminal is restored.
  public var crashAfterFirstFrame = false
  /// The benchmark only (a hidden flag): open this protocol's screening at once, with no draft,
  /// so the first frame is the checklist that whiptail and dialog are compared on.
  public var benchmarkScreening: String?
  /// A training walkthrough (`csec-guide train`): these scenarios, no drafts, no lock.
  public var training: [TrainingScenario]?
  /// Open this scenario's story at once instead of the list.
  public var trainingScenarioID: String?
  /// The protocols in full, with any problems, when `protocols` lists some by title only:
  /// called right after the first frame is drawn, before any key is read.
  public var completeProtocols: (() -> (protocols: [ProtocolChoice], problems: [String]))?
  public var rememberProtocol: (String) -> Void
  public var now: () -> Timestamp

  public init(
    protocols: [ProtocolChoice], lastProtocolID: String?, protocolID: String?,
    rememberProtocol: @escaping (String) -> Void, now: @escaping () -> Timestamp
  ) {
    self.protocols = protocols
    self.lastProtocolID = lastProtocolID
    self.protocolID = protocolID
    self.rememberProtocol = rememberProtocol
    self.now = now
  }
}

/// How the guide ended.
public struct InteractiveResult {
  /// 0; 128 + the signal when a signal ended it with the case in its draft; 74 when a signal
  /// ended it and the last records could not be saved.
  public var status: Int32
  /// Printed to standard output once the screen is restored (only when the user asked).
  public var printAfterExit: String?
  /// Said on standard error once the screen is restored.
  public var message: String?
}

/// Runs the full-screen walkthrough until the user quits or a signal ends it.
public func runInteractive(_ options: InteractiveOptions) -> InteractiveResult {
  let charset = prepareLocale()
  CrashGuard.install()
  Signals.install(restricted: options.restricted)
  let terminal = CursesTerminal(charset: charset)
  if let problem = terminal.start(restricted: options.restricted) {
    return InteractiveResult(status: 69, message: "csec-guide: cannot start the full-screen guide: \(problem)")
  }
  let stderrCopy = StandardErrorGuard.silence()
  defer {
    terminal.stop()
    StandardErrorGuard.restore(stderrCopy)
  }
  var runner = Runner(options: options, terminal: terminal, charset: charset)
  var result = runner.run()
  if !runner.lateProblems.isEmpty {
    result.message = (runner.lateProblems + [result.message].compactMap { $0 }).joined(separator: "\n")
  }
  return result
}

/// The main loop and the effects only the front end can carry out.
private struct Runner {
  let options: InteractiveOptions
  let terminal: CursesTerminal
  let charset: TerminalCharset
  var app: AppState
  var draft: OpenDraft?
  /// The key that unlocks the screen (the draft's, or derived in memory when no draft can be kept).
  var lockKey: DraftKey?
  /// Events of the session already handed to the draft.
  var persisted = 0
  var printFormat: SummaryFormat?
  var lastFrame: CellBuffer?
  var lastKey: Int64 = 0
  var lastRetry: Int64 = 0
  /// Until the first frame is out, the remembered protocol is only noted (a file write with
  /// fsync), then written.
  var firstFrameDrawn = false
  var pendingRemember: String?
  /// Problems found decoding protocols after the first frame, said once the screen is restored.
  var lateProblems: [String] = []

  init(options: InteractiveOptions, terminal: CursesTerminal, charset: TerminalCharset) {
    self.options = options
    self.terminal = terminal
    self.charset = charset
    app = AppState(protocols: options.protocols, lastProtocolID: options.lastProtocolID)
    app.draftsEnabled = true
  }

  mutating func run() -> InteractiveResult {
    if let scenarios = options.training {
      app.draftsEnabled = false
      app.training = TrainingState(scenarios: scenarios)
      app.route = .scenarios
      if let id = options.trainingScenarioID, let index = scenarios.firstIndex(where: { $0.id == id }) {
        app.training?.listIndex = index
        apply(app.update(.enter, now: options.now()))
      }
    } else if let id = options.benchmarkScreening, let index = options.protocols.firstIndex(where: { $0.guide.id == id }) {
      app.draftsEnabled = false
      app.startIndex = index
      apply(app.update(.enter, now: options.now()))
      let screen = app.situationOptions().firstIndex(of: .screen) ?? 0
      app.situationIndex = screen
      apply(app.update(.enter, now: options.now()))
      if let c2 = app.screeningRows().firstIndex(where: { $0?.criterion.minimum == 2 }) { app.screeningIndex = c2 }
    } else if options.resume {
      loadDraftList()
      app.route = .drafts
      if let id = options.resumeID, let index = app.drafts.firstIndex(where: { $0.id == id }) {
        app.draftIndex = index
        apply(app.update(.enter, now: options.now()))
      }
    } else if let id = options.protocolID, let index = options.protocols.firstIndex(where: { $0.guide.id == id }) {
      app.startIndex = index
      apply(app.update(.enter, now: options.now()))
    }
    lastKey = options.now().secondsSinceEpoch
    render()
    firstFrameDrawn = true
    if let id = pendingRemember { options.rememberProtocol(id) }
    if let complete = options.completeProtocols {
      let focused = app.protocols.indices.contains(app.startIndex) ? app.protocols[app.startIndex].guide.id : nil
      let (protocols, problems) = complete()
      app.protocols = protocols
      if let focused, let index = protocols.firstIndex(where: { $0.guide.id == focused }) { app.startIndex = index }
      app.startIndex = min(app.startIndex, max(0, protocols.count - 1))
      lateProblems = problems
      render()  // the same frame unless a protocol failed to decode
    }
    if options.crashAfterFirstFrame { CrashGuard.crashForTesting() }
    while true {
      let signal = Signals.take()
      if Signals.ends(signal) {
        // Every event is already in the draft, or one last save is tried; restore the terminal
        // (the caller's defer) and report the signal in the exit status, as shells expect.
        return endedBySignal(signal)
      }
      if signal == SIGINT {
        if let result = apply(app.update(.control("c"), now: options.now())) { return result }
        render()
      }
      var changed = false
      var input = terminal.readKey(wait: true)
      if input == .none {
        if terminal.inputClosed {
          // The terminal went away (the SSH connection dropped): end instead of spinning.
          return endedBySignal(SIGHUP)
        }
        changed = idleTick()
      }
      // Take every key already waiting before drawing, so a paste is drawn once.
      while input != .none {
        changed = true
        lastKey = options.now().secondsSinceEpoch
        if case .key(let key) = input {
          if let result = apply(app.update(key, now: options.now())) { return result }
          persist()
        }
        if Signals.isPending { break }
        input = terminal.readKey(wait: false)
      }
      if changed { render() }
    }
  }

  mutating func render() {
    let (width, height) = terminal.size
    let frame = Screens.render(app, width: width, height: height, charset: charset)
    // Keep scroll requests within what there is to scroll, so Up works at once after Down
    // was pressed past the end.
    if app.lock == nil {
      if app.modal == .help { app.helpScroll = frame.scroll } else if app.modal == nil {
        if app.screen == .step { app.stepScroll = frame.scroll }
        if app.screen == .review { app.reviewScroll = frame.scroll }
      }
    }
    if frame != lastFrame {
      terminal.draw(frame)
      lastFrame = frame
    }
  }

  /// Between keys: lock after the idle time, and retry a draft save that failed.
  mutating func idleTick() -> Bool {
    let now = options.now().secondsSinceEpoch
    if let draft, draft.unsaved > 0, now - lastRetry >= 10 {
      lastRetry = now
      if draft.save() == nil {
        app.draftKeepsCase = true
        app.status = "The draft is saved again."
        return true
      }
    }
    if options.idleLockSeconds > 0, app.hasPassphrase, app.lock == nil, app.session != nil,
      now - lastKey >= Int64(options.idleLockSeconds)
    {
      let idle = options.idleLockSeconds
      app.lockScreen(reason: "Locked after " + (idle >= 60 ? "\(idle / 60) minute\(idle >= 120 ? "s" : "")" : "\(idle) seconds") + " without a key.")
      return true
    }
    return false
  }

  /// A signal ends the guide: one last save of what is not in the draft yet. 128 + the signal
  /// when the case is in its draft; `Signals.unsavedStatus` and a message (said once the
  /// terminal is restored) saying how many records were lost when it could not be saved.
  mutating func endedBySignal(_ signal: Int32) -> InteractiveResult {
    persist()
    if let draft, draft.unsaved > 0, draft.save() != nil {
      let n = draft.unsaved
      return InteractiveResult(
        status: Signals.unsavedStatus,
        message: "csec-guide: ended by signal \(signal); the last save failed, so \(n) record\(n == 1 ? " was" : "s were") not saved to the draft \(draft.id) and \(n == 1 ? "is" : "are") lost.")
    }
    if draft == nil, options.training == nil, app.wouldLoseWork, let n = app.session?.unsavedEvents {
      return InteractiveResult(
        status: Signals.unsavedStatus,
        message: "csec-guide: ended by signal \(signal); this case had no draft, so \(n) record\(n == 1 ? " was" : "s were") not saved and \(n == 1 ? "is" : "are") lost.")
    }
    return InteractiveResult(status: 128 + signal)
  }

  /// Hands the session's new events to the draft (each save is immediate).
  mutating func persist() {
    guard let session = app.session else { return }
    guard let draft else {
      persisted = session.events.count
      return
    }
    var failure: FileFailure?
    while persisted < session.events.count {
      failure = draft.append(.event(session.events[persisted]), reference: session.state.reference, now: options.now())
      persisted += 1
    }
    app.draftKeepsCase = draft.unsaved == 0
    if let failure {
      app.status = "The draft could not be saved (\(failure.isNoSpace ? "the disk is full" : failure.description)). Nothing is lost yet: the case stays in memory and saving is retried."
    }
  }

  mutating func audit(_ what: String) {
    persist()
    draft?.append(.audit(at: options.now(), what: what), reference: app.session?.state.reference, now: options.now())
  }

  /// Carries out effects; returns a result when the guide should end.
  @discardableResult
  mutating func apply(_ effects: [Effect]) -> InteractiveResult? {
    for effect in effects {
      switch effect {
      case .quit:
        persist()
        var message: String?
        if let draft, app.session?.state.isFinished == true, app.session?.unsavedEvents == 0 {
          // Finished and its summary saved: the summary is the record, the draft is not needed.
          draft.discard()
          self.draft = nil
          message = "csec-guide: the finished case's draft was deleted; the saved summary is its record."
        } else if let draft, app.session?.state.isFinished == false {
          message = draft.unsaved == 0
            ? "csec-guide: the case is kept in its encrypted draft \(draft.id); 'csec-guide resume' continues it."
            : "csec-guide: the last changes could not be saved to the draft \(draft.id)."
        }
        draft?.close()
        return InteractiveResult(status: 0, printAfterExit: summaryToPrint(), message: message)
      case .rememberProtocol(let id):
        // The benchmark does not change the user's remembered protocol.
        if options.benchmarkScreening != nil { break }
        if firstFrameDrawn { options.rememberProtocol(id) } else { pendingRemember = id }
      case .startDraft(let passphrase):
        startDraft(passphrase)
      case .unlock(let passphrase):
        if lockKey?.matches(passphrase) ?? true {
          app.unlocked()
          lastKey = options.now().secondsSinceEpoch
        } else if app.unlockFailed() >= 3 {
          persist()
          draft?.close()
          return InteractiveResult(
            status: 0,
            message: "csec-guide: three wrong passphrases: the guide closed." + (draft == nil ? "" : " The case is saved in its encrypted draft ('csec-guide resume')."))
        }
      case .resumeDraft(let id, let passphrase):
        resume(id, passphrase)
      case .summaryViewed:
        audit("summary viewed")
      case .caseAbandoned:
        draft?.discard()
        draft = nil
        lockKey = nil
        persisted = 0
      case .export(let format, let destination):
        export(format, destination)
      }
    }
    return nil
  }

  mutating func startDraft(_ passphrase: String) {
    app.status = "Preparing the encrypted draft…"
    render()
    guard let session = app.session else { return }
    do {
      guard let store = options.draftStore else { throw FileFailure(errno: ENOENT, what: "no state directory (HOME is not set)") }
      let created = try store.create(
        protocolID: session.guide.id, opened: session.state.openedAt ?? options.now(), passphrase: passphrase,
        rounds: options.keyDerivationRounds)
      draft = created
      lockKey = try? DraftKey(passphrase: passphrase, derivation: created.header.derivation)
      persisted = 0
      persist()
      app.draftKeepsCase = created.unsaved == 0
      if app.status == "Preparing the encrypted draft…" { app.status = "This case is saved as you go, encrypted with your passphrase." }
    } catch {
      lockKey = try? DraftKey(passphrase: passphrase, derivation: .fresh(rounds: options.keyDerivationRounds))
      persisted = session.events.count
      app.status = "No draft can be kept (\(error)): this case is in memory only. Save the summary before you quit."
    }
  }

  mutating func loadDraftList() {
    app.drafts = (options.draftStore?.list() ?? []).map {
      DraftChoice(
        id: $0.id, protocolID: $0.header?.protocolID, reference: $0.header?.reference, opened: $0.header?.opened,
        updated: $0.header?.updated, problem: $0.problem)
    }
  }

  mutating func resume(_ id: String, _ passphrase: String) {
    guard let store = options.draftStore else { return }
    app.status = "Opening the draft…"
    render()
    let opened: OpenDraft
    do throws(DraftError) {
      opened = try store.open(id, passphrase: passphrase)
    } catch {
      app.status = "Cannot open this draft: \(error)."
      return
    }
    guard let choice = app.protocols.first(where: { $0.guide.id == opened.header.protocolID }) else {
      app.status = "This draft follows the protocol '\(opened.header.protocolID)', which is not available here."
      opened.close()
      return
    }
    var session = CaseSession(guide: choice.guide)
    var refused = 0
    for event in opened.log.events where session.send(event.action, at: event.at) != nil { refused += 1 }
    session.unsavedEvents = session.events.count
    app.session = session
    app.route = .casePhase
    app.modal = nil
    app.hasPassphrase = true
    draft = opened
    app.draftKeepsCase = true
    lockKey = try? DraftKey(passphrase: passphrase, derivation: opened.header.derivation)
    persisted = session.events.count
    app.status = (opened.rollback.map { "\($0) " } ?? "") + (refused == 0
      ? "Resumed where the case stopped."
      : "Resumed; \(refused) entr\(refused == 1 ? "y" : "ies") of the draft could not be replayed.")
  }

  func summaryText(_ format: SummaryFormat) -> String? {
    guard let session = app.session else { return nil }
    return CaseSummary(guide: session.guide, state: session.state).rendered(format)
  }

  func summaryToPrint() -> String? { printFormat.flatMap(summaryText) }

  mutating func export(_ format: SummaryFormat, _ destination: ExportDestination) {
    guard let text = summaryText(format) else { return }
    switch destination {
    case .file:
      guard let directory = options.exportDirectory else {
        app.status = "Saving files is not available on this account (no export directory is configured)."
        return
      }
      let ext = ["text": "txt", "markdown": "md", "json": "json"][format.rawValue] ?? "txt"
      let stamp = String(options.now().iso8601.prefix(16)).filter { $0 != "-" && $0 != ":" }.replacingT()
      for attempt in 1...99 {
        let name = "csec-summary-\(stamp)\(attempt == 1 ? "" : "-\(attempt)").\(ext)"
        do {
          if try SafeFiles.createNew(directory: directory, name: name, bytes: Array(text.utf8)) {
            app.status = "Saved to \(directory == "." ? name : directory + "/" + name) (only you can read it)."
            app.session?.unsavedEvents = 0
            audit("summary exported: \(format.rawValue) file \(name)")
            return
          }
        } catch {
          app.status = "Not saved: \(error). The case is still open; try again."
          return
        }
      }
      app.status = "Not saved: too many summary files with this name in \(directory)."
    case .printAfterExit:
      printFormat = format
      app.status = "The summary will be printed on the terminal when the guide closes."
      app.session?.unsavedEvents = 0
      audit("summary exported: \(format.rawValue) printed on exit")
    case .clipboard:
      terminal.copyToClipboard(text)
      app.status = "Sent to your clipboard (if your terminal allows OSC 52 copying)."
      audit("summary exported: \(format.rawValue) to the clipboard")
    }
  }
}

extension String {
  /// "20261125T1405" becomes "20261125-1405".
  fileprivate func replacingT() -> String { String(map { $0 == "T" ? "-" : $0 }) }
}

func writeError(_ text: String) {
  let bytes = Array((text + "\n").utf8)
  bytes.withUnsafeBytes { _ = write(STDERR_FILENO, $0.baseAddress, $0.count) }
}
