import GuideEngine
import GuideSession
import GuideStore

#if canImport(Glibc)
  import Glibc
#endif

extension AppState {
  /// What the runner did with an effect, or what happened outside the keyboard.
  mutating func handleResult(_ message: Message, now: Timestamp) -> [Effect] {
    switch message {
    case .key:
      return []
    case .resize(let width, let height):
      // The next frame is drawn to the new size, and `.drawn` then keeps the scroll within the
      // page; only whether the screens fit at all changes what keys do.
      windowTooSmall = width < Screens.minimumWidth || height < Screens.minimumHeight
      return []
    case .drawn(let scroll):
      // Keep scroll requests within what there is to scroll, so Up works at once after Down
      // was pressed past the end.
      guard lock == nil else { return [] }
      if modal == .help {
        helpPage.scroll = scroll
      } else if modal == nil {
        if screen == .step { stepPage.scroll = scroll }
        if screen == .review { reviewPage.scroll = scroll }
      }
      return []
    case .protocolsCompleted(let complete):
      let focused = protocols.indices.contains(startScreen.index) ? protocols[startScreen.index].guide.id : nil
      protocols = complete
      if let focused, let index = complete.firstIndex(where: { $0.guide.id == focused }) { startScreen.index = index }
      startScreen.index = min(startScreen.index, max(0, complete.count - 1))
      return []
    case .draftCreated:
      draft.keepsCase = true
      if status == Self.preparingDraft { status = "This case is saved as you go, encrypted with your passphrase." }
      return []
    case .draftNotCreated(let reason):
      draft.keepsCase = false
      status = "No draft can be kept (\(reason)): this case is in memory only. Save the summary before you quit."
      return []
    case .draftsListed(let list, let id):
      drafts = list
      route = .drafts
      if let id, let index = list.firstIndex(where: { $0.id == id }) {
        draftScreen.index = index
        return update(.enter, now: now)
      }
      return []
    case .draftOpened(let protocolID, let events, let warning):
      guard protocols.contains(where: { $0.guide.id == protocolID }) else {
        status = "This draft follows the protocol '\(protocolID)', which is not available here."
        return [.releaseOpenedDraft]
      }
      let opened = OpenedDraft(protocolID: protocolID, events: events)
      // An older copy put back: the counselor decides before anything is added to it, so the
      // newer copy can still be looked for (nothing is written until a record is made).
      if let warning {
        olderCopy = opened
        modal = .form(Form(
          title: "This draft is an older copy", intro: [warning, RollbackWarning.question], fields: [],
          purpose: .continueOlderCopy))
        return []
      }
      return resume(opened, now: now)
    case .draftNotOpened(let reason):
      status = "Cannot open this draft: \(reason)."
      return []
    case .exportDone(let format, let record, let directory):
      switch record {
      case .file(let name): status = SummaryExport.FileOutcome.saved(name: name, directory: directory ?? ".").message
      case .printed, .printedOnExit: status = "The summary will be printed on the terminal when the guide closes."
      case .clipboard: status = "Sent to your clipboard (if your terminal allows OSC 52 copying)."
      }
      if record.keepsTheCase { session?.markSaved() }
      return [.audit(record.auditEntry(format))]
    case .exportFailed(let outcome):
      status = outcome.message
      return []
    case .unlockChecked(let right):
      if right {
        unlocked()
        return []
      }
      return unlockFailed() >= 3 ? [.closeAfterWrongPassphrases] : []
    case .idle(let seconds):
      guard draft.hasPassphrase, session != nil else { return [] }
      lockScreen(reason: "Locked after " + (seconds >= 60 ? "\(seconds / 60) minute\(seconds >= 120 ? "s" : "")" : "\(seconds) seconds") + " without a key.")
      return []
    case .signal(let signal):
      // Ctrl-C asks as the key does; a hang-up or TERM ends the guide (every event is in the draft).
      if signal == SIGINT { return update(.control("c"), now: now) }
      return Signals.ends(signal) ? [.endBySignal(signal)] : []
    case .saveFailed(let reason):
      draft.keepsCase = false
      status = "The draft could not be saved (\(reason)). Nothing is lost yet: the case stays in memory and saving is retried."
      return []
    case .saveRecovered:
      draft.keepsCase = true
      status = "The draft is saved again."
      return []
    case .profileSaved:
      if !profileNoticeShown {
        profileNoticeShown = true
        status = (status.map { $0 + " " } ?? "") + ReporterProfileStore.savedNotice
      }
      return []
    case .profileNotSaved(let reason):
      status = ReporterProfileStore.notSaved(reason)
      return []
    }
  }

  /// The status while the draft's key is derived (a moment).
  static let preparingDraft = "Preparing the encrypted draft…"

  /// Carries on the case of a draft just opened (the runner keeps the draft).
  mutating func resume(_ opened: OpenedDraft, now: Timestamp) -> [Effect] {
    guard let choice = protocols.first(where: { $0.guide.id == opened.protocolID }) else { return [.releaseOpenedDraft] }
    let (resumed, refused) = CaseSession.resumed(choice.guide, events: opened.events, zone: zone)
    session = resumed
    route = .casePhase
    modal = nil
    draft.hasPassphrase = true
    draft.keepsCase = true
    status = refused == 0
      ? "Resumed where the case stopped."
      : "Resumed; \(refused) entr\(refused == 1 ? "y" : "ies") of the draft could not be replayed."
    // A case waiting for its written report opens on it.
    if PendingReport.isPending(resumed) {
      openPendingReport(now: now)
      status = ([status ?? ""] + PendingReport.lines(resumed, now: now)).joined(separator: " ")
    }
    return [.keepOpenedDraft]
  }
}
