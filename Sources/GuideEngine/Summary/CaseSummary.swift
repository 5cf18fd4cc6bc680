/// The facts of a case, worked out once from the protocol and the state, for every output
/// format: the text and Markdown summaries and the JSON export all read from here.
public struct CaseSummary: Sendable {
  public let guide: GuideProtocol
  public let state: CaseState
  /// The zone times are shown in: each in the offset and abbreviation in force at that instant
  /// ("2026-11-02 07:00 PST (UTC-08:00)"). Without one, times show at the offset recorded with
  /// them and no abbreviation.
  public let zone: TimeZoneRules?

  public init(guide: GuideProtocol, state: CaseState, zone: TimeZoneRules? = nil) {
    self.guide = guide
    self.state = state
    self.zone = zone
  }

  /// A time for people, in the summary's zone.
  public func show(_ t: Timestamp) -> String { zone?.display(t) ?? t.display }

  /// A time for the JSON export: ISO 8601 with the offset in force then in the summary's zone.
  public func iso(_ t: Timestamp) -> String { (zone?.localize(t) ?? t).iso8601 }

  /// A step of an earlier pathway done as the same act (`act:`) in a later pathway.
  public struct Fulfilment: Equatable, Sendable {
    public var pathway: Pathway
    public var number: Int
    public var step: Step
  }

  /// One step as it stands in one pathway the case followed.
  public struct StepLine: Sendable {
    public var number: Int
    public var step: Step
    public var record: StepRecord
    /// Set when the step is pending here but was done as the same act in a later pathway: it
    /// shows as done there and is not counted as pending.
    public var fulfilledBy: Fulfilment?

    /// Pending and not fulfilled elsewhere.
    public var isPending: Bool { record.status == .pending && fulfilledBy == nil }
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
      let later = state.runs[(index + 1)...].map(\.pathway)
      let steps = pathway.steps.enumerated().map { i, step in
        let record = state.record(pathway: pathway.id, step: step.id)
        return StepLine(
          number: i + 1, step: step, record: record,
          fulfilledBy: record.status == .pending ? fulfilment(of: step, inPathwaysAfter: later) : nil)
      }
      return RunLines(run: run, pathway: pathway, steps: steps, isActive: index == state.runs.count - 1)
    }
  }

  /// The first step done as the same act in one of `pathways` (the ones followed later).
  private func fulfilment(of step: Step, inPathwaysAfter pathways: [Situation]) -> Fulfilment? {
    guard let act = step.act else { return nil }
    for id in pathways {
      guard let pathway = guide.pathway(id), let index = pathway.steps.firstIndex(where: { $0.act == act })
      else { continue }
      let other = pathway.steps[index]
      if state.record(pathway: id, step: other.id).status == .done {
        return Fulfilment(pathway: pathway, number: index + 1, step: other)
      }
    }
    return nil
  }

  /// Steps of the active pathway that are neither done nor marked not applicable.
  public var pendingSteps: [StepLine] {
    runs.last(where: \.isActive)?.steps.filter(\.isPending) ?? []
  }

  /// Steps of earlier pathways left neither done nor marked not applicable when the case
  /// escalated (and not done as the same act later): shown so that nothing recorded as open is
  /// silently dropped.
  public var leftPendingEarlier: [(pathway: Pathway, step: StepLine)] {
    runs.filter { !$0.isActive }.flatMap { run in
      run.steps.filter(\.isPending).map { (run.pathway, $0) }
    }
  }

  /// Contacts named by the steps of every pathway followed (the district's added to them
  /// included), in first-use order.
  public var contactsUsed: [Contact] {
    var seen: [String] = []
    for run in runs {
      for line in run.steps {
        for contact in guide.contacts(for: line.step) where !seen.contains(contact.id) { seen.append(contact.id) }
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

  /// The phone report: the first call to a reporting agency of the protocol in which the agency
  /// took the report, on whichever step it was recorded (PC 11166(a), 11165.9 for the
  /// California protocols).
  public var phoneReport: CallRecord? { state.phoneReport(in: guide) }

  /// When the information was received, if recorded.
  public var informationReceived: Timestamp? { state.informationReceived?.value }

  /// When the written report is due: the protocol's hours after the moment its rule counts
  /// from (the information received), computed on instants.
  public var writtenReportDue: Timestamp? {
    guard let report = guide.mandatedReport, let hours = report.writtenReportHours else { return nil }
    switch report.writtenReportFrom {
    case .informationReceived?: return informationReceived.map { $0.adding(hours: hours) }
    case nil: return nil
    }
  }

  /// Whether the written report is marked sent.
  public var writtenReportIsSent: Bool { state.writtenReportSent != nil }

  /// Seconds until the written report is due (negative once passed); nil when sent or unknown.
  public func timeLeft(now: Timestamp) -> Int64? {
    guard !writtenReportIsSent, let due = writtenReportDue else { return nil }
    return due.secondsSinceEpoch - now.secondsSinceEpoch
  }

  /// How long past its deadline the written report is: when not sent, the time since the
  /// deadline; when sent late, how late it was sent. Nil when not overdue or unknown.
  public func overdueBy(now: Timestamp) -> Int64? {
    guard let due = writtenReportDue else { return nil }
    let end = state.writtenReportSent?.at ?? now
    let late = end.secondsSinceEpoch - due.secondsSinceEpoch
    return late > 0 ? late : nil
  }

  /// While no phone report is recorded: how long ago the information was received (the phone
  /// report is made "immediately or as soon as practicably possible").
  public func sinceInformationReceived(now: Timestamp) -> Int64? {
    guard phoneReport == nil, let received = informationReceived else { return nil }
    return now.secondsSinceEpoch - received.secondsSinceEpoch
  }

  /// Whether a written report is still expected of this case (see
  /// `CaseReducer.writtenReportOutstanding`).
  public var writtenReportOutstanding: Bool {
    CaseReducer(guide: guide).writtenReportOutstanding(state)
  }

  /// The report fields needed always and not entered (marked unknown counts as entered).
  public var neededFieldsNotEntered: [ReportField] {
    (guide.mandatedReport?.fields ?? []).filter { $0.needed == .always && state.reportFields[$0.id] == nil }
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
