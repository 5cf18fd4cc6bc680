/// One comparison of the trainee's walkthrough with the scenario: what was expected, what was
/// chosen, and why the expected answer is right.
public struct TrainingCheck: Equatable, Sendable {
  public var topic: String
  public var expected: String
  public var chosen: String
  public var isRight: Bool
  public var why: String
}

/// Every check of a walkthrough, and the score.
public struct TrainingAssessment: Equatable, Sendable {
  public var checks: [TrainingCheck]
  public var right: Int { checks.filter(\.isRight).count }
  public var total: Int { checks.count }
  public var differences: [TrainingCheck] { checks.filter { !$0.isRight } }
  /// "7 of 9 checks right (78%)".
  public var scoreText: String {
    let percent = total == 0 ? 100 : (right * 100 + total / 2) / total
    return "\(right) of \(total) check\(total == 1 ? "" : "s") right (\(percent)%)"
  }
}

extension TrainingScenario {
  /// Compares the case the trainee walked with what the scenario expects. Pure: the same state
  /// always gives the same checks, in the order the trainee met them.
  public func assess(_ state: CaseState, guide: GuideProtocol) -> TrainingAssessment {
    var checks: [TrainingCheck] = []
    func check(_ topic: String, expected: String, chosen: String, right: Bool, why: String) {
      checks.append(TrainingCheck(topic: topic, expected: expected, chosen: chosen, isRight: right, why: why))
    }

    if let screening = expected.screening {
      let listed = Set(screening.answers.map { "\($0.criterion)\u{0}\($0.item)" })
      for answer in screening.answers {
        let item = guide.screening?.criterion(answer.criterion)?.item(answer.item)
        let marked = state.screeningAnswers.isPresent(criterion: answer.criterion, item: answer.item)
        check(
          "Screening: \(item?.short ?? answer.item)",
          expected: answer.present ? "marked present" : "left unmarked",
          chosen: marked ? "marked present" : "left unmarked",
          right: marked == answer.present, why: answer.why)
      }
      for criterion in guide.screening?.criteria ?? [] {
        for item in criterion.items
        where state.screeningAnswers.isPresent(criterion: criterion.id, item: item.id)
          && !listed.contains("\(criterion.id)\u{0}\(item.id)")
        {
          check(
            "Screening: \(item.short)", expected: "left unmarked", chosen: "marked present", right: false,
            why: "Nothing in the story shows this \(criterion.itemNoun.singular): mark only what was seen or told.")
        }
      }
      let recorded = state.screeningConclusion?.result.determination
      check(
        "Screening determination", expected: Self.describe(screening.determination),
        chosen: recorded.map(Self.describe) ?? "the screening was not concluded",
        right: recorded == screening.determination,
        why: guide.screening?.evaluate(screening.presentAnswers).reason ?? "")
    }

    let firstRun = state.runs.first
    let firstSituation = firstRun?.situation ?? state.situation
    check(
      "Situation", expected: expected.situation?.title ?? "none: no pathway is followed",
      chosen: firstSituation?.title ?? "none: no pathway was followed",
      right: firstSituation == expected.situation, why: situationWhy(guide))

    if let pathwayID = expected.pathway {
      let title = guide.pathway(pathwayID)?.title ?? pathwayID.rawValue
      check(
        "Pathway", expected: title,
        chosen: firstRun.flatMap { guide.pathway($0.pathway)?.title } ?? "no pathway was followed",
        right: firstRun?.pathway == pathwayID,
        why: firstRun?.followedAsClosest == true || pathwayID != expected.situation
          ? "The protocol follows '\(title)' for \(expected.situation?.title.lowercased() ?? "this situation")."
          : "The protocol's pathway for \(expected.situation?.title.lowercased() ?? "this situation").")
    }

    for stepExpectation in expected.steps {
      guard let pathwayID = expected.pathway, let pathway = guide.pathway(pathwayID) else { continue }
      let status = state.record(pathway: pathwayID, step: stepExpectation.step).status
      let index = pathway.index(of: stepExpectation.step).map { $0 + 1 }
      let title = pathway.step(stepExpectation.step)?.title ?? stepExpectation.step
      let right: Bool
      switch (stepExpectation.mark, status) {
      case (.done, .done), (.notApplicable, .notApplicable), (.addressed, .done), (.addressed, .notApplicable):
        right = true
      default:
        right = false
      }
      check(
        "Step \(index.map(String.init) ?? "?"): \(title)", expected: Self.describe(stepExpectation.mark),
        chosen: Self.describe(status), right: right, why: stepExpectation.why)
    }

    // Steps are checked on the pathways the scenario expects: a pathway that should not have
    // been followed is already a difference, and walking it well earns nothing.
    var expectedPathways = Set<Situation>()
    if let first = expected.pathway { expectedPathways.insert(first) }
    if let target = newInformation?.escalateTo, let pathway = guide.coverage(of: target).followedPathway {
      expectedPathways.insert(pathway.id)
    }
    var seen = Set<Situation>()
    for (number, run) in state.runs.enumerated()
    where expectedPathways.contains(run.pathway) && seen.insert(run.pathway).inserted {
      guard let pathway = guide.pathway(run.pathway) else { continue }
      var steps = pathway.steps
      if number == 0, let info = newInformation, state.runs.count > 1, let last = pathway.index(of: info.afterStep) {
        steps = Array(steps.prefix(last + 1))
      }
      let pending = steps.enumerated().filter {
        state.record(pathway: pathway.id, step: $0.element.id).status == .pending
      }
      check(
        "Every step of '\(pathway.title)' recorded",
        expected: "\(steps.count) step\(steps.count == 1 ? "" : "s") marked done or not applicable",
        chosen: pending.isEmpty
          ? "all marked" : "still pending: " + pending.map { "step \($0.offset + 1)" }.joined(separator: ", "),
        right: pending.isEmpty,
        why: "A protocol is followed step by step: each step is either done or recorded as not applying, with the reason, so that nothing is dropped.")
    }

    if let info = newInformation {
      let escalated = state.runs.count > 1 || state.situation != firstSituation
      check(
        "Escalation after the new information", expected: "escalated to \(info.escalateTo.title)",
        chosen: escalated ? "escalated to \(state.situation?.title ?? "?")" : "not escalated",
        right: escalated && state.situation == info.escalateTo, why: info.why)
    }

    if let report = expected.report {
      let decision = state.reportDecision?.value
      let chosen: String
      switch decision {
      case .reporting?: chosen = "a report is made"
      case .notReporting?: chosen = "no report is made"
      case nil: chosen = "no decision recorded"
      }
      let right: Bool
      if case .reporting? = decision { right = report.reporting } else if case .notReporting? = decision {
        right = !report.reporting
      } else {
        right = false
      }
      check(
        "Mandated report", expected: report.reporting ? "a report is made" : "no report is made",
        chosen: chosen, right: right, why: report.why)
    }
    return TrainingAssessment(checks: checks)
  }

  private func situationWhy(_ guide: GuideProtocol) -> String {
    if let why = expected.why { return why }
    guard let situation = expected.situation else {
      return "The at-risk criteria are not met, so no pathway is followed; the reason and what was decided are recorded."
    }
    if let screening = expected.screening, screening.determination == .met {
      return "The screening's criteria are met, which leads to '\(situation.title)'."
    }
    return situation.whenItApplies
  }

  static func describe(_ determination: ScreeningResult.Determination) -> String {
    switch determination {
    case .met: return "criteria met"
    case .notMet: return "criteria not met"
    case .observationsRecorded: return "observations recorded (no threshold)"
    }
  }

  static func describe(_ mark: StepExpectation.Mark) -> String {
    switch mark {
    case .done: return "done"
    case .notApplicable: return "not applicable"
    case .addressed: return "done or not applicable"
    }
  }

  static func describe(_ status: StepStatus) -> String {
    switch status {
    case .pending: return "still pending"
    case .done: return "done"
    case .notApplicable: return "not applicable"
    }
  }
}

extension TrainingScenario {
  /// The debrief as headed sections, for the screen, plain mode and the text renderer.
  public func debriefDocument(_ assessment: TrainingAssessment) -> SummaryDocument {
    var sections: [SummaryDocument.Section] = []
    sections.append(.init(title: "Score", blocks: [
      .paragraph("\(assessment.scoreText)."),
      .paragraph(assessment.differences.isEmpty
        ? "Every choice matched the expected one."
        : "\(assessment.differences.count) difference\(assessment.differences.count == 1 ? "" : "s") from the expected choices, each with the reason below."),
    ]))
    func item(_ c: TrainingCheck) -> SummaryDocument.Block {
      .item(
        "\(c.isRight ? "RIGHT" : "DIFFERENT"): \(c.topic)",
        details: ["Expected: \(c.expected). You: \(c.chosen).", "Why: \(c.why)"])
    }
    if !assessment.differences.isEmpty {
      sections.append(.init(title: "Differences", blocks: assessment.differences.map(item)))
    }
    let right = assessment.checks.filter(\.isRight)
    if !right.isEmpty {
      sections.append(.init(title: "Choices that matched", blocks: right.map(item)))
    }
    sections.append(.init(title: "What to notice in the story", blocks: notice.map { .item($0, details: []) }))
    sections.append(.init(title: "Debrief points", blocks: debrief.map {
      .item($0.text, details: ["Source: \(describe($0.source))"])
    }))
    return SummaryDocument(
      title: "Debrief: \(title)",
      notices: ["TRAINING: a fictional case. Nothing was saved."],
      sections: sections)
  }

  /// The story as the trainee reads it before starting.
  public func briefingDocument(protocolTitle: String) -> SummaryDocument {
    var blocks = TextWrap.paragraphs(vignette).map(SummaryDocument.Block.paragraph)
    if let inspiredBy { blocks.append(.paragraph("Inspired by: \(describe(inspiredBy)).")) }
    return SummaryDocument(
      title: "Scenario: \(title)",
      notices: [],
      sections: [
        .init(title: "Protocol", blocks: [.paragraph(protocolTitle)]),
        .init(title: "The story", blocks: blocks),
      ])
  }
}

extension String {
  /// "factors" to "factor", for messages about one item.
  fileprivate var singular: String { hasSuffix("s") ? String(dropLast()) : self }
}
