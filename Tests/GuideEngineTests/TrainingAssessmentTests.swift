import GuideEngine
import Testing

/// The assessment of a training walkthrough, on events sent straight to the reducer: which
/// checks there are, when each is right, and what the debrief says.
@Suite struct TrainingAssessmentTests {
  /// A San Mateo scenario: two criterion-2 indicators (at-risk), a tempting criterion-1 factor,
  /// step 2 expected done, then new information that makes the student a suspected victim.
  func scenario(_ guide: GuideProtocol) throws -> TrainingScenario {
    let c2 = try #require(guide.screening?.criterion("criterion-2"))
    let c1 = try #require(guide.screening?.criterion("criterion-1"))
    let atRisk = try #require(guide.pathway(.atRisk))
    return TrainingScenario(
      id: "t", title: "T", protocolID: guide.id, summary: "S",
      documents: [SourceDocument(id: "d", title: "Doc", publisher: "P")],
      vignette: "First paragraph.\n\nSecond paragraph.", notice: ["Two indicators."],
      expected: .init(
        screening: .init(determination: .met, answers: [
          .init(criterion: "criterion-2", item: c2.items[0].id, present: true, why: "Shown in the story."),
          .init(criterion: "criterion-2", item: c2.items[2].id, present: true, why: "Also shown."),
          .init(criterion: "criterion-1", item: c1.items[0].id, present: false, why: "Only tempting."),
        ]),
        situation: .atRisk, pathway: .atRisk, why: "Two indicators and nothing more.",
        steps: [.init(step: atRisk.steps[1].id, mark: .done, why: "Always done.")],
        report: .init(reporting: true, why: "The at-risk pathway's first step.")),
      newInformation: .init(afterStep: atRisk.steps[1].id, text: "She tells you more.", escalateTo: .suspectedVictim, why: "A disclosure."),
      debrief: [.init(text: "Point.", source: SourceRef(document: "d", location: "p. 1"))])
  }

  func walkAsExpected(_ guide: GuideProtocol, _ scenario: TrainingScenario) throws -> CaseDriver {
    var d = try CaseDriver(guide, mode: .training)
    try d.send(.screeningOpened)
    for answer in scenario.expected.screening!.answers where answer.present {
      try d.send(.screeningItemSet(criterion: answer.criterion, item: answer.item, present: true))
    }
    try d.send(.screeningConcluded(note: nil))
    let atRisk = guide.pathway(.atRisk)!
    #expect(!scenario.newInformationDue(in: d.state))
    for step in atRisk.steps.prefix(2) { try d.send(.stepDone(step: step.id, note: nil, reference: nil)) }
    #expect(scenario.newInformationDue(in: d.state))
    try d.send(.escalated(to: .suspectedVictim, reason: "She told me."))
    for step in guide.pathway(.suspectedVictim)!.steps { try d.send(.stepDone(step: step.id, note: nil, reference: nil)) }
    try d.send(.reportDecided(.reporting))
    try d.send(.finished)
    return d
  }

  @Test func theExpectedWalkIsRightOnEveryCheck() throws {
    let guide = try Fixtures.guide("san-mateo")
    let scenario = try scenario(guide)
    let d = try walkAsExpected(guide, scenario)
    let assessment = scenario.assess(d.state, guide: guide)
    #expect(assessment.differences.isEmpty, "\(assessment.differences)")
    // 3 answers, nothing else marked, determination, situation and pathway; at-risk: the report
    // step (a reporting step, checked though not listed), step 2, every step recorded; suspected
    // victim: its three reporting steps, every step recorded; escalation; report.
    #expect(assessment.total == 15, "\(assessment.checks.map(\.topic))")
    #expect(assessment.scoreText == "15 of 15 checks right (100%)")
    let situation = try #require(assessment.checks.first { $0.topic == "Situation and pathway" })
    #expect(situation.why == "Two indicators and nothing more.")
    #expect(assessment.checks.contains { $0.topic == "Step 1: Make a Child Welfare report (reporting step)" })
    let document = scenario.debriefDocument(assessment).plainText(width: 100)
    #expect(document.contains("Every choice matched the expected one."))
    #expect(document.contains("Source: Doc, p. 1"))
    #expect(!document.contains("DIFFERENT"))
  }

  @Test func eachMistakeIsADifferenceWithItsReason() throws {
    let guide = try Fixtures.guide("san-mateo")
    let scenario = try scenario(guide)
    let c1 = guide.screening!.criterion("criterion-1")!
    let c2 = guide.screening!.criterion("criterion-2")!
    var d = try CaseDriver(guide, mode: .training)
    try d.send(.screeningOpened)
    // The tempting factor marked, one indicator missed, and an unlisted one marked.
    try d.send(.screeningItemSet(criterion: "criterion-1", item: c1.items[0].id, present: true))
    try d.send(.screeningItemSet(criterion: "criterion-2", item: c2.items[0].id, present: true))
    try d.send(.screeningItemSet(criterion: "criterion-2", item: c2.items[4].id, present: true))
    try d.send(.screeningConcluded(note: nil))
    try d.send(.stepNotApplicable(step: guide.pathway(.atRisk)!.steps[1].id, reason: "No."))
    try d.send(.reportDecided(.notReporting(reason: "Not sure.")))
    try d.send(.finished)
    let assessment = scenario.assess(d.state, guide: guide)
    let different = Dictionary(assessment.differences.map { ($0.topic, $0) }, uniquingKeysWith: { a, _ in a })
    #expect(different["Screening: \(c1.items[0].short)"]?.why == "Only tempting.")
    #expect(different["Screening: \(c2.items[2].short)"]?.expected == "marked present")
    #expect(different["Screening: nothing else marked"]?.chosen == "also marked present: \(c2.items[4].short)")
    #expect(different["Step 2: \(guide.pathway(.atRisk)!.steps[1].title)"]?.chosen == "not applicable: No.")
    #expect(different["Every step of '\(guide.pathway(.atRisk)!.title)' recorded"] != nil)
    #expect(different["Escalation after the new information"]?.chosen == "not escalated")
    #expect(different["Mandated report"]?.chosen == "no report is made")
    // Right: the indicator that was marked, the determination (criterion 1 met), the
    // situation and pathway (one check).
    #expect(assessment.right == 3, "\(assessment.checks.filter(\.isRight).map(\.topic))")
    let text = scenario.debriefDocument(assessment).plainText(width: 200)
    for difference in assessment.differences { #expect(text.contains("DIFFERENT: \(difference.topic)")) }
  }

  @Test func aPathwayThatShouldNotBeFollowedEarnsNoStepCredit() throws {
    let guide = try Fixtures.guide("san-mateo")
    var scenario = try scenario(guide)
    scenario.expected = .init(
      screening: .init(determination: .notMet, answers: [
        .init(criterion: "criterion-2", item: guide.screening!.criterion("criterion-2")!.items[0].id, present: true, why: "One only.")
      ]),
      situation: nil, pathway: nil)
    scenario.newInformation = nil
    var d = try CaseDriver(guide, mode: .training)
    try d.send(.situationChosen(.atRisk))
    for step in guide.pathway(.atRisk)!.steps { try d.send(.stepDone(step: step.id, note: nil, reference: nil)) }
    try d.send(.finished)
    let assessment = scenario.assess(d.state, guide: guide)
    #expect(!assessment.checks.contains { $0.topic.hasPrefix("Every step") })
    #expect(assessment.differences.map(\.topic).contains("Situation and pathway"))
    #expect(assessment.checks.first { $0.topic == "Screening determination" }?.chosen == "the screening was not concluded")
  }
}
