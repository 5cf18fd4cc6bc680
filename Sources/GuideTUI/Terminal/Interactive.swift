import GuideEngine
import GuideSession
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
  /// Where the reporter profile is kept; nil: no profile.
  public var reporterProfileStore: ReporterProfileStore?
  public var keyDerivation = KeyDerivation.standard
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
  /// The zone times are read and shown in (the administrator's, else the system's).
  public var zone: CaseZone = .recorded
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
  /// ended it and records were lost (the last save failed, or the case had no draft).
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

/// The main loop: reads keys and signals, draws frames, and carries out the effects that
/// `update` returns (terminal, files, crypto), sending each result back to it as a message. It
/// never changes what the app shows by itself.
private struct Runner {
  let options: InteractiveOptions
  let terminal: CursesTerminal
  let charset: TerminalCharset
  var app: AppState
  /// The case's encrypted draft, kept in step with the case.
  var keeper = DraftKeeper()
  /// A draft opened for `resume`, until `update` says whether it carries on the case.
  var openedDraft: (draft: OpenDraft, passphrase: String)?
  /// The key that unlocks the screen (the draft's, or derived in memory when no draft can be kept).
  var lockKey: DraftKey?
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
    if let scenarios = options.training {
      app = AppState(protocols: options.protocols, training: scenarios, focus: options.trainingScenarioID)
    } else {
      app = AppState(protocols: options.protocols, lastProtocolID: options.benchmarkScreening ?? options.protocolID ?? options.lastProtocolID)
      app.draft.enabled = options.benchmarkScreening == nil
      if case .success(let profile)? = options.reporterProfileStore?.load() { app.reporterProfile = profile }
    }
    app.zone = options.zone
    app.exportFolder = String(SummaryExport.fullPath(directory: options.exportDirectory ?? ".", name: "").dropLast())
  }

  /// The first screen: what the command line asked for, reached by the keys a user would press.
  mutating func start() -> InteractiveResult? {
    if options.training != nil {
      if options.trainingScenarioID != nil { return send(.key(.enter)) }
    } else if let id = options.benchmarkScreening, options.protocols.contains(where: { $0.guide.id == id }) {
      // The benchmark's first frame: the screening checklist, on the criterion that needs two.
      if let result = send(.key(.enter)) { return result }
      if let result = send(.key(.character(Character(String(app.situationOptions().count))))) { return result }
      if let result = send(.key(.enter)) { return result }
      let target = app.screeningRows().firstIndex(where: { $0?.criterion.minimum == 2 }) ?? 0
      for _ in 0..<target { if let result = send(.key(.down)) { return result } }
    } else if options.resume {
      let now = options.now()
      let listed = (options.draftStore?.list() ?? []).map {
        DraftChoice(
          id: $0.id, protocolID: $0.header?.protocolID, reference: $0.header?.reference, opened: $0.header?.opened,
          updated: $0.header?.updated, problem: $0.problem, line: DraftLine($0, now: now, zone: options.zone))
      }
      return send(.draftsListed(listed, open: options.resumeID))
    } else if let id = options.protocolID, options.protocols.contains(where: { $0.guide.id == id }) {
      return send(.key(.enter))
    }
    return nil
  }

  mutating func run() -> InteractiveResult {
    // The command line's first screen is reached before the size is known: in a window too
    // small, keys are refused, and `--protocol` then showed the protocol list once enlarged.
    if let result = start() { return result }
    let (width, height) = terminal.size
    if let result = send(.resize(width: width, height: height)) { return result }
    lastKey = options.now().secondsSinceEpoch
    render()
    firstFrameDrawn = true
    if let id = pendingRemember { options.rememberProtocol(id) }
    if let complete = options.completeProtocols {
      let (protocols, problems) = complete()
      lateProblems = problems
      if let result = send(.protocolsCompleted(protocols)) { return result }
      render()  // the same frame unless a protocol failed to decode
    }
    if options.crashAfterFirstFrame { CrashGuard.crashForTesting() }
    while true {
      let signal = Signals.take()
      if signal != 0 {
        if let result = send(.signal(signal)) { return result }
        render()
      }
      var changed = false
      let now = options.now().secondsSinceEpoch
      var input = terminal.readKey(
        waitMilliseconds: IdleWait.milliseconds(
          now: now, lastKey: lastKey, lastRetry: lastRetry, unsaved: keeper.draft?.unsaved ?? 0 > 0,
          idleLockSeconds: app.lock == nil ? options.idleLockSeconds : 0))
      if input == .none {
        if terminal.inputClosed {
          // The terminal went away (the SSH connection dropped): end instead of spinning.
          if let result = send(.signal(SIGHUP)) { return result }
        }
        let before = app
        if let result = idleTick() { return result }
        changed = app != before
      }
      // Take every key already waiting before drawing, so a paste is drawn once.
      while input != .none {
        changed = true
        lastKey = options.now().secondsSinceEpoch
        switch input {
        case .key(let key):
          if let result = send(.key(key)) { return result }
        case .resized:
          let (width, height) = terminal.size
          if let result = send(.resize(width: width, height: height)) { return result }
        case .none:
          break
        }
        // Idle time counts from when a key's work ended: deriving a key to unlock (scrypt,
        // slower on a loaded host) is not time without a key, or the screen could lock again
        // as soon as it opened.
        lastKey = options.now().secondsSinceEpoch
        if Signals.isPending { break }
        input = terminal.readKey(waitMilliseconds: 0)
      }
      if changed { render() }
    }
  }

  /// Steps the app by one message, carries out its effects, and keeps the draft in step.
  /// Returns a result when the guide should end.
  mutating func send(_ message: Message) -> InteractiveResult? {
    let effects = app.update(message, now: options.now())
    // Deriving a key takes a moment: show the status ("Opening the draft…") first.
    if effects.contains(where: \.isSlow) { render() }
    for effect in effects {
      if let result = perform(effect) { return result }
    }
    persist()
    return nil
  }

  mutating func render() {
    let (width, height) = terminal.size
    let frame = Screens.render(app, width: width, height: height, charset: charset)
    _ = app.update(.drawn(scroll: frame.scroll), now: options.now())
    if frame != lastFrame {
      terminal.draw(frame)
      lastFrame = frame
    }
  }

  /// Between keys: retry a draft save that failed, and lock after the idle time.
  mutating func idleTick() -> InteractiveResult? {
    let now = options.now().secondsSinceEpoch
    if keeper.draft?.unsaved ?? 0 > 0, now - lastRetry >= 10 {
      lastRetry = now
      if keeper.retry() == .recovered, let result = send(.saveRecovered) { return result }
    }
    if options.idleLockSeconds > 0, app.lock == nil, now - lastKey >= Int64(options.idleLockSeconds) {
      // Counted again from now: with no case to lock, the next check is a whole idle time away
      // (the main loop does not wake for it before then).
      lastKey = now
      return send(.idle(seconds: options.idleLockSeconds))
    }
    return nil
  }

  /// Hands the case's new events to the draft; a failed save is told to the app.
  mutating func persist() {
    guard let session = app.session else { return }
    report(keeper.persist(session, now: options.now()))
  }

  mutating func report(_ change: DraftKeeper.Change?) {
    switch change {
    case .failed(let failure, _)?: _ = app.update(.saveFailed(reason: DraftKeeper.reason(failure)), now: options.now())
    case .recovered?: _ = app.update(.saveRecovered, now: options.now())
    case nil: break
    }
  }

  /// Carries out one effect; returns a result when the guide should end.
  mutating func perform(_ effect: Effect) -> InteractiveResult? {
    switch effect {
    case .quit:
      persist()
      let message = keeper.close(app.session, now: options.now(), resume: "csec-guide resume")
      return InteractiveResult(status: 0, printAfterExit: summaryToPrint(), message: message)
    case .closeAfterWrongPassphrases:
      persist()
      let hadDraft = keeper.draft != nil
      keeper.release()
      return InteractiveResult(
        status: 0,
        message: "csec-guide: three wrong passphrases: the guide closed." + (hadDraft ? " The case is saved in its encrypted draft ('csec-guide resume')." : ""))
    case .endBySignal(let signal):
      return endedBySignal(signal)
    case .rememberProtocol(let id):
      // The benchmark does not change the user's remembered protocol.
      if options.benchmarkScreening != nil { break }
      if firstFrameDrawn { options.rememberProtocol(id) } else { pendingRemember = id }
    case .startDraft(let passphrase):
      return startDraft(passphrase)
    case .unlock(let passphrase):
      return send(.unlockChecked(right: lockKey?.matches(passphrase) ?? true))
    case .resumeDraft(let id, let passphrase):
      guard let store = options.draftStore else { return nil }
      do throws(DraftError) {
        let opened = try store.open(id, passphrase: passphrase)
        openedDraft = (opened, passphrase)
        return send(.draftOpened(
          protocolID: opened.header.protocolID, events: opened.log.events, warning: opened.rollback?.description))
      } catch {
        return send(.draftNotOpened(reason: "\(error)"))
      }
    case .keepOpenedDraft:
      guard let (opened, passphrase) = openedDraft, let session = app.session else { return nil }
      openedDraft = nil
      keeper = DraftKeeper(resumed: opened, session: session)
      lockKey = try? DraftKey(passphrase: passphrase, derivation: opened.header.derivation)
    case .releaseOpenedDraft:
      openedDraft?.draft.close()
      openedDraft = nil
    case .audit(let what):
      report(keeper.audit(what, session: app.session, now: options.now()))
    case .caseAbandoned:
      keeper.abandon()
      lockKey = nil
    case .saveReporterProfile(let profile):
      guard let store = options.reporterProfileStore else { return nil }
      if let why = store.save(profile) { return send(.profileNotSaved(reason: why)) }
      return send(.profileSaved)
    case .export(let format, let destination, let name):
      return export(format, destination, name: name)
    }
    return nil
  }

  /// A signal ends the guide: one last save of what is not in the draft yet, then the status
  /// and message the one case core gives (`DraftKeeper.endedBySignal`), said once the terminal
  /// is restored.
  mutating func endedBySignal(_ signal: Int32) -> InteractiveResult {
    persist()
    if let draft = keeper.draft, draft.unsaved > 0 { _ = draft.save() }
    let ending = keeper.endedBySignal(signal, session: app.session, training: options.training != nil)
    return InteractiveResult(status: ending.status, message: ending.message)
  }

  mutating func startDraft(_ passphrase: String) -> InteractiveResult? {
    guard let session = app.session else { return nil }
    do {
      let (created, change) = try DraftKeeper.create(
        in: options.draftStore, for: session, passphrase: passphrase, derivation: options.keyDerivation, now: options.now())
      keeper = created
      lockKey = created.draft.flatMap { try? DraftKey(passphrase: passphrase, derivation: $0.header.derivation) }
      if let result = send(.draftCreated) { return result }
      report(change)
    } catch {
      lockKey = try? DraftKey(passphrase: passphrase, derivation: .fresh(options.keyDerivation))
      return send(.draftNotCreated(reason: "\(error)"))
    }
    return nil
  }

  func summaryText(_ format: SummaryFormat) -> String? { app.session?.summary.rendered(format) }

  func summaryToPrint() -> String? { printFormat.flatMap(summaryText) }

  mutating func export(_ format: SummaryFormat, _ destination: ExportDestination, name: String? = nil) -> InteractiveResult? {
    guard let text = summaryText(format) else { return nil }
    switch destination {
    case .file:
      let outcome = SummaryExport.saveFile(text, format: format, directory: options.exportDirectory, now: options.now(), name: name)
      guard let record = outcome.record else { return send(.exportFailed(outcome)) }
      return send(.exportDone(format, record, directory: options.exportDirectory))
    case .printAfterExit:
      printFormat = format
      return send(.exportDone(format, .printedOnExit, directory: nil))
    case .clipboard:
      terminal.copyToClipboard(text)
      return send(.exportDone(format, .clipboard, directory: nil))
    }
  }
}

func writeError(_ text: String) {
  let bytes = Array((text + "\n").utf8)
  bytes.withUnsafeBytes { _ = write(STDERR_FILENO, $0.baseAddress, $0.count) }
}

/// How long the main loop may wait for a key, in milliseconds: until the next thing due between
/// keys (a save retry every 10 s while a save has failed, the idle lock), and at most a minute.
/// So a guide left open wakes at most once a minute: on a host serving many sessions the idle
/// ones cost no CPU (docs/performance.md). A signal ends the wait at once (`readKey`); the minute
/// only bounds it in the rare case one arrives just before the read starts.
enum IdleWait {
  static func milliseconds(now: Int64, lastKey: Int64, lastRetry: Int64, unsaved: Bool, idleLockSeconds: Int) -> Int32 {
    var due = now + 60
    if unsaved { due = min(due, lastRetry + 10) }
    if idleLockSeconds > 0 { due = min(due, lastKey + Int64(idleLockSeconds)) }
    // Times are whole seconds: waking up to a second late is fine.
    return Int32(max(0, due - now) * 1000)
  }
}
