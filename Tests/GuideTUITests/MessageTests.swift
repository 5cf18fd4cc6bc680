import GuideEngine
import GuideSession
import GuideStore
@testable import GuideTUI
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// What the runner sends back after an effect, as unit tests of `update`: resume, export,
/// a failed draft save, the idle lock and signals, with no terminal.
@Suite struct MessageTests {
  /// The events a draft of a san-mateo case holds: opened, suspected victim, first step done.
  static func savedEvents() -> [CaseEvent] {
    var d = Driver(protocolID: "san-mateo")
    d.press(.character("3"), .enter, .escape, .character("y"), .character("d"), .control("d"))
    return d.app.session?.events ?? []
  }

  static let draft = DraftChoice(
    id: "abcd2345", protocolID: "san-mateo", reference: "R-1", opened: nil, updated: nil, problem: nil)

  @Test func resumingADraftAsksItsPassphraseThenReplaysIt() throws {
    var d = Driver(drafts: true)
    d.send(.draftsListed([Self.draft], open: nil))
    #expect(d.app.screen == .drafts)
    d.press(.enter)
    guard case .form(let form)? = d.app.modal, form.purpose == .resume(id: "abcd2345") else {
      Issue.record("no passphrase asked")
      return
    }
    d.type("the passphrase")
    d.press(.enter)
    #expect(d.effects.last == .resumeDraft(id: "abcd2345", passphrase: "the passphrase"))
    #expect(d.app.status == "Opening the draft…")
    let events = Self.savedEvents()
    d.send(.draftOpened(protocolID: "san-mateo", events: events))
    #expect(d.effects.last == .keepOpenedDraft)
    let session = try #require(d.app.session)
    // The whole case is as it was saved.
    #expect(session.state == CaseReducer(guide: session.guide).replay(events).state)
    #expect(d.app.screen == .step)
    #expect(d.app.draft == DraftStatus(enabled: true, hasPassphrase: true, keepsCase: true))
    #expect(d.app.status == "Resumed where the case stopped.")
    #expect(d.app.modal == nil)
  }

  /// The resume list shows when each draft was opened and saved in the case zone, with its
  /// abbreviation (it showed the recorded offset alone, "(UTC-08:00)").
  @Test func theResumeListShowsTimesInTheZoneWithTheirAbbreviation() {
    var d = Driver(drafts: true)
    d.app.zone = CaseZone.system(configured: "America/Los_Angeles")
    let opened = Timestamp(iso8601: "2026-01-15T17:00:00Z")!
    d.send(.draftsListed([DraftChoice(id: "abcd2345", protocolID: "san-mateo", reference: nil, opened: opened, updated: opened, problem: nil)], open: nil))
    #expect(d.screenText.contains("opened 2026-01-15 09:00 PST (UTC-08:00)"), "\(d.screenText)")
  }

  @Test func aDraftOpenedByIDGoesStraightToItsPassphrase() {
    var d = Driver(drafts: true)
    d.send(.draftsListed([Self.draft], open: "abcd2345"))
    guard case .form(let form)? = d.app.modal else {
      Issue.record("no passphrase asked")
      return
    }
    #expect(form.purpose == .resume(id: "abcd2345"))
  }

  @Test func resumeCountsTheEntriesThatCannotBeReplayed() {
    var d = Driver(drafts: true)
    var events = Self.savedEvents()
    events.append(CaseEvent(at: events[0].at, .stepDone(step: "no-such-step", note: nil, reference: nil)))
    d.send(.draftOpened(protocolID: "san-mateo", events: events))
    #expect(d.app.status == "Resumed; 1 entry of the draft could not be replayed.")
  }

  /// An older copy put back: the warning and a question, before anything is added to it.
  /// Continuing resumes it; Esc (or Cancel) leaves the draft as it is and lets it go.
  @Test func anOlderCopyIsContinuedOnlyWhenTheCounselorChoosesTo() throws {
    let warning = "Warning: draft abcd2345 is older than the last one this account saved: 2 saves are missing."
    var d = Driver(drafts: true)
    d.send(.draftsListed([Self.draft], open: nil))
    d.send(.draftOpened(protocolID: "san-mateo", events: Self.savedEvents(), warning: warning))
    guard case .form(let form)? = d.app.modal, form.purpose == .continueOlderCopy else {
      Issue.record("no question: \(String(describing: d.app.modal))")
      return
    }
    #expect(d.app.session == nil && d.effects.last != .keepOpenedDraft)
    let text = d.screenText.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    #expect(text.contains("2 saves are missing") && text.contains("Continue with this copy?") && text.contains("[ Continue with this copy ]"), "\(text)")
    var declined = d
    declined.press(.escape)
    #expect(declined.effects.last == .releaseOpenedDraft)
    #expect(declined.app.session == nil && declined.app.modal == nil)
    #expect(declined.app.status == "The draft was left as it is.")
    d.press(.enter)
    #expect(d.effects.last == .keepOpenedDraft)
    let session = try #require(d.app.session)
    #expect(session.state == CaseReducer(guide: session.guide).replay(Self.savedEvents()).state)
    #expect(d.app.status == "Continuing with the older copy: what you record is added to it. Resumed where the case stopped.")
  }

  @Test func aDraftOfAnUnknownProtocolIsLetGo() {
    var d = Driver(drafts: true)
    d.send(.draftsListed([Self.draft], open: nil))
    let before = d.app
    d.send(.draftOpened(protocolID: "elsewhere", events: Self.savedEvents()))
    #expect(d.effects.last == .releaseOpenedDraft)
    #expect(d.app.session == nil)
    #expect(d.app.status == "This draft follows the protocol 'elsewhere', which is not available here.")
    var expected = before
    expected.status = d.app.status
    expected.clock = d.app.clock  // every message sets the time the report panel counts from
    #expect(d.app == expected, "nothing else changed")
  }

  @Test func aWrongPassphraseOnResumeSaysWhy() {
    var d = Driver(drafts: true)
    d.send(.draftsListed([Self.draft], open: "abcd2345"))
    d.type("wrong")
    d.press(.enter)
    d.send(.draftNotOpened(reason: "the passphrase is not this draft's"))
    #expect(d.app.status == "Cannot open this draft: the passphrase is not this draft's.")
    #expect(d.app.session == nil)
    #expect(d.app.screen == .drafts)
  }

  @Test func exportFailureKeepsTheCaseUnsaved() {
    var d = Driver(protocolID: "san-mateo")
    d.press(.character("3"), .enter, .escape, .character("y"), .character("f"), .character("s"), .control("d"))
    let failure = FileFailure(errno: ENOSPC, what: "cannot write csec-summary-20251125-0905.txt")
    d.send(.exportFailed(.failed(failure)))
    #expect(d.app.status == "Not saved: \(failure). The case is still open; try again.")
    #expect(d.app.wouldLoseWork)
    #expect(!d.effects.contains { if case .audit(let what) = $0 { return what.hasPrefix("summary exported") }; return false })
    d.send(.exportFailed(.notAvailable))
    #expect(d.app.status == "Saving files is not available on this account (no export directory is configured).")
  }

  @Test func theClipboardIsNotASavedCopy() {
    var d = Driver(protocolID: "san-mateo")
    d.press(.character("3"), .enter, .escape, .character("y"), .character("f"))
    d.send(.exportDone(.markdown, .clipboard, directory: nil))
    #expect(d.app.wouldLoseWork, "a terminal may refuse OSC 52: the case is not taken as saved")
    #expect(d.effects.last == .audit("summary exported: markdown to the clipboard"))
    d.send(.exportDone(.json, .printedOnExit, directory: nil))
    #expect(!d.app.wouldLoseWork)
    #expect(d.app.status == "The summary will be printed on the terminal when the guide closes.")
  }

  @Test func aNewCaseDraftIsCreatedOrSaysWhyNot() {
    var d = Driver(drafts: true)
    d.press(.enter)
    d.type("long enough one")
    d.press(.tab)
    d.type("long enough one")
    d.press(.control("d"))
    #expect(d.app.status == "Preparing the encrypted draft…")
    var created = d
    created.send(.draftCreated)
    #expect(created.app.status == "This case is saved as you go, encrypted with your passphrase.")
    #expect(created.app.draft.keepsCase)
    d.send(.draftNotCreated(reason: "no state directory (HOME is not set)"))
    #expect(d.app.status == "No draft can be kept (no state directory (HOME is not set)): this case is in memory only. Save the summary before you quit.")
    #expect(!d.app.draft.keepsCase)
  }

  @Test func aFailedSaveIsToldAndItsRecoveryToo() {
    var d = Driver(protocolID: "san-mateo", drafts: true)
    d.type("long enough one")
    d.press(.tab)
    d.type("long enough one")
    d.press(.control("d"))
    d.send(.draftCreated)
    d.press(.character("3"), .enter, .escape, .character("y"), .character("y"))
    d.send(.saveFailed(reason: "the disk is full"))
    #expect(d.app.status == "The draft could not be saved (the disk is full). Nothing is lost yet: the case stays in memory and saving is retried.")
    #expect(!d.app.draft.keepsCase)
    d.press(.character("q"))
    #expect(d.screenText.contains("recorded since the summary was last saved will be"), "the quit question must not claim the draft keeps the case")
    d.press(.character("n"))
    d.send(.saveRecovered)
    #expect(d.app.status == "The draft is saved again.")
    #expect(d.app.draft.keepsCase)
  }

  @Test func theIdleTimeoutLocksOnlyACaseWithAPassphrase() {
    var d = Driver(protocolID: "san-mateo")
    d.send(.idle(seconds: 300))
    #expect(d.app.lock == nil, "no passphrase, nothing to unlock with")
    d = Driver(protocolID: "san-mateo", drafts: true)
    d.type("long enough one")
    d.press(.tab)
    d.type("long enough one")
    d.press(.control("d"), .character("3"), .enter, .escape, .character("y"), .character("a"))
    d.type("half a note")
    d.send(.idle(seconds: 300))
    #expect(d.app.lock?.reason == "Locked after 5 minutes without a key.")
    #expect(d.app.modal == nil)
    #expect(!d.screenText.contains("half a note"))
    d.type("long enough one")
    d.press(.enter)
    d.send(.unlockChecked(right: true))
    guard case .form(let form)? = d.app.modal else {
      Issue.record("the note being typed was lost")
      return
    }
    #expect(form.fields[0].value == "half a note")
  }

  @Test func threeWrongPassphrasesCloseTheGuide() {
    var d = Driver(protocolID: "san-mateo")
    d.app.draft.hasPassphrase = true
    d.press(AppState.panicKey)
    for attempt in 1...3 {
      d.type("wrong \(attempt)")
      d.press(.enter)
      d.send(.unlockChecked(right: false))
    }
    #expect(d.effects.last == .closeAfterWrongPassphrases)
  }

  @Test func signalsEndOrAsk() {
    var d = Driver(protocolID: "san-mateo")
    d.press(.character("3"), .enter, .escape, .character("y"), .character("y"))
    d.send(.signal(SIGINT))
    #expect(d.app.modal == .confirmQuit, "Ctrl-C asks as the key does")
    d.send(.signal(SIGTERM))
    #expect(d.effects.last == .endBySignal(SIGTERM))
    d.send(.signal(SIGHUP))
    #expect(d.effects.last == .endBySignal(SIGHUP))
  }

  @Test func drawingClampsTheScrollOfThePageShown() {
    var d = Driver(protocolID: "san-mateo")
    d.press(.character("3"), .enter, .escape, .character("y"), .character("y"))
    for _ in 0..<50 { d.press(.down) }
    #expect(d.app.stepPage.scroll == 50)
    d.send(.drawn(scroll: 7))
    #expect(d.app.stepPage.scroll == 7)
    d.press(.up)
    #expect(d.app.stepPage.scroll == 6, "Up works at once after Down past the end")
  }
}
