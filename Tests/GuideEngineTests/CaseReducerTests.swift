import GuideEngine
import Testing

@Suite struct CaseReducerTests {
  @Test func openingAndChoosingACoveredSituationStartsItsPathway() throws {
    let guide = try Fixtures.guide("san-mateo")
    var d = try CaseDriver(guide)
    #expect(d.state.phase == .choosingSituation)
    #expect(d.state.protocolID == "san-mateo")
    try d.send(.situationChosen(.suspectedVictim))

    var expected = CaseState()
    expected.protocolID = "san-mateo"
    expected.mode = .real
    expected.openedAt = d.events[0].at
    expected.phase = .walkingPathway
    expected.situation = .suspectedVictim
    expected.situationBasis = .chosen
    expected.runs = [
      PathwayRun(pathway: .suspectedVictim, situation: .suspectedVictim, startedAt: d.events[1].at, followedAsClosest: false)
    ]
    expected.currentStepIndex = 0
    expected.timeline = d.state.timeline
    expected.acceptedEvents = 2
    #expect(d.state == expected)
    #expect(d.state.timeline.map(\.text) == [
      "Case opened under \(guide.title) (San Mateo County, California)",
      "Situation: Suspected victim; following '\(guide.pathway(.suspectedVictim)!.title)'",
    ])
  }

  @Test func theFirstEventMustOpenTheCaseUnderThisProtocol() throws {
    let guide = try Fixtures.guide("san-mateo")
    let reducer = CaseReducer(guide: guide)
    var state = CaseState()
    let at = Timestamp(secondsSinceEpoch: 0)
    #expect(throws: CaseError("The case has not been opened yet.")) {
      try reducer.reduce(&state, CaseEvent(at: at, .situationChosen(.atRisk)))
    }
    #expect(throws: CaseError("This case belongs to protocol 'orange-county', not 'san-mateo'.")) {
      try reducer.reduce(&state, CaseEvent(at: at, .opened(protocolID: "orange-county", mode: .real)))
    }
    #expect(state == CaseState())
  }

  @Test func aStepCannotBeDoneTwiceWithoutBeingReopened() throws {
    var d = try CaseDriver(try Fixtures.guide("san-mateo"))
    try d.send(.situationChosen(.atRisk))
    let first = try #require(d.activePathway?.steps.first)
    try d.send(.stepDone(step: first.id, note: " called CWS ", reference: "R-1"))
    let record = d.state.record(pathway: .atRisk, step: first.id)
    #expect(record.status == .done)
    #expect(record.note == "called CWS")
    #expect(record.reference == "R-1")
    #expect(record.timesDone == 1)
    let message = d.refuse(.stepDone(step: first.id, note: nil, reference: nil))
    #expect(message == "'\(first.title)' is already marked done: reopen it first.")
    try d.send(.stepReopened(step: first.id, reason: "wrong step"))
    try d.send(.stepDone(step: first.id, note: nil, reference: nil))
    let after = d.state.record(pathway: .atRisk, step: first.id)
    #expect(after.timesDone == 2)
    #expect(after.timesReopened == 1)
    #expect(after.history.map(\.value) == ["done; note: called CWS; reference: R-1", "reopened: wrong step", "done"])
    #expect(after.note == nil && after.reference == nil, "a reopened step keeps its old note only in the history")
  }

  /// Whole-state transitions: each mark changes exactly its step's record, the timeline and the
  /// count of accepted events; everything else in the case stays as it was.
  @Test func aMarkChangesOnlyItsStepTheTimelineAndTheCount() throws {
    var d = try CaseDriver(try Fixtures.guide("san-mateo"))
    try d.send(.situationChosen(.suspectedVictim))
    let step = try #require(d.activePathway?.steps[1])
    let key = StepKey(pathway: .suspectedVictim, step: step.id)

    var expected = d.state
    try d.send(.stepDone(step: step.id, note: "Called CWS", reference: "R-7"))
    let doneAt = d.events.last!.at
    var record = StepRecord()
    record.status = .done
    record.statusAt = doneAt
    record.note = "Called CWS"
    record.reference = "R-7"
    record.history = [Timed(at: doneAt, "done; note: Called CWS; reference: R-7")]
    record.timesDone = 1
    expected.steps[key] = record
    expected.timeline.append(try #require(d.state.timeline.last))
    expected.acceptedEvents += 1
    #expect(d.state == expected)
    #expect(d.state.timeline.last?.at == doneAt)

    expected = d.state
    try d.send(.stepReopened(step: step.id, reason: "wrong step"))
    let reopenedAt = d.events.last!.at
    record.history.append(Timed(at: reopenedAt, "reopened: wrong step"))
    record.status = .pending
    record.statusAt = reopenedAt
    record.note = nil
    record.reference = nil
    record.timesReopened = 1
    expected.steps[key] = record
    expected.timeline.append(try #require(d.state.timeline.last))
    expected.acceptedEvents += 1
    #expect(d.state == expected)
  }

  @Test func notApplicableNeedsAReason() throws {
    var d = try CaseDriver(try Fixtures.guide("san-mateo"))
    try d.send(.situationChosen(.suspectedVictim))
    let step = try #require(d.activePathway?.steps[4])
    #expect(d.refuse(.stepNotApplicable(step: step.id, reason: "   ")) == "Say why '\(step.title)' does not apply.")
    try d.send(.stepNotApplicable(step: step.id, reason: "Student asked that parents not be told; CWS advised."))
    #expect(d.state.record(pathway: .suspectedVictim, step: step.id).status
      == .notApplicable(reason: "Student asked that parents not be told; CWS advised."))
  }

  @Test func unknownStepsAndContactsAreRefused() throws {
    var d = try CaseDriver(try Fixtures.guide("san-mateo"))
    #expect(d.refuse(.stepDone(step: "x", note: nil, reference: nil)) == "No pathway is being followed.")
    try d.send(.situationChosen(.atRisk))
    #expect(d.refuse(.stepViewed(step: "nope"))?.hasSuffix("has no step 'nope'.") == true)
    let step = try #require(d.activePathway?.steps.first)
    let call = CallRecord(contactID: "nobody", agency: "X", calledAt: d.clock.next(), outcome: .reportTaken)
    #expect(d.refuse(.callRecorded(step: step.id, call: call)) == "The protocol has no contact 'nobody'.")
  }

  @Test func aScreeningThatIsNotMetNeedsAReasonAndReturnsToTheSituations() throws {
    let guide = try Fixtures.guide("orange-county")
    let screening = try #require(guide.screening)
    var d = try CaseDriver(guide)
    try d.send(.screeningOpened)
    #expect(d.state.phase == .screening)
    let c2 = screening.criteria[1]
    try d.send(.screeningItemSet(criterion: c2.id, item: c2.items[0].id, present: true))
    #expect(d.refuse(.screeningItemSet(criterion: c2.id, item: c2.items[0].id, present: true)) != nil)
    #expect(d.refuse(.screeningConcluded(note: nil))
      == "The at-risk criteria are not met: record the reason and what was decided.")
    try d.send(.screeningConcluded(note: "One indicator only; counselor will check in weekly."))
    #expect(d.state.phase == .choosingSituation)
    #expect(d.state.screeningConclusion?.result.determination == .notMet)
    #expect(d.state.screeningConclusion?.note == "One indicator only; counselor will check in weekly.")
    #expect(d.state.runs.isEmpty)
  }

  @Test func aMetScreeningLeadsToTheAtRiskPathway() throws {
    let guide = try Fixtures.guide("san-mateo")
    let c1 = try #require(guide.screening?.criteria[0])
    var d = try CaseDriver(guide)
    try d.send(.screeningOpened)
    try d.send(.screeningItemSet(criterion: c1.id, item: c1.items[0].id, present: true))
    try d.send(.screeningConcluded(note: nil))
    #expect(d.state.phase == .walkingPathway)
    #expect(d.state.situation == .atRisk)
    #expect(d.state.situationBasis == .screening)
    #expect(d.state.activeRun?.pathway == .atRisk)
  }

  @Test func theSROModelHasNoScreening() throws {
    var d = try CaseDriver(try Fixtures.guide("sro-model"))
    #expect(d.refuse(.screeningOpened) == "The protocol 'sro-model' has no at-risk screening.")
  }

  @Test func anUncoveredSituationStopsUntilTheUserFollowsTheClosestPathway() throws {
    let guide = try Fixtures.guide("orange-county")
    var d = try CaseDriver(guide)
    try d.send(.situationChosen(.confirmedVictim))
    #expect(d.state.phase == .notCovered(.confirmedVictim))
    #expect(d.state.runs.isEmpty)
    try d.send(.closestPathwayFollowed)
    #expect(d.state.phase == .walkingPathway)
    #expect(d.state.activeRun == PathwayRun(
      pathway: .suspectedRecruitment, situation: .confirmedVictim, startedAt: d.events[2].at, followedAsClosest: true))
    let summary = CaseSummary(guide: guide, state: d.state)
    let notice = try #require(summary.coverageNotice)
    #expect(notice.contains("This protocol does not cover 'Confirmed victim'."))
    #expect(notice.contains("The district decides"))
  }

  @Test func escalationKeepsEveryRecord() throws {
    let guide = try Fixtures.guide("san-mateo")
    var d = try CaseDriver(guide)
    try d.send(.situationChosen(.atRisk))
    let atRiskSteps = try #require(d.activePathway?.steps)
    try d.send(.stepDone(step: atRiskSteps[0].id, note: "CWS report made", reference: "CWS-77"))
    try d.send(.stepNoteAdded(step: atRiskSteps[1].id, text: "Met with student"))
    let before = d.state.steps
    #expect(d.refuse(.escalated(to: .atRisk, reason: "x")) != nil)
    #expect(d.refuse(.escalated(to: .confirmedVictim, reason: "  ")) == "Say what changed.")
    try d.send(.escalated(to: .suspectedVictim, reason: "Student disclosed an older 'boyfriend' who buys her things"))
    #expect(d.state.situation == .suspectedVictim)
    #expect(d.state.runs.map(\.pathway) == [.atRisk, .suspectedVictim])
    #expect(d.state.currentStepIndex == 0)
    for (key, record) in before { #expect(d.state.steps[key] == record) }
    #expect(d.refuse(.escalated(to: .atRisk, reason: "calmer")) != nil, "de-escalation is not an escalation")
    try d.send(.escalated(to: .confirmedVictim, reason: "Police confirmed"))
    #expect(d.state.runs.count == 3)
    for (key, record) in before { #expect(d.state.steps[key] == record) }
    let summary = CaseSummary(guide: guide, state: d.state)
    #expect(summary.runs.map(\.pathway.id) == [.atRisk, .suspectedVictim, .confirmedVictim])
    #expect(summary.runs.map(\.isActive) == [false, false, true])
  }

  @Test func escalatingToAnUncoveredSituationKeepsThePlaceOnTheClosestPathway() throws {
    let guide = try Fixtures.guide("orange-county")
    var d = try CaseDriver(guide)
    try d.send(.situationChosen(.suspectedVictim))
    let steps = try #require(d.activePathway?.steps)
    try d.send(.stepDone(step: steps[0].id, note: nil, reference: nil))
    #expect(d.refuse(.escalated(to: .suspectedRecruitment, reason: "sideways")) != nil, "a sideways move is not an escalation")
    try d.send(.escalated(to: .confirmedVictim, reason: "Police confirmed"))
    #expect(d.state.phase == .notCovered(.confirmedVictim))
    try d.send(.closestPathwayFollowed)
    #expect(d.state.activeRun?.situation == .confirmedVictim)
    #expect(d.state.activeRun?.followedAsClosest == true)
    #expect(d.state.currentStepIndex == 1, "the first step still pending")
    #expect(d.state.record(pathway: .suspectedRecruitment, step: steps[0].id).status == .done)
    #expect(CaseSummary(guide: guide, state: d.state).runs.count == 1, "one pathway, shown once")
  }

  @Test func theWrittenReportIsDueHoursAfterTheInformationWasReceivedNotAfterTheCall() throws {
    let guide = try Fixtures.guide("san-mateo")
    var d = try CaseDriver(guide)
    try d.send(.situationChosen(.confirmedVictim))
    let steps = try #require(d.activePathway?.steps)
    let reportStep = try #require(steps.first { $0.mandatedReport })
    let declinedAt = Timestamp(secondsSinceEpoch: 1_764_081_000, utcOffsetMinutes: -480)
    try d.send(.callRecorded(step: reportStep.id, call: CallRecord(
      contactID: reportStep.contact, agency: "Child Welfare Services", calledAt: declinedAt, outcome: .declined)))
    var summary = CaseSummary(guide: guide, state: d.state)
    #expect(summary.phoneReport == nil)
    #expect(summary.writtenReportDue == nil)
    let calledAt = Timestamp(secondsSinceEpoch: 1_764_082_800, utcOffsetMinutes: -480)  // 2025-11-25 07:00 -08:00
    try d.send(.callRecorded(step: reportStep.id, call: CallRecord(
      contactID: reportStep.contact, agency: "Child Welfare Services", personSpoken: "J. Ortiz",
      badgeOrID: "4471", referralNumber: "CWS-2025-118", calledAt: calledAt, outcome: .reportTaken)))
    summary = CaseSummary(guide: guide, state: d.state)
    #expect(summary.phoneReport?.referralNumber == "CWS-2025-118")
    #expect(summary.writtenReportDue == nil, "the phone call does not start the 36 hours")
    // The disclosure came at 04:00, three hours before the call: the deadline counts from it.
    let received = Timestamp(secondsSinceEpoch: 1_764_082_800 - 3 * 3600, utcOffsetMinutes: -480)
    try d.send(.informationReceived(at: received))
    summary = CaseSummary(guide: guide, state: d.state)
    #expect(summary.informationReceived == received)
    #expect(summary.writtenReportDue == received.adding(hours: 36))
    #expect(summary.writtenReportDue?.display == "2025-11-26 16:00 (UTC-08:00)")
    #expect(summary.rendered(.text, width: 1000).contains("Written report due: 2025-11-26 16:00 (UTC-08:00) (36 hours after the information was received)"))
    #expect(d.refuse(.writtenReportSent(at: calledAt.adding(hours: -1), reference: nil))
      == "The written report cannot have been sent before the phone report (2025-11-25 07:00 (UTC-08:00)).")
    #expect(d.refuse(.writtenReportSent(at: d.clock.peek.adding(hours: 1), reference: nil))
      == "The written report cannot have been sent later than now: give the time it was sent.")
    try d.send(.writtenReportSent(at: d.clock.peek, reference: "SS8572 sent"))
    #expect(d.refuse(.writtenReportSent(at: d.clock.peek, reference: nil)) == "The written report is already marked sent.")
  }

  @Test func reportFieldsExistOnlyWhereTheLawIsCarried() throws {
    var ca = try CaseDriver(try Fixtures.guide("orange-county"))
    try ca.send(.reportFieldSet(field: "reporter-name", value: .text("Ms. Rivera")))
    try ca.send(.reportFieldSet(field: "child-location", value: .unknown))
    #expect(ca.refuse(.reportFieldSet(field: "reporter-name", value: .text(" "))) == "Type a value or mark it unknown.")
    #expect(ca.refuse(.reportFieldSet(field: "shoe-size", value: .unknown)) == "The mandated report has no field 'shoe-size'.")
    var us = try CaseDriver(try Fixtures.guide("us-ed-sample"))
    #expect(us.refuse(.reportFieldSet(field: "reporter-name", value: .text("x")))
      == "The protocol 'us-ed-sample' has no mandated-report fields.")
    #expect(us.refuse(.writtenReportSent(at: us.clock.peek, reference: nil)) != nil)
  }

  @Test func aDecisionNotToReportNeedsItsReason() throws {
    var d = try CaseDriver(try Fixtures.guide("san-mateo"))
    #expect(d.refuse(.reportDecided(.notReporting(reason: ""))) == "Record the reason for not making a report.")
    try d.send(.reportDecided(.notReporting(reason: "Criteria not met; monitoring plan in place")))
    #expect(d.state.reportDecision?.value == .notReporting(reason: "Criteria not met; monitoring plan in place"))
  }

  @Test func aFinishedCaseCannotChange() throws {
    var d = try CaseDriver(try Fixtures.guide("san-mateo"))
    try d.send(.situationChosen(.suspectedRecruitment))  // no report step: nothing left to send
    try d.send(.finished)
    #expect(d.state.isFinished)
    #expect(d.state.lifecycle == .closed)
    let step = try #require(d.activePathway?.steps.first)
    for action: CaseAction in [
      .stepDone(step: step.id, note: nil, reference: nil), .caseNoteAdded("late"), .finished,
      .referenceSet("X"), .escalated(to: .confirmedVictim, reason: "r"),
    ] {
      #expect(d.refuse(action) == "The case is finished and cannot change.")
    }
  }

  @Test func choosingAgainIsAllowedOnlyBeforeAnythingIsRecorded() throws {
    var d = try CaseDriver(try Fixtures.guide("san-mateo"))
    try d.send(.situationChosen(.confirmedVictim))
    try d.send(.situationChosen(.suspectedVictim))  // a mis-pick, nothing recorded yet
    #expect(d.state.runs.map(\.pathway) == [.suspectedVictim])
    let step = try #require(d.activePathway?.steps.first)
    try d.send(.stepDone(step: step.id, note: nil, reference: nil))
    #expect(d.refuse(.situationChosen(.atRisk))
      == "Steps have been recorded on this pathway: escalate the case instead of choosing again.")
  }

  @Test func replayFoldsTheLogToTheSameState() throws {
    var d = try CaseDriver(try Fixtures.guide("san-mateo"))
    try d.send(.referenceSet("2025-031"))
    try d.send(.situationChosen(.suspectedVictim))
    for step in try #require(d.activePathway?.steps) {
      try d.send(.stepDone(step: step.id, note: "done \(step.id)", reference: nil))
    }
    try d.send(.finished)
    let replayed = d.reducer.replay(d.events)
    #expect(replayed.refused.isEmpty)
    #expect(replayed.state == d.state)
  }
}
