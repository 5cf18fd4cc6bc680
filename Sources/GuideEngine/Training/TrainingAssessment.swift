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
      // One check, whatever the trainee marked: items the story does not show.
      var extra: [String] = []
      for criterion in guide.screening?.criteria ?? [] {
        for item in criterion.items
        where state.screeningAnswers.isPresent(criterion: criterion.id, item: item.id)
          && !listed.contains("\(criterion.id)\u{0}\(item.id)")
        {
          extra.append(item.short)
        }
      }
      check(
        "Screening: nothing else marked", expected: "no other item marked present",
        chosen: extra.isEmpty ? "no other item marked present" : "also marked present: " + extra.joined(separator: "; "),
        right: extra.isEmpty,
        why: "Mark only what was seen or told: nothing in the story shows the other items.")
      let recorded = state.screeningConclusion?.result.determination
      check(
        "Screening determination", expected: Self.describe(screening.determination),
        chosen: recorded.map(Self.describe) ?? "the screening was not concluded",
        right: recorded == screening.determination,
        why: guide.screening?.evaluate(screening.presentAnswers).reason ?? "")
    }

    // The situation and the pathway followed for it are one decision: one check.
    let firstRun = state.runs.first
    let firstSituation = firstRun?.situation ?? state.situation
    let expectedTitle = expected.pathway.flatMap { guide.pathway($0)?.title }
    let chosenTitle = firstRun.flatMap { guide.pathway($0.pathway)?.title }
    var why = situationWhy(guide)
    if let expectedTitle, expected.pathway != expected.situation {
      why += " The protocol does not cover \(expected.situation?.title.lowercased() ?? "it") and follows '\(expectedTitle)', the closest."
    }
    check(
      "Situation and pathway",
      expected: (expected.situation?.title ?? "none: no pathway is followed")
        + (expectedTitle.map { ", pathway '\($0)'" } ?? ""),
      chosen: (firstSituation?.title ?? "none: no pathway was followed")
        + (chosenTitle.map { ", pathway '\($0)'" } ?? ""),
      right: firstSituation == expected.situation && firstRun?.pathway == expected.pathway, why: why)

    // Every expected pathway earns the same checks whatever the trainee followed: its listed
    // steps, its reporting steps (law enforcement, child protection, the mandated report), and
    // whether every step was recorded. A pathway that should not have been followed earns nothing.
    for pathwayID in expectedPathways(in: guide) {
      guard let pathway = guide.pathway(pathwayID) else { continue }
      let followed = state.runs.contains { $0.pathway == pathwayID }
      let steps = expectedSteps(of: pathway, in: guide)
      let prefix = pathwayID == expected.pathway ? "" : "'\(pathway.title)' "
      let expectedIDs = Set(steps.map(\.id))
      for (offset, step) in pathway.steps.enumerated() {
        // A listed step anywhere on the pathway; a reporting step among those expected recorded.
        guard let expectation = expectation(pathway: pathwayID, step: step, in: guide),
          expectedIDs.contains(step.id)
            || expected.steps.contains(where: { $0.step == step.id && ($0.pathway ?? expected.pathway) == pathwayID })
        else { continue }
        let reporting = guide.isReportingStep(step)
        let record = state.record(pathway: pathwayID, step: step.id)
        let right: Bool
        var chosen = followed ? Self.describe(record.status) : "pathway not followed"
        switch record.status {
        case .done: right = expectation.mark != .notApplicable
        case .notApplicable(let reason):
          chosen += ": \(reason)"
          right = expectation.mark != .done && expectation.accepts(reason: reason, reportingStep: reporting)
        case .pending: right = false
        }
        var expectedText = Self.describe(expectation.mark)
        if expectation.mark != .done, !expectation.acceptedNotApplicable.isEmpty {
          expectedText += " (not applicable only because: " + expectation.acceptedNotApplicable.joined(separator: "; ") + ")"
        }
        check(
          "\(prefix)Step \(offset + 1): \(step.title)\(reporting ? " (reporting step)" : "")",
          expected: expectedText, chosen: chosen, right: right, why: expectation.why)
      }
      let pending = steps.enumerated().filter {
        state.record(pathway: pathway.id, step: $0.element.id).status == .pending
      }
      check(
        "Every step of '\(pathway.title)' recorded",
        expected: "\(steps.count) step\(steps.count == 1 ? "" : "s") marked done or not applicable",
        chosen: !followed
          ? "pathway not followed"
          : pending.isEmpty
            ? "all marked" : "still pending: " + pending.map { "step \($0.offset + 1)" }.joined(separator: ", "),
        right: followed && pending.isEmpty,
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
      if let expectedTime = report.informationReceived {
        // The hour and minute as recorded: typed times are stored with the case zone's offset.
        let recorded = state.informationReceived?.value.clockText
        check(
          "When the information was received", expected: expectedTime.clock,
          chosen: recorded ?? "not recorded", right: recorded == expectedTime.clock, why: expectedTime.why)
      }
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
      .paragraph("The checks: " + assessment.checks.enumerated().map {
        "\($0.offset + 1). \($0.element.topic) (\($0.element.isRight ? "right" : "different"))"
      }.joined(separator: "; ") + "."),
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
    sections.append(.init(title: "What this scenario practises", blocks: [.paragraph(summary)]))
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
