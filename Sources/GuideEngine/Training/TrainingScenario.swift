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
    public var mark: Mark
    public var why: String
    public init(step: String, mark: Mark, why: String) {
      self.step = step
      self.mark = mark
      self.why = why
    }
  }

  public struct ReportExpectation: Equatable, Sendable {
    public var reporting: Bool
    public var why: String
    public init(reporting: Bool, why: String) {
      self.reporting = reporting
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
  /// True once the new information should be shown: its step of the first pathway is marked.
  public func newInformationDue(in state: CaseState) -> Bool {
    guard let info = newInformation, let first = state.runs.first else { return false }
    return state.record(pathway: first.pathway, step: info.afterStep).status != .pending
  }
}
