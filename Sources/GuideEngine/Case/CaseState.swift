/// Everything known about a case: what the events fold to. Plain values, so two states compare
/// with `==` and a replayed log can be checked against the live one.
public struct CaseState: Equatable, Sendable {
  /// Where the user is in the case.
  public enum Phase: Equatable, Sendable {
    case notOpened
    case choosingSituation
    case screening
    /// The chosen situation is not covered by the protocol; the user sees the explanation and
    /// the closest pathway, and decides.
    case notCovered(Situation)
    case walkingPathway
    case finished
  }

  /// Whether the case is still being worked: open, finished with the written report still to be
  /// sent, or closed.
  public enum Lifecycle: String, Equatable, Sendable {
    case open
    case writtenReportPending = "written-report-pending"
    case closed

    public var description: String {
      switch self {
      case .open: return "open"
      case .writtenReportPending: return "written report pending"
      case .closed: return "closed"
      }
    }
  }

  /// How the current situation came to be.
  public enum SituationBasis: Equatable, Sendable {
    case chosen
    case screening
    case escalation(reason: String)
  }

  public var protocolID: String?
  public var mode: CaseMode = .real
  public var reference: String?
  public var openedAt: Timestamp?
  public var finishedAt: Timestamp?
  public var phase: Phase = .notOpened

  public var screeningAnswers = ScreeningAnswers()
  public var screeningConclusion: ScreeningConclusion?

  public var situation: Situation?
  public var situationBasis: SituationBasis?
  /// Every pathway the case has followed, oldest first; the last is the active one.
  public var runs: [PathwayRun] = []
  /// Index of the focused step in the active pathway.
  public var currentStepIndex = 0
  /// Records of every step ever touched, in any pathway the case followed.
  public var steps: [StepKey: StepRecord] = [:]

  public var reportDecision: Timed<ReportDecision>?
  public var reportFields: [String: ReportFieldValue] = [:]
  /// When the information was received (`value`), recorded at `at`; the latest one counts.
  public var informationReceived: Timed<Timestamp>?
  /// The written report: `at` is when it was sent (as the counselor gave it), `value` its
  /// reference.
  public var writtenReportSent: Timed<String?>?
  /// When the written report was marked sent.
  public var writtenReportRecordedAt: Timestamp?
  public var lifecycle: Lifecycle = .open
  /// Why a case was closed with its written report pending.
  public var closed: Timed<String>?
  public var caseNotes: [Timed<String>] = []
  public var timeline: [TimelineEntry] = []
  /// Events accepted so far (rejected events change nothing, this included).
  public var acceptedEvents = 0

  public init() {}

  /// The pathway being followed now.
  public var activeRun: PathwayRun? { runs.last }

  public var isFinished: Bool { phase == .finished }

  public func record(pathway: Situation, step: String) -> StepRecord {
    steps[StepKey(pathway: pathway, step: step)] ?? StepRecord()
  }
}

/// A value with the time it was recorded.
public struct Timed<Value: Equatable & Sendable>: Equatable, Sendable {
  public var at: Timestamp
  public var value: Value
  public init(at: Timestamp, _ value: Value) {
    self.at = at
    self.value = value
  }
}

/// The screening's determination as it was recorded.
public struct ScreeningConclusion: Equatable, Sendable {
  public var at: Timestamp
  public var result: ScreeningResult
  public var note: String?
}

/// One pathway the case followed.
public struct PathwayRun: Equatable, Sendable {
  public var pathway: Situation
  /// The situation it was followed for (differs from `pathway` when the pathway serves several
  /// situations or was followed as the closest to an uncovered one).
  public var situation: Situation
  public var startedAt: Timestamp
  /// True when the protocol does not cover `situation` and the user chose its closest pathway.
  public var followedAsClosest: Bool

  public init(pathway: Situation, situation: Situation, startedAt: Timestamp, followedAsClosest: Bool) {
    self.pathway = pathway
    self.situation = situation
    self.startedAt = startedAt
    self.followedAsClosest = followedAsClosest
  }
}

/// Identifies a step across pathways: the same step id may appear in several pathways.
public struct StepKey: Hashable, Sendable, Comparable {
  public var pathway: Situation
  public var step: String
  public init(pathway: Situation, step: String) {
    self.pathway = pathway
    self.step = step
  }
  public static func < (a: StepKey, b: StepKey) -> Bool {
    (a.pathway, a.step) < (b.pathway, b.step)
  }
}

/// Whether a step was done.
public enum StepStatus: Equatable, Sendable {
  case pending
  case done
  case notApplicable(reason: String)
}

/// What was recorded on one step.
public struct StepRecord: Equatable, Sendable {
  public var status: StepStatus = .pending
  /// When the current status was set.
  public var statusAt: Timestamp?
  public var note: String?
  public var reference: String?
  public var notes: [Timed<String>] = []
  public var calls: [CallRecord] = []
  /// When marked not applicable: whether the counselor confirmed that no mandated report is made.
  public var confirmedNoReport = false
  /// Every status change, oldest first, so a reopened step keeps what it was.
  public var history: [Timed<String>] = []
  /// How many times it was marked done; more than one only after a reopening.
  public var timesDone = 0
  public var timesReopened = 0

  public init() {}

  public var isEmpty: Bool { self == StepRecord() }
}

/// One line of the case's timeline.
public struct TimelineEntry: Equatable, Sendable {
  /// When it was recorded.
  public var at: Timestamp
  public var text: String
  /// When what it records happened, when that differs from when it was recorded (a call made
  /// before it was typed in, the time the information was received).
  public var occurredAt: Timestamp?

  public init(at: Timestamp, text: String, occurredAt: Timestamp? = nil) {
    self.at = at
    self.text = text
    self.occurredAt = occurredAt
  }

  /// The time the timeline lists it at.
  public var time: Timestamp { occurredAt ?? at }
}

extension CaseState {
  /// Every call recorded on any step of any pathway, oldest call first.
  public var allCalls: [CallRecord] {
    steps.sorted { $0.key < $1.key }.flatMap { $0.value.calls }.sorted { $0.calledAt < $1.calledAt }
  }

  /// The phone report: the first call to one of the protocol's reporting agencies in which the
  /// agency took the report, whichever step it was recorded on, made once the information was
  /// received (when that is recorded). A report taken earlier, on an at-risk step before a
  /// disclosure, reported other information: it is not the report of this information.
  public func phoneReport(in guide: GuideProtocol) -> CallRecord? {
    let received = informationReceived?.value
    return allCalls.first { call in
      guide.isPhoneReport(call) && received.map { call.calledAt.secondsSinceEpoch >= $0.secondsSinceEpoch } != false
    }
  }
}
