import GuideEngine
@testable import GuideTUI
import Testing

/// Issue 12 in the full screen: when the information was received, the report panel, the
/// decision not to report made on purpose, and the finish question that checks.
@Suite struct ReportFlowTests {
  /// San Mateo, a real case, on the suspected-victim pathway.
  func suspectedVictim() -> Driver {
    var d = Driver(protocolID: "san-mateo")
    d.press(.character("3"), .enter)
    return d
  }

  /// The screen's text with every run of white space as one space (wrapped lines compare).
  func flat(_ d: Driver, height: Int = 24) -> String {
    d.render(80, height).lines.joined(separator: "\n").split(whereSeparator: \.isWhitespace).joined(separator: " ")
  }

  func form(_ d: Driver) -> Form? {
    if case .form(let form)? = d.app.modal { return form }
    return nil
  }

  @Test func enteringASuspectedPathwayAsksWhenTheInformationWasReceived() throws {
    var d = suspectedVictim()
    #expect(d.app.screen == .step)
    let ask = try #require(form(d))
    #expect(ask.purpose == .informationReceived(then: nil))
    #expect(ask.intro.joined().contains("36 hours after it"))
    // Two hours before now (the fixed clock is 09:0x at UTC-08:00).
    d.press(.control("u"))
    d.type("07:00")
    d.press(.enter)
    #expect(d.app.modal == nil)
    let session = try #require(d.app.session)
    let received = try #require(session.state.informationReceived?.value)
    #expect(received.dateTimeText == "2025-11-25 07:00")
    #expect(session.summary.writtenReportDue == received.adding(hours: 36))
    #expect(d.app.status?.contains("written report due 2025-11-26 19:00") == true)
    // Not asked again on the next key, nor on the at-risk pathway of another case.
    d.press(.right)
    #expect(d.app.modal == nil)
    var atRisk = Driver(protocolID: "san-mateo")
    atRisk.press(.character("1"), .enter)
    #expect(atRisk.app.modal == nil)
  }

  @Test func anImpossibleTimeKeepsTheQuestionOpenWithTheReason() throws {
    var d = suspectedVictim()
    d.press(.control("u"))
    d.type("2025-02-30 10:00")
    d.press(.enter)
    let ask = try #require(form(d))
    #expect(ask.error?.contains("2025-02-30 is not a date") == true)
    #expect(d.app.session?.state.informationReceived == nil)
  }

  @Test func skippedItIsAskedBeforeTheReportStepIsMarkedThenTheStepFormOpens() throws {
    var d = suspectedVictim()
    d.press(.escape, .character("y"))
    #expect(d.app.modal == nil)
    d.press(.character("2"))
    #expect(d.app.session?.currentStep?.mandatedReport == true)
    d.press(.character("d"))
    guard case .informationReceived(let next?)? = form(d)?.purpose else {
      Issue.record("not asked before the report step")
      return
    }
    guard case .markDone = next.purpose else {
      Issue.record("the step's form does not follow")
      return
    }
    d.press(.enter)  // the time shown: now
    #expect(d.app.session?.state.informationReceived != nil)
    guard case .markDone? = form(d)?.purpose else {
      Issue.record("the step's form did not open after the question")
      return
    }
  }

  @Test func tRecordsOrChangesItOnTheStepAndReportScreens() throws {
    var d = suspectedVictim()
    d.press(.enter)
    let first = try #require(d.app.session?.state.informationReceived?.value)
    d.press(.character("t"))
    let change = try #require(form(d))
    #expect(change.title == "Change when the information was received")
    d.press(.control("u"))
    d.type("2025-11-25 06:30")
    d.press(.enter)
    let second = try #require(d.app.session?.state.informationReceived?.value)
    #expect(second.dateTimeText == "2025-11-25 06:30")
    #expect(second.secondsSinceEpoch < first.secondsSinceEpoch)
    d.press(.character("m"))
    #expect(d.app.screen == .report)
    #expect(d.app.modal == nil, "recorded: the report screen does not ask again")
    d.press(.character("t"))
    #expect(form(d)?.purpose == .informationReceived(then: nil))
  }

  @Test func theReportPanelShowsTimeLeftThePhoneReportAndMissingFields() throws {
    var d = suspectedVictim()
    d.press(.control("u"))
    d.type("07:00")
    d.press(.enter)
    var text = flat(d)
    #expect(text.contains("Information received 2025-11-25 07:00"))
    #expect(text.contains("left."))
    #expect(text.contains("Phone report: not made. Information received 2 hours"))
    #expect(text.contains("as soon as practicably possible"))
    // The phone report: a call to Child Welfare Services on step 2 that took the report.
    d.press(.character("2"), .character("c"))
    d.press(.tab, .tab, .tab, .tab, .tab, .character("1"), .control("d"))
    #expect(d.app.modal == nil, "\(String(describing: form(d)?.error))")
    text = flat(d)
    #expect(text.contains("Phone report made"))
    #expect(text.contains("Needed report fields missing"))
  }

  @Test func markingTheReportStepNotApplicableAsksForConfirmationAndShowsTheLaw() throws {
    var d = suspectedVictim()
    d.press(.enter, .character("2"))
    #expect(flat(d, height: 60).contains("PC 11165.1: Suspected commercial sexual exploitation is suspected sexual abuse"), "the note is shown at the step")
    d.press(.character("x"))
    let confirm = try #require(form(d))
    guard case .notApplicableNoReport = confirm.purpose else {
      Issue.record("no confirmation asked")
      return
    }
    #expect(confirm.intro.joined().contains("commercial sexual exploitation"))
    d.press(.tab)
    d.type("No abuse by parent or caregiver; exploiter is a non-family adult")
    d.press(.control("d"))
    #expect(form(d)?.error?.contains("I confirm") == true, "not confirmed: refused")
    d.press(.backTab, .character("2"), .control("d"))
    #expect(d.app.modal == nil)
    let session = try #require(d.app.session)
    let step = try #require(session.pathway?.steps[1])
    let record = session.state.record(pathway: .suspectedVictim, step: step.id)
    #expect(record.confirmedNoReport)
    guard case .notApplicable(let reason) = record.status else {
      Issue.record("not marked")
      return
    }
    #expect(reason.contains("non-family adult"))
  }

  @Test func usEDShowsNoCaliforniaLawAndAsksNothing() throws {
    var d = Driver(protocolID: "us-ed-sample")
    d.press(.character("3"), .enter)
    #expect(d.app.modal == nil)
    #expect(!flat(d, height: 60).contains("PC 11"))
    guard d.app.screen == .step else { return }
    for n in 1...(d.app.session?.pathway?.steps.count ?? 0) {
      d.press(.character(Character("\(min(n, 9))")))
      #expect(!flat(d, height: 60).contains("PC 11"))
    }
    d.press(.character("x"))
    guard case .notApplicable? = form(d)?.purpose else {
      Issue.record("US ED asked for California's confirmation")
      return
    }
  }

  @Test func theFinishQuestionListsWhatIsMissingAndStillFinishes() throws {
    var d = suspectedVictim()
    d.press(.escape, .character("y"), .character("f"), .character("f"))
    #expect(d.app.modal == .confirmFinish)
    let text = flat(d, height: 60)
    #expect(text.contains("Before you finish"))
    #expect(text.contains("When the information was received is not recorded"))
    #expect(text.contains("No phone report is recorded"))
    #expect(text.contains("Report fields not entered"))
    #expect(text.contains("The written report is not marked sent"))
    #expect(text.contains("still pending"))
    #expect(text.contains("Finish the case anyway"))
    d.press(.character("y"))
    #expect(d.app.session?.state.isFinished == true)
  }

  @Test func theFinishQuestionSaysTheDeadlinePassedByHowLong() throws {
    var d = suspectedVictim()
    d.press(.control("u"))
    d.type("07:00")
    d.press(.enter)
    // Two days later: the 36 hours have passed.
    d.clock.seconds += 48 * 3600
    d.press(.character("f"), .character("f"))
    #expect(flat(d, height: 60).contains("passed 14 hours"))
  }
}
