import GuideEngine
@testable import GuidePlain
import Testing

/// A complete case for each built-in protocol, played from the answers a person would type:
/// the summary plain mode prints must be the one the engine builds from the expected events.
@Suite struct RealCaseTests {
  func check(_ script: Script, _ played: Played, format: SummaryFormat = .text, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(played.outcome == PlainOutcome(status: 0, messages: []), sourceLocation: sourceLocation)
    #expect(played.readEverything, "answers left unread", sourceLocation: sourceLocation)
    #expect(played.hasNoControlCharacters, "an escape or control character was written", sourceLocation: sourceLocation)
    #expect(!played.output.contains("Not recorded:"), "an action was refused:\n\(played.output)", sourceLocation: sourceLocation)
    #expect(played.printedSummary(format) == script.expectedSummary(format), "\(played.output)", sourceLocation: sourceLocation)
  }

  @Test func sanMateoScreeningMetThenEscalatedToSuspectedVictim() throws {
    let guide = try PlainFixtures.guide("san-mateo")
    var s = Script(guide)
    s.type("1")
    s.type("k", "SM-2026-014")
    s.expect(.referenceSet("SM-2026-014"))
    s.type("5")
    s.expect(.screeningOpened)
    // Criterion 1: the first factor; criterion 2: the first and third indicators.
    s.type("y", "n", "n")
    s.expect(.screeningItemSet(criterion: "criterion-1", item: "controlled-or-groomed", present: true))
    s.type("y", "n", "y", "n", "n")
    s.expect(.screeningItemSet(criterion: "criterion-2", item: "running-away-or-homelessness", present: true))
    s.expect(.screeningItemSet(criterion: "criterion-2", item: "frequently-truant", present: true))
    s.type("c")
    s.expect(.screeningConcluded(note: nil))
    // The at-risk pathway: a call on the mandated-report step, then each step.
    try s.call("child-welfare-report", person: "Intake worker Lee", referral: "R-2026-0042", time: "08:45", outcome: .reportTaken)
    s.done("child-welfare-report", note: "Phone report made", reference: "R-2026-0042")
    s.done("meet-with-student")
    s.type("a", "Plan drafted with the student")
    s.expect(.stepNoteAdded(step: "action-plan", text: "Plan drafted with the student"))
    s.done("action-plan")
    s.notApplicable("regular-contact", reason: "The student moved to another district")
    // The picture changes: escalate to a suspected victim (the second option above at risk).
    s.type("e", "2", "The student disclosed being paid for sex")
    s.expect(.escalated(to: .suspectedVictim, reason: "The student disclosed being paid for sex"))
    // The suspected-victim pathway makes the mandated report: when was the information received? Now.
    s.type("")
    s.expect(.informationReceived(at: PlainFixtures.now))
    s.done("involve-law-enforcement")
    // Back to step 1, reopen it, and mark it again.
    s.type("p", "u", "Marked before the call")
    s.expect(.stepReopened(step: "involve-law-enforcement", reason: "Marked before the call"))
    s.done("involve-law-enforcement", note: "Detective informed")
    for step in guide.pathway(.suspectedVictim)!.steps.dropFirst() { s.done(step.id) }
    // The report: a typed field, a choice, an unknown, the decision and the written report.
    s.type("m", "1", "Alex Counselor")
    s.expect(.reportFieldSet(field: "reporter-name", value: .text("Alex Counselor")))
    s.type("4", "5")
    s.expect(.reportFieldSet(field: "reporter-capacity", value: .text("Certificated pupil personnel employee (counselor)")))
    s.type("6", "unknown")
    s.expect(.reportFieldSet(field: "child-name-address", value: .unknown))
    s.type("y")
    s.expect(.reportDecided(.reporting))
    s.type("w", "", "W-77")
    s.expect(.writtenReportSent(at: PlainFixtures.now, reference: "W-77"))
    s.type("b", "s")
    s.finishAndPrint()
    let played = PlainFixtures.run(s.lines)
    check(s, played)
    let summary = played.printedSummary() ?? ""
    // The 36 hours count from when the information was received (09:00, answered when the case
    // entered the suspected-victim pathway), not from the phone call at 08:45 (issue 12).
    #expect(summary.contains("Information received: 2026-01-15 09:00 (UTC-08:00)"), "\(summary)")
    #expect(summary.contains("Written report due: 2026-01-16 21:00 (UTC-08:00)"), "\(summary)")
    #expect(!summary.contains("2026-01-16 20:45"), "a deadline counted from the phone call")
    #expect(played.output.contains("Contact: Rape Trauma Services, phone 650-692-7273."))
    #expect(played.output.contains("Plain mode keeps no draft when its input is not a terminal: save the summary before you quit."))
  }

  @Test func orangeCountyConfirmedVictimFollowsTheClosestPathway() throws {
    let guide = try PlainFixtures.guide("orange-county")
    var s = Script(guide)
    s.type("2", "4")
    s.expect(.situationChosen(.confirmedVictim))
    s.type("1")
    s.expect(.closestPathwayFollowed)
    s.type("")
    s.expect(.informationReceived(at: PlainFixtures.now))
    try s.call(
      "report-to-cps", agency: "OC CPS hotline", time: "2026-01-15 08:30", outcome: .declined,
      details: "Told to call law enforcement")
    s.done("report-to-cps")
    // A reason is needed; cancel goes back with nothing recorded.
    s.type("x", "", "cancel")
    for step in guide.pathway(.suspectedRecruitment)!.steps.dropFirst() { s.done(step.id) }
    s.type("m", "n", "Counsel advised the earlier report covers it")
    s.expect(.reportDecided(.notReporting(reason: "Counsel advised the earlier report covers it")))
    s.type("w", "b")  // refused: the case records a decision not to report
    s.finishAndPrint(.markdown)
    // At a terminal: the empty reason and the refused w are explained and the question asked again.
    let played = PlainFixtures.run(s.lines, terminal: true)
    check(s, played, format: .markdown)
    #expect(played.output.contains("This protocol does not cover: Confirmed victim"))
    #expect(played.output.contains("'Reason' is needed: type it, or type cancel to go back."))
    #expect(played.output.contains("The case records a decision not to report: record that a report is being made first (y)."))
  }

  @Test func sroModelChoosesAgainAfterANotCoveredSituation() throws {
    let guide = try PlainFixtures.guide("sro-model")
    var s = Script(guide)
    s.type("3", "1")
    s.expect(.situationChosen(.atRisk))
    s.type("2", "2")  // choose another situation: suspected recruitment
    s.expect(.situationChosen(.suspectedRecruitment))
    s.done("involve-sro", note: "SRO informed")
    s.type("g 5")
    s.done("sro-website-input")
    s.type("2")  // a bare number goes to that step
    s.done("investigate-campus-impact")
    s.notApplicable("school-consequence", reason: "No student was identified")
    s.notApplicable("possible-arrest", reason: "No investigation has been done")
    s.type("k", "SRO-7")
    s.expect(.referenceSet("SRO-7"))
    s.type("s", "e", "3", "2", "b")  // the JSON summary printed before finishing
    s.finishAndPrint()
    let played = PlainFixtures.run(s.lines)
    check(s, played)
    #expect(played.printedSummary(.json) != nil)
  }

  @Test func usEdSampleRecordsObservationsThenWalksTheSuspectedVictimPathway() throws {
    let guide = try PlainFixtures.guide("us-ed-sample")
    let screening = try #require(guide.screening)
    var s = Script(guide)
    s.type("4", "5")
    s.expect(.screeningOpened)
    let seen: Set = ["academically-off-track", "new-possessions", "older-controlling-partner"]
    for criterion in screening.criteria {
      for item in criterion.items {
        s.type(seen.contains(item.id) ? "y" : "n")
        if seen.contains(item.id) { s.expect(.screeningItemSet(criterion: criterion.id, item: item.id, present: true)) }
      }
    }
    s.type("c", "Seen over two weeks")
    s.expect(.screeningConcluded(note: "Seen over two weeks"))
    s.type("3")
    s.expect(.situationChosen(.suspectedVictim))
    let steps = guide.pathway(.suspectedVictim)!.steps
    for step in steps.dropLast() { s.done(step.id) }
    try s.call(steps.last!.id, outcome: .reportTaken)
    s.done(steps.last!.id)
    s.type("m", "y", "b")
    s.expect(.reportDecided(.reporting))
    s.finishAndPrint(.json)
    let played = PlainFixtures.run(s.lines)
    check(s, played, format: .json)
    #expect(played.output.contains("This protocol carries no report form: reporting follows your state's law."))
  }

  @Test func aScreeningNotMetNeedsItsReason() throws {
    let guide = try PlainFixtures.guide("san-mateo")
    var s = Script(guide)
    s.type("5")
    s.expect(.screeningOpened)
    s.type("n", "n", "n", "n", "n", "n", "n", "n", "c", "", "Nothing seen; weekly check-in")
    s.expect(.screeningConcluded(note: "Nothing seen; weekly check-in"))
    s.finishAndPrint()
    let played = PlainFixtures.run(s.lines, protocolID: "san-mateo", terminal: true)
    check(s, played)
    #expect(played.output.contains("Determination: At-risk concern not met"))
    #expect(played.output.contains("'Reason and decision' is needed"))
    #expect(played.state?.situation == nil)
  }
}
