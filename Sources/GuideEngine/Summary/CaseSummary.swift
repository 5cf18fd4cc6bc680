/// The facts of a case, worked out once from the protocol and the state, for every output
/// format: the text and Markdown summaries and the JSON export all read from here.
public struct CaseSummary: Sendable {
  public let guide: GuideProtocol
  public let state: CaseState

  public init(guide: GuideProtocol, state: CaseState) {
    self.guide = guide
    self.state = state
  }

  /// One step as it stands in one pathway the case followed.
  public struct StepLine: Sendable {
    public var number: Int
    public var step: Step
    public var record: StepRecord
  }

  /// One pathway the case followed, with its steps.
  public struct RunLines: Sendable {
    public var run: PathwayRun
    public var pathway: Pathway
    public var steps: [StepLine]
    public var isActive: Bool
  }

  public var runs: [RunLines] {
    // A pathway followed twice (escalated away and back) is shown once, at its last run.
    let lastIndexOfPathway = Dictionary(
      state.runs.enumerated().map { ($0.element.pathway, $0.offset) }, uniquingKeysWith: max)
    return state.runs.enumerated().compactMap { index, run in
      guard lastIndexOfPathway[run.pathway] == index, let pathway = guide.pathway(run.pathway)
      else { return nil }
      let steps = pathway.steps.enumerated().map { i, step in
        StepLine(number: i + 1, step: step, record: state.record(pathway: pathway.id, step: step.id))
      }
      return RunLines(run: run, pathway: pathway, steps: steps, isActive: index == state.runs.count - 1)
    }
  }

  /// Steps of the active pathway that are neither done nor marked not applicable.
  public var pendingSteps: [StepLine] {
    runs.last(where: \.isActive)?.steps.filter { $0.record.status == .pending } ?? []
  }

  /// Steps of earlier pathways left neither done nor marked not applicable when the case
  /// escalated: shown so that nothing recorded as open is silently dropped.
  public var leftPendingEarlier: [(pathway: Pathway, step: StepLine)] {
    runs.filter { !$0.isActive }.flatMap { run in
      run.steps.filter { $0.record.status == .pending }.map { (run.pathway, $0) }
    }
  }

  /// Contacts named by the steps of every pathway followed, in first-use order.
  public var contactsUsed: [Contact] {
    var seen: [String] = []
    for run in runs {
      for line in run.steps {
        if let id = line.step.contact, !seen.contains(id) { seen.append(id) }
        for call in line.record.calls {
          if let id = call.contactID, !seen.contains(id) { seen.append(id) }
        }
      }
    }
    return seen.compactMap(guide.contact)
  }

  /// Every call recorded, in the order they were made.
  public var calls: [(step: StepLine, pathway: Pathway, call: CallRecord)] {
    runs.flatMap { run in
      run.steps.flatMap { line in line.record.calls.map { (line, run.pathway, $0) } }
    }.sorted { $0.call.calledAt < $1.call.calledAt }
  }

  /// The first call on a mandated-report step in which the agency took the report: the written
  /// report's deadline counts from it (PC 11166(a) for the California protocols).
  public var phoneReport: CallRecord? {
    calls.first { $0.step.step.mandatedReport && $0.call.outcome == .reportTaken }?.call
  }

  /// When the written report is due, if the protocol has such a rule and the phone report is
  /// recorded.
  public var writtenReportDue: Timestamp? {
    guard let hours = guide.mandatedReport?.writtenReportHours, let phone = phoneReport else {
      return nil
    }
    return phone.calledAt.adding(hours: hours)
  }

  /// Each report field with what the user entered; never entered counts as unknown.
  public var reportFields: [(field: ReportField, value: ReportFieldValue, entered: Bool)] {
    (guide.mandatedReport?.fields ?? []).map { field in
      let value = state.reportFields[field.id]
      return (field, value ?? .unknown, value != nil)
    }
  }

  public var confidentialityNotice: String {
    if guide.mandatedReport != nil {
      return "CONFIDENTIAL. Contains mandated-report information: the reporter's identity and the "
        + "report are confidential and disclosed only as the law provides (PC 11167(d), 11167.5)."
    }
    return "CONFIDENTIAL. Student safeguarding record: share only as your district's policy and "
      + "the law allow."
  }

  /// How the situation was determined, in words.
  public var situationBasis: String {
    switch state.situationBasis {
    case .chosen?: return "chosen by the staff member"
    case .screening?: return "determined by the at-risk screening"
    case .escalation(let reason)?: return "escalated: \(reason)"
    case nil:
      if state.screeningConclusion?.result.determination == .notMet {
        return "not determined: the at-risk screening did not meet the criteria"
      }
      return "not yet determined"
    }
  }

  /// The plain statement that the protocol does not cover the situation, if it does not.
  public var coverageNotice: String? {
    guard let situation = state.situation,
      case .notCovered(let explanation, let closest) = guide.coverage(of: situation)
    else { return nil }
    let followed = state.activeRun.map { $0.situation == situation && $0.followedAsClosest } ?? false
    var text = "This protocol does not cover '\(situation.title)'. \(explanation)"
    if let closest {
      text += followed
        ? " The case follows '\(closest.title)', the closest pathway this protocol has."
        : " The closest pathway this protocol has is '\(closest.title)'."
    }
    return text + " The district decides how to proceed; no steps are taken from another protocol."
  }
}
