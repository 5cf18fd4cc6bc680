import GuideEngine
import GuideSession
@testable import GuideStore
@testable import GuideTUI
import Testing

/// Issue 12 in the full screen: the case lives until the written report is done, the draft
/// list's state and due time, the reporter profile, and the district's contacts at the steps.
@Suite struct PendingReportTUITests {
  /// San Mateo, suspected victim, a report being made, finished: the written report is pending.
  static func finishedPending() -> Driver {
    var d = Driver(protocolID: "san-mateo")
    d.press(.character("3"), .enter, .control("d"), .character("m"), .character("y"), .escape)
    d.press(.character("f"), .character("f"), .character("y"))
    return d
  }

  @Test func finishingWithTheWrittenReportOutstandingLeavesItPending() {
    let d = Self.finishedPending()
    // The whole status is drawn at 80x24: it was cut after two lines with "…".
    let text = d.screenText.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    #expect(text.contains(d.app.status ?? "?") && !text.contains("…"), "\(d.screenText)")
    #expect(d.app.session?.state.lifecycle == .writtenReportPending)
    #expect(d.app.screen == .review)
    #expect(d.app.status?.contains("Its written report is pending") == true, "\(d.app.status ?? "")")
    #expect(KeyBindings.footer(d.app).contains("m written report"))
  }

  /// A finished case's report screen offers only what the engine still accepts: with the
  /// written report pending, w, c and t; once closed, nothing but going back. y and n used to be
  /// offered, and n opened a form that then said the case cannot change.
  @Test func aFinishedCasesReportScreenOffersOnlyWhatCanStillChange() {
    var d = Self.finishedPending()
    d.press(.character("m"))
    #expect(KeyBindings.footer(d.app) == ["^G hide", "w sent at", "c close case", "Esc back", "? help", "q quit"])
    var pending = d
    pending.press(.character("n"), .character("y"), .character("u"))
    #expect(pending.app.modal == nil && pending.app.session == d.app.session, "n, y or u acted on a finished case")
    d.press(.up, .enter)
    #expect(d.app.modal == nil && d.app.status == "The case is finished: its report's fields and decision cannot change.")
    d.press(.character("c"))
    d.type("Moved out of the county; the receiving district was told")
    d.press(.control("d"))
    #expect(d.app.session?.state.lifecycle == .closed)
    d.press(.character("m"))
    #expect(d.app.screen == .report)
    #expect(KeyBindings.footer(d.app) == ["^G hide", "Esc back", "? help", "q quit"])
    let before = d.app.session
    d.press(.character("w"), .character("c"), .character("t"), .character("n"))
    #expect(d.app.modal == nil && d.app.session == before)
  }

  /// The quit question says what becomes of a pending case's draft: it stays until the written
  /// report is marked sent or the case is closed (it said "until its summary is saved").
  @Test func theQuitQuestionOfAPendingCaseSaysWhatKeepsItsDraft() {
    var d = Self.finishedPending()
    d.app.draft.keepsCase = true
    d.press(.character("q"))
    let text = d.screenText.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    #expect(text.contains("Quit now? The case stays in its encrypted draft until its written report is marked sent or the case is closed"), "\(text)")
  }

  @Test func theWrittenReportIsMarkedSentAtTheTimeTheCounselorGives() throws {
    var d = Self.finishedPending()
    d.press(.character("m"))
    #expect(d.app.screen == .report)
    #expect(d.app.reportRows()[d.app.reportScreen.index] == .writtenReport)
    d.press(.character("w"))
    guard case .form(let form)? = d.app.modal, form.purpose == .writtenReportSent else {
      Issue.record("no written report form")
      return
    }
    #expect(form.fields.map(\.label) == [PendingReport.sentAtLabel, "Reference (optional)"])
    // An impossible date is refused by the typed-time reader; the form stays open.
    d.type("2025-02-30 08:30")
    d.press(.control("d"))
    guard case .form(let refused)? = d.app.modal else {
      Issue.record("the form closed on an impossible date")
      return
    }
    #expect(refused.error?.contains("2025-02-30 is not a date") == true, "\(refused.error ?? "")")
    // In the future: refused by the engine.
    d.press(.escape, .character("y"))
    d.press(.character("w"))
    d.type("2030-01-01 08:00")
    d.press(.control("d"))
    guard case .form(let future)? = d.app.modal else {
      Issue.record("the form closed on a future time")
      return
    }
    #expect(future.error != nil)
    d.press(.escape, .character("y"))
    d.press(.character("w"))
    d.type("2025-11-25 08:30")
    d.press(.tab)
    d.type("W-12")
    d.press(.control("d"))
    #expect(d.app.modal == nil)
    let sent = try #require(d.app.session?.state.writtenReportSent)
    // Read in the case's zone, as every typed time is: here the tests' fixed UTC-08:00.
    let expected = try #require(Timestamp(iso8601: "2025-11-25T08:30:00-08:00"))
    #expect(sent.at.secondsSinceEpoch == expected.secondsSinceEpoch)
    #expect(sent.value == "W-12")
    #expect(d.app.session?.state.lifecycle == .closed)
    #expect(d.app.status?.hasPrefix("Written report marked sent at 2025-11-25 08:30") == true, "\(d.app.status ?? "")")
  }

  @Test func aPendingCaseIsClosedWithAReason() {
    var d = Self.finishedPending()
    d.press(.character("m"), .character("c"))
    guard case .form(let form)? = d.app.modal, form.purpose == .closeCase else {
      Issue.record("no close form")
      return
    }
    d.type("The student moved out of state")
    d.press(.control("d"))
    #expect(d.app.session?.state.lifecycle == .closed)
    #expect(d.app.session?.state.closed?.value == "The student moved out of state")
    #expect(d.app.status == PendingReport.closedLine)
    // Closed: c is no longer a key of the report screen.
    #expect(KeyBindings.action(for: .character("c"), in: d.app) == nil)
  }

  @Test func resumingAPendingCaseOpensOnTheWrittenReport() {
    let events = Self.finishedPending().app.session?.events ?? []
    var d = Driver(drafts: true)
    d.send(.draftsListed([MessageTests.draft], open: nil))
    d.send(.draftOpened(protocolID: "san-mateo", events: events))
    #expect(d.app.screen == .report)
    #expect(d.app.reportRows()[d.app.reportScreen.index] == .writtenReport)
    #expect(d.app.status?.contains("Resumed where the case stopped. The case is finished; its written report is pending") == true, "\(d.app.status ?? "")")
  }

  @Test func theResumeListShowsStateDueAndOverdue() {
    let due = Timestamp(secondsSinceEpoch: 1_764_090_000 - 3 * 3600, utcOffsetMinutes: -480)
    let header = DraftHeader(
      id: "abcd2345", protocolID: "san-mateo", reference: nil, opened: due, updated: due,
      derivation: KeyDerivation(function: .pbkdf2SHA256(rounds: 100_000), salt: Array(repeating: 1, count: 16)), keyCheck: "00", save: 3,
      lifecycle: "written-report-pending", writtenReportDue: due)
    let line = DraftLine(DraftListing(id: "abcd2345", header: header, problem: nil), now: Timestamp(secondsSinceEpoch: 1_764_090_000))
    var d = Driver(drafts: true)
    d.send(.draftsListed([DraftChoice(id: "abcd2345", protocolID: "san-mateo", reference: nil, opened: due, updated: due, problem: nil, line: line)], open: nil))
    let text = d.render(200, 30).lines.joined(separator: "\n")
    #expect(text.contains("written report pending"), "\(text)")
    #expect(text.contains("OVERDUE by 3 hours"), "\(text)")
    #expect(text.contains("[abcd2345]"))
  }

  @Test func theReporterProfilePrefillsAndIsUpdatedOnce() throws {
    var d = Driver(protocolID: "san-mateo")
    d.press(.character("3"), .enter, .control("d"), .character("m"))
    let rows = d.app.reportRows()
    let nameRow = try #require(rows.firstIndex(of: .field(d.app.session!.guide.mandatedReport!.fields.first { $0.id == "reporter-name" }!)))
    let phoneRow = try #require(rows.firstIndex(of: .field(d.app.session!.guide.mandatedReport!.fields.first { $0.id == "reporter-phone" }!)))
    // No profile yet: the saved name becomes the profile.
    d.app.reportScreen.index = nameRow
    d.press(.enter)
    d.type("Alex Counselor")
    d.press(.control("d"))
    #expect(d.effects.last == .saveReporterProfile(ReporterProfile(name: "Alex Counselor")))
    d.send(.profileSaved)
    #expect(d.app.status?.contains(ReporterProfileStore.savedNotice) == true)
    d.app.reportScreen.index = phoneRow
    d.press(.enter)
    d.type("650-555-0100")
    d.press(.control("d"))
    #expect(d.effects.last == .saveReporterProfile(ReporterProfile(name: "Alex Counselor", phone: "650-555-0100")))
    d.send(.profileSaved)
    #expect(d.app.status?.contains(ReporterProfileStore.savedNotice) != true, "said once a session")

    // A second case: the profile's values are the forms' text; saving them unchanged saves nothing.
    var second = Driver()
    second.app.reporterProfile = d.app.reporterProfile
    second.app.startScreen.index = TUIFixtures.choices.firstIndex { $0.guide.id == "san-mateo" } ?? 0
    second.press(.enter, .character("3"), .enter, .control("d"), .character("m"))
    second.app.reportScreen.index = nameRow
    second.press(.enter)
    guard case .form(let form)? = second.app.modal else {
      Issue.record("no form")
      return
    }
    #expect(form.fields[0].value == "Alex Counselor")
    let before = second.effects.count
    second.press(.control("d"))
    #expect(second.app.session?.state.reportFields["reporter-name"] == .text("Alex Counselor"))
    #expect(second.effects.count == before, "an unchanged profile is not saved again")
  }

  @Test func aDistrictsContactIsShownAtItsStepAsTheDistricts() throws {
    let base = try #require(TUIFixtures.choices.first { $0.guide.id == "san-mateo" }?.guide)
    let step = try #require(base.pathway(.suspectedVictim)?.steps.first)
    let liaison = Contact(
      id: "district-liaison", name: "District CSEC liaison", phone: "650-555-0199", when: "Before calling home",
      source: SourceRef(document: DistrictContacts.documentID, location: "district.yaml"), origin: .district,
      addsToSteps: [step.id])
    let guide = base.adding(DistrictContacts(protocolID: "san-mateo", district: "Example USD", contacts: [liaison], file: "district.yaml"))
    var d = Driver()
    d.app = AppState(protocols: [ProtocolChoice(guide: guide, origin: "built-in")])
    d.app.draft.enabled = false
    d.press(.enter, .character("3"), .enter, .control("d"))
    let text = d.render(100, 40).lines.joined(separator: "\n")
    #expect(text.contains("District's contact: District CSEC liaison · district's number 650-555-0199"), "\(text)")
    let summary = try #require(d.app.session?.summary.document.plainText(width: 100))
    #expect(summary.contains("District CSEC liaison: district's number 650-555-0199 (the district's contact"), "\(summary)")
  }
}
