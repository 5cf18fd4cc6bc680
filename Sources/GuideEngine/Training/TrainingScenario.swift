/// A fictional case for training: the story, what to notice, what the protocol expects the
/// trainee to do, and the debrief. Built by GuideProtocols from a `csec-guide-scenario/1` file.
public struct TrainingScenario: Equatable, Sendable {
  public static let formatVersion = 1
  public static let formatName = "csec-guide-scenario"

  public var id: String
  public var title: String
  /// The protocol the trainee walks.
  public var protocolID: String
  /// One line for the list of scenarios: what it practises.
  public var summary: String
  public var documents: [SourceDocument]
  public var inspiredBy: SourceRef?
  public var vignette: String
  public var notice: [String]
  public var expected: Expectations
  public var newInformation: NewInformation?
  public var debrief: [DebriefPoint]

  public init(
    id: String, title: String, protocolID: String, summary: String, documents: [SourceDocument],
    inspiredBy: SourceRef? = nil, vignette: String, notice: [String], expected: Expectations,
    newInformation: NewInformation? = nil, debrief: [DebriefPoint]
  ) {
    self.id = id
    self.title = title
    self.protocolID = protocolID
    self.summary = summary
    self.documents = documents
    self.inspiredBy = inspiredBy
    self.vignette = vignette
    self.notice = notice
    self.expected = expected
    self.newInformation = newInformation
    self.debrief = debrief
  }

  /// Where the scenario is set, for the list of scenarios: the protocol's jurisdiction and id.
  /// Never what it teaches (that is the `summary`, shown in the debrief).
  public func setting(_ guide: GuideProtocol?) -> String {
    guard let guide else { return "Protocol: \(protocolID)" }
    return "\(guide.jurisdiction) (protocol \(guide.id))"
  }

  /// "Document title, location", for citations in the debrief.
  public func describe(_ source: SourceRef) -> String {
    let title = documents.first { $0.id == source.document }?.title ?? source.document
    return "\(title), \(source.location)"
  }

  /// What the trainee is expected to do.
  public struct Expectations: Equatable, Sendable {
    public var screening: ScreeningExpectation?
    /// The first situation the case should follow; nil when no pathway should be followed
    /// (the screening's criteria are not met).
    public var situation: Situation?
    /// The pathway followed for it: the one that serves it, or the protocol's closest.
    public var pathway: Situation?
    /// Why that situation fits the story (the debrief's reason for the situation check).
    public var why: String?
    public var steps: [StepExpectation]
    public var report: ReportExpectation?

    public init(
      screening: ScreeningExpectation? = nil, situation: Situation?, pathway: Situation?, why: String? = nil,
      steps: [StepExpectation] = [], report: ReportExpectation? = nil
    ) {
      self.screening = screening
      self.situation = situation
      self.why = why
      self.pathway = pathway
      self.steps = steps
      self.report = report
    }
  }

  public struct ScreeningExpectation: Equatable, Sendable {
    public var determination: ScreeningResult.Determination
    public var answers: [ExpectedAnswer]
    public init(determination: ScreeningResult.Determination, answers: [ExpectedAnswer]) {
      self.determination = determination
      self.answers = answers
    }

    /// The answers marked present, as the engine's `ScreeningAnswers`.
    public var presentAnswers: ScreeningAnswers {
      var answers = ScreeningAnswers()
      for answer in self.answers where answer.present {
        answers.set(criterion: answer.criterion, item: answer.item, present: true)
      }
      return answers
    }
  }

  /// One item of the screening and whether the story shows it.
  public struct ExpectedAnswer: Equatable, Sendable {
    public var criterion: String
    public var item: String
    public var present: Bool
    public var why: String
    public init(criterion: String, item: String, present: Bool, why: String) {
      self.criterion = criterion
      self.item = item
      self.present = present
      self.why = why
    }
  }

  public struct StepExpectation: Equatable, Sendable {
    public enum Mark: String, Equatable, Sendable, CaseIterable {
      case done
      case notApplicable = "not-applicable"
      /// Done or not applicable: either is right, the debrief explains.
      case addressed
    }
    public var step: String
    /// The pathway the step belongs to; nil: the first pathway the scenario expects.
    public var pathway: Situation?
    public var mark: Mark
    public var why: String
    /// The reasons for which "not applicable" is right: the recorded reason must contain one of
    /// them (case is ignored). Empty: any reason is accepted, except on a reporting step, where
    /// "not applicable" is then never right.
    public var acceptedNotApplicable: [String]
    public init(step: String, pathway: Situation? = nil, mark: Mark, why: String, acceptedNotApplicable: [String] = []) {
      self.step = step
      self.pathway = pathway
      self.mark = mark
      self.why = why
      self.acceptedNotApplicable = acceptedNotApplicable
    }

    /// True when `reason` (a "not applicable" reason) is one the scenario accepts.
    public func accepts(reason: String, reportingStep: Bool) -> Bool {
      if acceptedNotApplicable.isEmpty { return !reportingStep }
      let reason = reason.lowercased()
      return acceptedNotApplicable.contains { reason.contains($0.lowercased()) }
    }
  }

  public struct ReportExpectation: Equatable, Sendable {
    public var reporting: Bool
    public var why: String
    /// When the story says the information was received, as its clock time ("07:50"): the
    /// written report's hours count from it, not from the call.
    public var informationReceived: InformationReceived?
    public init(reporting: Bool, why: String, informationReceived: InformationReceived? = nil) {
      self.reporting = reporting
      self.why = why
      self.informationReceived = informationReceived
    }
  }

  /// The story's time of the information, as a clock time: the fictional case runs on today's
  /// date, so the check compares the hour and minute the trainee recorded, on any date.
  public struct InformationReceived: Equatable, Sendable {
    /// "HH:MM", 24-hour.
    public var clock: String
    public var why: String
    public init(clock: String, why: String) {
      self.clock = clock
      self.why = why
    }
  }

  /// The picture changes part-way: shown once `afterStep` of the first pathway is marked.
  public struct NewInformation: Equatable, Sendable {
    public var afterStep: String
    public var text: String
    public var escalateTo: Situation
    public var why: String
    public init(afterStep: String, text: String, escalateTo: Situation, why: String) {
      self.afterStep = afterStep
      self.text = text
      self.escalateTo = escalateTo
      self.why = why
    }
  }

  public struct DebriefPoint: Equatable, Sendable {
    public var text: String
    public var source: SourceRef
    public init(text: String, source: SourceRef) {
      self.text = text
      self.source = source
    }
  }
}

extension TrainingScenario {
  /// The pathways the scenario expects the trainee to walk, in order: the first one, then the one
  /// followed after the new information (when it is another).
  public func expectedPathways(in guide: GuideProtocol) -> [Situation] {
    var result: [Situation] = []
    if let first = expected.pathway { result.append(first) }
    if let target = newInformation?.escalateTo, let next = guide.coverage(of: target).followedPathway,
      !result.contains(next.id)
    {
      result.append(next.id)
    }
    return result
  }

  /// The steps of an expected pathway that the trainee is expected to record: for the first
  /// pathway of an escalating case, the steps up to `after-step`.
  public func expectedSteps(of pathway: Pathway, in guide: GuideProtocol) -> [Step] {
    guard let info = newInformation, pathway.id == expected.pathway,
      expectedPathways(in: guide).count > 1, let last = pathway.index(of: info.afterStep)
    else { return pathway.steps }
    return Array(pathway.steps.prefix(last + 1))
  }

  /// The expectation for a step, listed in the scenario or, for a reporting step (see
  /// `GuideProtocol.isReportingStep`) that is not listed, "done".
  public func expectation(pathway: Situation, step: Step, in guide: GuideProtocol) -> StepExpectation? {
    if let listed = expected.steps.first(where: { $0.step == step.id && ($0.pathway ?? expected.pathway) == pathway }) {
      return listed
    }
    guard guide.isReportingStep(step) else { return nil }
    let what = step.mandatedReport
      ? "This is the protocol's mandated-report step"
      : "This step involves law enforcement or child protection"
    return StepExpectation(
      step: step.id, pathway: pathway, mark: .done,
      why: "\(what): it is done, and the story gives no reason the scenario accepts for recording it as not applying.")
  }

  /// True once the new information should be shown: its step of the first pathway is marked.
  public func newInformationDue(in state: CaseState) -> Bool {
    guard let info = newInformation, let first = state.runs.first else { return false }
    return state.record(pathway: first.pathway, step: info.afterStep).status != .pending
  }
}
