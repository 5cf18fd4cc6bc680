import GuideEngine
import Testing

/// The mandated report carried to the end (issue 12): the deadline from the information received,
/// which call is the phone report, the decision made on purpose, finishing that checks, the case
/// living until the written report is done, and escalation that reads true.
@Suite struct MandatedReportTests {
  /// 2025-11-25 08:00 -08:00, before the driver's clock starts.
  let morning = Timestamp(secondsSinceEpoch: 1_764_086_400 - 3600, utcOffsetMinutes: -480)

  func call(_ contact: String?, _ agency: String, at: Timestamp, _ outcome: CallRecord.Outcome = .reportTaken) -> CallRecord {
    CallRecord(contactID: contact, agency: agency, calledAt: at, outcome: outcome)
  }

  // MARK: 1. When the information was received

  @Test func theInformationReceivedSetsTheDeadlineAndCanBeChangedWithHistory() throws {
    let guide = try Fixtures.guide("san-mateo")
    var d = try CaseDriver(guide)
    try d.send(.situationChosen(.suspectedVictim))
    #expect(CaseSummary(guide: guide, state: d.state).writtenReportDue == nil)
    #expect(d.refuse(.informationReceived(at: d.clock.peek.adding(hours: 1)))
      == "The information cannot have been received later than now: give the time it was received.")
    let first = morning.adding(hours: -2)
    try d.send(.informationReceived(at: first))
    try d.send(.informationReceived(at: morning))
    let summary = CaseSummary(guide: guide, state: d.state)
    #expect(summary.informationReceived == morning, "the latest time counts")
    #expect(summary.writtenReportDue == morning.adding(hours: 36))
    let received = summary.timeline.filter { $0.text.hasPrefix("Information received") }
    #expect(received.map(\.time) == [first, morning], "both times stay in the timeline")
    #expect(received.last?.text.contains("replaces") == true)
  }

  @Test func whileNoPhoneReportIsRecordedTheGuideCountsFromTheInformation() throws {
    let guide = try Fixtures.guide("san-mateo")
    var d = try CaseDriver(guide)
    try d.send(.situationChosen(.suspectedVictim))
    try d.send(.informationReceived(at: morning))
    let now = morning.adding(hours: 5)
    var summary = CaseSummary(guide: guide, state: d.state)
    #expect(summary.sinceInformationReceived(now: now) == Int64(5 * 3600))
    #expect(summary.timeLeft(now: now) == Int64(31 * 3600))
    #expect(summary.overdueBy(now: now) == nil)
    #expect(summary.overdueBy(now: morning.adding(hours: 38)) == Int64(2 * 3600))
    #expect(DurationText.describe(seconds: 2 * 3600) == "2 hours")
    #expect(DurationText.describe(seconds: 26 * 3600 + 60) == "1 day 2 hours")
    let step = try #require(d.activePathway?.steps.first { $0.mandatedReport })
    try d.send(.callRecorded(step: step.id, call: call("child-welfare-services", "Child Welfare Services", at: morning.adding(hours: 1))))
    summary = CaseSummary(guide: guide, state: d.state)
    #expect(summary.sinceInformationReceived(now: now) == nil, "the phone report is made")
    #expect(summary.writtenReportDue == morning.adding(hours: 36), "the call does not move the deadline")
  }

  @Test func theDeadlineCrossingTheNovemberChangeIsShownInStandardTime() throws {
    // America/Los_Angeles rules for late 2026, as a pure zone: PDT until 2026-11-01 09:00 UTC.
    let change: Int64 = 1_793_523_600
    let zone = TimeZoneRules(
      name: "America/Los_Angeles",
      offset: { $0 < change ? ZoneOffset(seconds: -25_200, abbreviation: "PDT") : ZoneOffset(seconds: -28_800, abbreviation: "PST") },
      resolve: { _ in .notADate })
    let guide = try Fixtures.guide("san-mateo")
    var state = CaseState()
    let reducer = CaseReducer(guide: guide)
    let received = Timestamp(secondsSinceEpoch: 1_793_502_000, utcOffsetMinutes: -420)  // 2026-10-31 20:00 PDT
    let later = received.adding(hours: 1)
    try reducer.reduce(&state, CaseEvent(at: received, .opened(protocolID: "san-mateo", mode: .real)))
    try reducer.reduce(&state, CaseEvent(at: later, .informationReceived(at: received)))
    let summary = CaseSummary(guide: guide, state: state, zone: zone)
    let due = try #require(summary.writtenReportDue)
    #expect(summary.show(due) == "2026-11-02 07:00 PST (UTC-08:00)")
    #expect(summary.iso(due) == "2026-11-02T07:00:00-08:00")
    #expect(summary.show(received) == "2026-10-31 20:00 PDT (UTC-07:00)")
    let text = summary.rendered(.text, width: 1000)
    #expect(text.contains("Information received: 2026-10-31 20:00 PDT (UTC-07:00)"))
    #expect(text.contains("Written report due: 2026-11-02 07:00 PST (UTC-08:00) (36 hours after the information was received)"))
    #expect(summary.rendered(.json).contains("\"written_report_due\": \"2026-11-02T07:00:00-08:00\""))
  }

  // MARK: 3. Which call is the phone report

  @Test func aCallToAnyReportingAgencyOnAnyStepIsThePhoneReport() throws {
    for (protocolID, contact) in [
      ("san-mateo", "local-law-enforcement"), ("san-mateo", "child-welfare-services"),
      ("orange-county", "county-cps"), ("orange-county", "law-enforcement"), ("sro-model", "child-welfare-services"),
    ] {
      let guide = try Fixtures.guide(protocolID)
      var d = try CaseDriver(guide)
      try d.send(.situationChosen(.suspectedVictim))
      let first = try #require(d.activePathway?.steps.first)  // not necessarily the report step
      try d.send(.callRecorded(step: first.id, call: call(contact, "Agency", at: morning)))
      #expect(CaseSummary(guide: guide, state: d.state).phoneReport?.contactID == contact, "\(protocolID) \(contact)")
    }
  }

  /// A report taken before the information was received (on an at-risk step, before the
  /// disclosure) reported other information: the phone report is the first one taken once the
  /// information was received.
  @Test func aReportTakenBeforeTheInformationWasReceivedIsNotItsPhoneReport() throws {
    let guide = try Fixtures.guide("san-mateo")
    var d = try CaseDriver(guide)
    try d.send(.situationChosen(.atRisk))
    let atRiskStep = try #require(d.activePathway?.steps.first)
    try d.send(.callRecorded(step: atRiskStep.id, call: call("child-welfare-services", "CWS, at-risk concern", at: morning)))
    try d.send(.escalated(to: .suspectedVictim, reason: "She disclosed being paid for sex"))
    let disclosure = Timestamp(secondsSinceEpoch: morning.secondsSinceEpoch + 1800, utcOffsetMinutes: -480)
    try d.send(.informationReceived(at: disclosure))
    #expect(CaseSummary(guide: guide, state: d.state).phoneReport == nil, "the at-risk call is not the report of the disclosure")
    let step = try #require(d.activePathway?.steps.first)
    try d.send(.callRecorded(step: step.id, call: call("child-welfare-services", "CWS, the disclosure", at: Timestamp(secondsSinceEpoch: disclosure.secondsSinceEpoch + 600, utcOffsetMinutes: -480))))
    #expect(CaseSummary(guide: guide, state: d.state).phoneReport?.agency == "CWS, the disclosure")
  }

  @Test func aCallThatIsNotToAReportingAgencyIsNotThePhoneReport() throws {
    let guide = try Fixtures.guide("san-mateo")
    var d = try CaseDriver(guide)
    try d.send(.situationChosen(.suspectedVictim))
    let steps = try #require(d.activePathway?.steps)
    let report = try #require(steps.first { $0.mandatedReport })
    // A victim advocate, a typed agency matched to no contact, and a reporting agency that declined.
    try d.send(.callRecorded(step: report.id, call: call("rape-trauma-services", "Rape Trauma Services", at: morning)))
    try d.send(.callRecorded(step: report.id, call: call(nil, "School district police", at: morning)))
    try d.send(.callRecorded(step: report.id, call: call("child-welfare-services", "CWS", at: morning, .declined)))
    #expect(CaseSummary(guide: guide, state: d.state).phoneReport == nil)
    #expect(!guide.isReportingAgency(nil))
    #expect(!guide.isReportingAgency("rape-trauma-services"))
    #expect(!guide.isReportingAgency("smcoe-safe-supportive-schools"))
    // The SRO's department is not named by the source: not counted.
    #expect(!(try Fixtures.guide("sro-model")).isReportingAgency("school-resource-officer"))
  }

  // MARK: 5. The decision made on purpose

  @Test func skippingAReportStepOnASuspectedPathwayNeedsConfirmationAndShowsPC11165_1() throws {
    let guide = try Fixtures.guide("san-mateo")
    var d = try CaseDriver(guide)
    try d.send(.situationChosen(.suspectedVictim))
    let report = try #require(d.activePathway?.steps.first { $0.mandatedReport })
    let reason = "No abuse by parent or caregiver; exploiter is a non-family adult"
    let refused = d.refuse(.stepNotApplicable(step: report.id, reason: reason))
    let refusal = try #require(refused)
    #expect(refusal.contains("PC 11165.1"))
    #expect(refusal.contains("whoever the exploiter is"))
    #expect(refusal.contains("needs your confirmation"))
    try d.send(.stepNotApplicable(step: report.id, reason: reason, confirmedNoReport: true))
    let record = d.state.record(pathway: .suspectedVictim, step: report.id)
    #expect(record.status == .notApplicable(reason: reason))
    #expect(record.confirmedNoReport)
    #expect(d.state.timeline.last?.text.contains("confirmed that no mandated report is made: \(reason)") == true)
    #expect(CaseSummary(guide: guide, state: d.state).rendered(.text, width: 1000)
      .contains("Confirmed that no mandated report is made. Reason: \(reason)"))
  }

  @Test func anAtRiskReportStepAndOtherStepsNeedNoConfirmation() throws {
    let guide = try Fixtures.guide("san-mateo")
    var d = try CaseDriver(guide)
    try d.send(.situationChosen(.atRisk))
    let report = try #require(d.activePathway?.steps.first { $0.mandatedReport })
    try d.send(.stepNotApplicable(step: report.id, reason: "At-risk factors not present after all"))
    #expect(!d.state.record(pathway: .atRisk, step: report.id).confirmedNoReport)
  }

  @Test func theLegalNoteIsDataOnTheCaliforniaStepsOnly() throws {
    for id in ["san-mateo", "orange-county", "sro-model"] {
      let guide = try Fixtures.guide(id)
      #expect(guide.legalNote("pc-11165-1")?.citation == "PC 11165.1", "\(id)")
      for pathway in guide.pathways where pathway.id != .atRisk {
        for step in pathway.steps where step.mandatedReport {
          #expect(guide.legalNotes(for: step).map(\.id) == ["pc-11165-1"], "\(id) \(pathway.id) \(step.id)")
        }
      }
      let reference = ReferenceDocument.build(library: [], selected: guide).plainText(width: 1000)
      #expect(reference.contains("PC 11165.1"), "\(id)")
    }
    let us = try Fixtures.guide("us-ed-sample")
    #expect(us.legalNotes.isEmpty)
    #expect(!ReferenceDocument.build(library: [us], selected: us).plainText(width: 1000).contains("PC 111"))
  }

  // MARK: 6. Finishing that checks

  @Test func theFinishChecklistListsEachMissingOrLateItem() throws {
    let guide = try Fixtures.guide("san-mateo")
    var d = try CaseDriver(guide)
    try d.send(.situationChosen(.suspectedVictim))
    let now = d.clock.peek
    var summary = CaseSummary(guide: guide, state: d.state)
    let items = summary.finishChecklist(now: now)
    #expect(items.contains(.noInformationReceived))
    #expect(items.contains(.noPhoneReport))
    #expect(items.contains(.writtenReportNotSent(due: nil)))
    guard case .fieldsNotEntered(let fields)? = items.first(where: { if case .fieldsNotEntered = $0 { true } else { false } })
    else { Issue.record("missing fields not listed"); return }
    #expect(fields.map(\.id) == ["reporter-name", "reporter-business-address", "reporter-phone", "reporter-capacity", "suspicion-basis"])
    // Received 40 hours ago: the deadline passed 4 hours ago.
    try d.send(.informationReceived(at: now.adding(hours: -40)))
    for field in fields { try d.send(.reportFieldSet(field: field.id, value: .unknown)) }
    let step = try #require(d.activePathway?.steps.first { $0.mandatedReport })
    try d.send(.callRecorded(step: step.id, call: call("child-welfare-services", "CWS", at: now.adding(hours: -39))))
    let later = d.clock.peek
    summary = CaseSummary(guide: guide, state: d.state)
    let due = now.adding(hours: -4)
    #expect(summary.finishChecklist(now: later) == [
      .writtenReportNotSent(due: due),
      .deadlinePassed(due: due, bySeconds: later.secondsSinceEpoch - due.secondsSinceEpoch),
    ])
    #expect(summary.describe(.deadlinePassed(due: due, bySeconds: 4 * 3600 + 600)).contains("passed 4 hours 10 minutes ago"))
    #expect(summary.describe(.deadlinePassed(due: due, bySeconds: 4 * 3600)).hasSuffix("passed 4 hours ago."))
    try d.send(.writtenReportSent(at: d.clock.peek, reference: "SS 8572"))
    #expect(CaseSummary(guide: guide, state: d.state).finishChecklist(now: d.clock.peek).isEmpty)
  }

  @Test func theChecklistIsEmptyWhereNoReportIsConcerned() throws {
    let us = try Fixtures.guide("us-ed-sample")
    var u = try CaseDriver(us)
    try u.send(.situationChosen(.suspectedVictim))
    #expect(CaseSummary(guide: us, state: u.state).finishChecklist(now: u.clock.peek).isEmpty)
    let guide = try Fixtures.guide("san-mateo")
    var d = try CaseDriver(guide)
    try d.send(.situationChosen(.suspectedRecruitment))
    #expect(CaseSummary(guide: guide, state: d.state).finishChecklist(now: d.clock.peek).isEmpty)
    var n = try CaseDriver(guide)
    try n.send(.situationChosen(.atRisk))
    try n.send(.reportDecided(.notReporting(reason: "District counsel advised")))
    #expect(CaseSummary(guide: guide, state: n.state).finishChecklist(now: n.clock.peek).isEmpty)
  }

  // MARK: 7. The case lives until the written report is done

  @Test func aFinishedCaseWaitsForItsWrittenReportThenCloses() throws {
    let guide = try Fixtures.guide("san-mateo")
    var d = try CaseDriver(guide)
    try d.send(.situationChosen(.suspectedVictim))
    try d.send(.informationReceived(at: morning.adding(hours: -3)))
    let step = try #require(d.activePathway?.steps.first { $0.mandatedReport })
    let phoneAt = morning.adding(hours: -2)
    try d.send(.callRecorded(step: step.id, call: call("child-welfare-services", "CWS", at: phoneAt)))
    try d.send(.finished)
    #expect(d.state.lifecycle == .writtenReportPending)
    #expect(d.refuse(.caseNoteAdded("late")) != nil)
    #expect(d.refuse(.writtenReportSent(at: phoneAt.adding(hours: -1), reference: nil))?.contains("before the phone report") == true)
    #expect(d.refuse(.writtenReportSent(at: d.clock.peek.adding(hours: 2), reference: nil))?.contains("later than now") == true)
    let sentAt = phoneAt.adding(hours: 2)
    try d.send(.writtenReportSent(at: sentAt, reference: "SS 8572 #77"))
    #expect(d.state.lifecycle == .closed)
    #expect(d.state.writtenReportSent?.at == sentAt)
    #expect(d.refuse(.caseClosed(reason: "x")) != nil)
    let text = CaseSummary(guide: guide, state: d.state).rendered(.text, width: 1000)
    #expect(text.contains("Status: closed"))
    #expect(text.contains("Written report sent: 2025-11-25 07:00 (UTC-08:00), reference SS 8572 #77 (recorded"))
  }

  @Test func aPendingCaseIsClosedWithAReason() throws {
    let guide = try Fixtures.guide("orange-county")
    var d = try CaseDriver(guide)
    try d.send(.situationChosen(.atRisk))
    #expect(d.refuse(.caseClosed(reason: "x"))?.contains("finish the case") == true)
    try d.send(.finished)
    #expect(d.state.lifecycle == .writtenReportPending)
    #expect(d.refuse(.caseClosed(reason: " ")) == "Say why the case is closed without the written report marked sent.")
    try d.send(.caseClosed(reason: "CPS said a written report is not needed"))
    #expect(d.state.lifecycle == .closed)
    #expect(d.refuse(.writtenReportSent(at: d.clock.peek, reference: nil)) == "The case is closed and cannot change.")
  }

  @Test func anOlderLogWithoutTheSendingTimeReplays() throws {
    let old = #"{"at":"2025-11-25T10:00:00-08:00","type":"writtenReportSent","reference":"W-1"}"#
    let event = try CaseEventCodec.decode(try JSONParser.parse(old))
    #expect(event.action == .writtenReportSent(at: event.at, reference: "W-1"))
    #expect(CaseEventCodec.encode(event).compact() == old, "re-encodes to the bytes it was hashed as")
    let oldSkip = #"{"at":"2025-11-25T10:00:00-08:00","type":"stepNotApplicable","step":"s","reason":"r"}"#
    #expect(CaseEventCodec.encode(try CaseEventCodec.decode(try JSONParser.parse(oldSkip))).compact() == oldSkip)
    let given = CaseEvent(at: morning.adding(hours: 5), .writtenReportSent(at: morning, reference: nil))
    #expect(try CaseEventCodec.decode(try JSONParser.parse(CaseEventCodec.encode(given).compact())) == given)
  }

  // MARK: 8. Escalation that reads true

  @Test func aReportMadeInALaterPathwayFulfilsTheEarlierStep() throws {
    let guide = try Fixtures.guide("san-mateo")
    var d = try CaseDriver(guide)
    try d.send(.situationChosen(.atRisk))
    try d.send(.escalated(to: .suspectedVictim, reason: "Student disclosed"))
    let report = try #require(d.activePathway?.steps.first { $0.mandatedReport })
    try d.send(.stepDone(step: report.id, note: nil, reference: "CWS-1"))
    let summary = CaseSummary(guide: guide, state: d.state)
    let atRisk = try #require(summary.runs.first { $0.pathway.id == .atRisk })
    let made = try #require(atRisk.steps[0].fulfilledBy)
    #expect(made.pathway.id == .suspectedVictim && made.number == 2)
    #expect(!summary.leftPendingEarlier.contains { $0.step.step.id == atRisk.steps[0].step.id })
    let text = summary.rendered(.text, width: 1000)
    #expect(text.contains("Step 1: Make a Child Welfare report [DONE: made in Suspected Victim of CSEC/Human Trafficking, step 2"))
    #expect(!text.contains("\"At-Risk\" Factors, step 1: Make a Child Welfare report"))
    #expect(summary.rendered(.json).contains("\"status\": \"done-in-later-pathway\""))
  }

  @Test func withoutTheLaterReportTheEarlierStepStaysPending() throws {
    let guide = try Fixtures.guide("san-mateo")
    var d = try CaseDriver(guide)
    try d.send(.situationChosen(.atRisk))
    try d.send(.escalated(to: .suspectedVictim, reason: "Student disclosed"))
    let summary = CaseSummary(guide: guide, state: d.state)
    #expect(summary.leftPendingEarlier.contains { $0.step.step.id == "child-welfare-report" })
  }
}

/// Issue 14, item 3: San Mateo's at-risk "Child Welfare Report" is not by itself a CANRA report;
/// its 36-hour deadline starts only once the counselor records that a report is being made.
/// Orange County's at-risk step says "submit a mandated report" itself, so it counts at once.
@Suite struct AtRiskReportDeadlineTests {
  @Test func sanMateosAtRiskStepWaitsForTheDecisionToReport() throws {
    var d = try CaseDriver(try Fixtures.guide("san-mateo"))
    try d.send(.situationChosen(.atRisk))
    let step = try #require(d.activePathway?.steps.first)
    #expect(step.mandatedReport && step.deadlineOnlyWhenReporting)
    try d.send(.stepDone(step: step.id, note: "Called CWS", reference: nil))
    var summary = CaseSummary(guide: d.reducer.guide, state: d.state)
    #expect(!summary.writtenReportOutstanding, "no deadline before the decision to report")
    #expect(summary.finishChecklist(now: d.clock.next()).isEmpty)
    try d.send(.reportDecided(.reporting))
    summary = CaseSummary(guide: d.reducer.guide, state: d.state)
    #expect(summary.writtenReportOutstanding, "the decision to report starts the deadline")
    #expect(!summary.finishChecklist(now: d.clock.next()).isEmpty)
  }

  @Test func orangeCountysAtRiskStepIsAMandatedReportAtOnce() throws {
    var d = try CaseDriver(try Fixtures.guide("orange-county"))
    try d.send(.situationChosen(.atRisk))
    let step = try #require(d.activePathway?.steps.first)
    #expect(step.mandatedReport && !step.deadlineOnlyWhenReporting)
    #expect(CaseSummary(guide: d.reducer.guide, state: d.state).writtenReportOutstanding)
  }
}
