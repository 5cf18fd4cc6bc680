import GuideEngine
import GuideStore

/// Keeps a real case's encrypted draft in step with the case: every event handed over at once,
/// the audit entries, a failed save retried, and what becomes of the draft when the session
/// ends. Both front ends keep their draft through here; the full screen's runner holds it (it
/// does I/O), plain mode holds it beside its case.
public struct DraftKeeper {
  public private(set) var draft: OpenDraft?
  /// Events of the case already handed to the draft.
  private var persisted = 0
  /// A save failed; the next one that succeeds is told as a recovery.
  public private(set) var failing = false

  /// No draft: a training case, a script's case, or no state directory.
  public init() {}

  /// A draft just opened to continue `session` (its events are already in it).
  public init(resumed draft: OpenDraft, session: CaseSession) {
    self.draft = draft
    persisted = session.events.count
  }

  /// Starts the draft of `session` with this passphrase and hands it the events so far.
  public static func create(
    in store: DraftStore?, for session: CaseSession, passphrase: String, derivation: KeyDerivation.Function, now: Timestamp
  ) throws -> (keeper: DraftKeeper, change: Change?) {
    guard let store else { throw FileFailure(errno: 2, what: "no state directory (HOME is not set)") }
    let created = try store.create(
      protocolID: session.guide.id, opened: session.state.openedAt ?? now, passphrase: passphrase, derivation: derivation)
    var keeper = DraftKeeper()
    keeper.draft = created
    let change = keeper.persist(session, now: now)
    return (keeper, change)
  }

  /// Drafts not saved for `days` days are deleted, but never one whose written report is still
  /// pending: it is the only record that a report is owed. The lines say what was done.
  public static func expireOldDrafts(in store: DraftStore, days: Int, now: Timestamp) -> [String] {
    let result = store.expire(days: days, now: now) {
      $0.lifecycle == CaseState.Lifecycle.writtenReportPending.rawValue
    }
    var lines: [String] = []
    if !result.removed.isEmpty {
      lines.append("csec-guide: \(result.removed.count) draft\(result.removed.count == 1 ? "" : "s") older than \(days) days deleted.")
    }
    for id in result.kept {
      lines.append("csec-guide: draft \(TerminalText.safeLine(id)) is older than \(days) days but is kept: its written report is pending (csec-guide resume \(TerminalText.safeLine(id)), then mark it sent or close the case).")
    }
    return lines
  }

  /// What becomes of the case's draft if the session ends now, in the words of the quit
  /// question: the same rule as `close`.
  public static func afterQuitting(_ session: CaseSession) -> String {
    if session.state.isFinished, PendingReport.isPending(session) {
      return "The case stays in its encrypted draft until its written report is marked sent or the case is closed: 'csec-guide resume' continues it."
    }
    if session.state.isFinished {
      return session.unsavedEvents == 0
        ? "The finished case's draft is deleted: the saved summary is its record."
        : "The finished case stays in its encrypted draft until its summary is saved."
    }
    return "The case is kept in its encrypted draft: 'csec-guide resume' continues it."
  }

  /// Exit status of a session ended by a signal with records lost (EX_IOERR of sysexits.h).
  public static let signalUnsavedStatus: Int32 = 74

  /// How a session ended by `signal` exits, once the last save was tried: 128 + the signal when
  /// nothing is lost; 74 and a message saying how many records are lost when the last save
  /// failed, or when a real case had no draft at all (a training case saves nothing by design).
  public func endedBySignal(_ signal: Int32, session: CaseSession?, training: Bool) -> (status: Int32, message: String?) {
    if let draft, draft.unsaved > 0 {
      let n = draft.unsaved
      return (Self.signalUnsavedStatus,
        "csec-guide: ended by signal \(signal); the last save failed, so \(n) record\(n == 1 ? " was" : "s were") not saved to the draft \(draft.id) and \(n == 1 ? "is" : "are") lost.")
    }
    if draft == nil, !training, let session, session.wouldLoseWork {
      let n = session.unsavedEvents
      return (Self.signalUnsavedStatus,
        "csec-guide: ended by signal \(signal); this case had no draft, so \(n) record\(n == 1 ? " was" : "s were") not saved and \(n == 1 ? "is" : "are") lost.")
    }
    return (128 + signal, nil)
  }

  /// What a save changed, for the user to be told.
  public enum Change: Equatable, Sendable {
    /// The save failed; `firstTime` is false while it keeps failing.
    case failed(FileFailure, firstTime: Bool)
    /// A save succeeded after failures: the draft holds everything again.
    case recovered
  }

  /// True while every event is safely in the draft.
  public var keepsEverything: Bool { draft.map { $0.unsaved == 0 } ?? false }

  /// Hands the case's new events to the draft (each append saves at once).
  @discardableResult
  public mutating func persist(_ session: CaseSession, now: Timestamp) -> Change? {
    guard let draft else { return nil }
    var failure: FileFailure?
    // The clear header says where the case stands (for `drafts list`), never its content.
    let status = DraftStatusHeader.of(session)
    draft.describe(lifecycle: status.lifecycle, writtenReportDue: status.writtenReportDue)
    while persisted < session.events.count {
      failure = draft.append(.event(session.events[persisted]), reference: session.state.reference, now: now)
      persisted += 1
    }
    return note(failure, tried: failure != nil || failing)
  }

  /// An audit entry (the summary viewed or exported), after the events before it.
  @discardableResult
  public mutating func audit(_ what: String, session: CaseSession?, now: Timestamp) -> Change? {
    var change = session.flatMap { persist($0, now: now) }
    guard let draft else { return change }
    let failure = draft.append(.audit(at: now, what: what), reference: session?.state.reference, now: now)
    change = note(failure, tried: true) ?? change
    return change
  }

  /// Saves again when something is not on disk yet (between keys, or at the end).
  @discardableResult
  public mutating func retry() -> Change? {
    guard let draft, draft.unsaved > 0 else { return nil }
    return note(draft.save(), tried: true)
  }

  private mutating func note(_ failure: FileFailure?, tried: Bool) -> Change? {
    if let failure {
      defer { failing = true }
      return .failed(failure, firstTime: !failing)
    }
    guard tried, failing, draft?.unsaved == 0 else { return nil }
    failing = false
    return .recovered
  }

  /// The case was dropped before anything was recorded: its draft goes too.
  public mutating func abandon() {
    draft?.discard()
    draft = nil
    persisted = 0
    failing = false
  }

  /// Lets go of a draft without deciding anything (it stays on disk as it is).
  public mutating func release() {
    draft?.close()
    draft = nil
  }

  /// At the end of the session: a finished case whose summary was saved needs no draft (the
  /// summary is its record), unless its written report is still pending: that case stays in
  /// its draft until the written report is marked sent or the case is closed with a reason.
  /// Any other case stays in its draft. The line for standard error; `resume` is the command
  /// that continues a case in this front end.
  public mutating func close(_ session: CaseSession?, now: Timestamp, resume: String) -> String? {
    guard let draft else { return nil }
    if let session { persist(session, now: now) }
    retry()
    self.draft = nil
    if let session, session.state.isFinished, session.unsavedEvents == 0, !PendingReport.isPending(session) {
      draft.discard()
      return "csec-guide: the finished case's draft was deleted; the saved summary is its record."
    }
    draft.close()
    if draft.unsaved == 0, let session, PendingReport.isPending(session) {
      return "csec-guide: the written report is pending: the case is kept in its encrypted draft \(draft.id) until it is marked sent or the case is closed; '\(resume)' continues it."
    }
    if draft.unsaved > 0 { return "csec-guide: the last changes could not be saved to the draft \(draft.id)." }
    return "csec-guide: the case is kept in its encrypted draft \(draft.id); '\(resume)' continues it."
  }

  /// Why a save failed, in a few words.
  public static func reason(_ failure: FileFailure) -> String {
    failure.isNoSpace ? "the disk is full" : failure.description
  }
}
