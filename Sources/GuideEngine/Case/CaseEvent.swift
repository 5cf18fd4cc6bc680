/// Whether a case is real or a training walkthrough with a fictional student.
public enum CaseMode: String, Equatable, Sendable {
  case real
  case training
}

/// Something the user did, and when. The case state is what a list of these folds to.
public struct CaseEvent: Equatable, Sendable {
  public var at: Timestamp
  public var action: CaseAction
  public init(at: Timestamp, _ action: CaseAction) {
    self.at = at
    self.action = action
  }
}

/// Everything a user can do to a case. Names say what happened, not what to do next.
public enum CaseAction: Equatable, Sendable {
  /// The case was opened under a protocol; always the first event.
  case opened(protocolID: String, mode: CaseMode)
  /// The counselor's own case reference (never required, never a student's name unless typed).
  case referenceSet(String)
  /// "Not sure: screen the at-risk factors."
  case screeningOpened
  case screeningItemSet(criterion: String, item: String, present: Bool)
  /// Left the screening without concluding it; the answers are kept.
  case screeningLeft
  /// The screening's determination was recorded. When it is not met, `note` (the reason and
  /// what was decided) is required.
  case screeningConcluded(note: String?)
  case situationChosen(Situation)
  /// The situation is not covered by the protocol and the user chose to follow the pathway the
  /// protocol names as closest.
  case closestPathwayFollowed
  case stepViewed(step: String)
  case stepDone(step: String, note: String?, reference: String?)
  /// A step marked not applicable, with the reason. A mandated-report step on a suspected or
  /// confirmed pathway needs `confirmedNoReport`: the counselor confirmed, on purpose, that no
  /// report is made (the reducer refuses it without).
  case stepNotApplicable(step: String, reason: String, confirmedNoReport: Bool = false)
  /// Undo a done or not-applicable mark; the earlier record stays in the step's history.
  case stepReopened(step: String, reason: String?)
  case stepNoteAdded(step: String, text: String)
  case callRecorded(step: String, call: CallRecord)
  case reportDecided(ReportDecision)
  case reportFieldSet(field: String, value: ReportFieldValue)
  /// When the staff member received the information (learned of or observed what gives rise to
  /// the suspicion): the written report's hours count from it. Recorded again to change it; the
  /// earlier time stays in the timeline.
  case informationReceived(at: Timestamp)
  /// The written report was sent at `at` (the time the counselor gives: not after the event,
  /// not before the phone report). Accepted after `finished` while the report is pending.
  case writtenReportSent(at: Timestamp, reference: String?)
  /// Ends a case whose written report is pending, with the reason.
  case caseClosed(reason: String)
  /// The picture changed: at-risk to suspected to confirmed. What was recorded stays.
  case escalated(to: Situation, reason: String)
  case caseNoteAdded(String)
  case finished
}

/// A call to an agency, as the counselor recorded it.
public struct CallRecord: Equatable, Sendable {
  public enum Outcome: String, CaseIterable, Equatable, Sendable {
    case reportTaken = "report-taken"
    case declined = "declined"
    case referredElsewhere = "referred-elsewhere"
    case messageLeft = "message-left"
    case noAnswer = "no-answer"
    case other = "other"

    public var description: String {
      switch self {
      case .reportTaken: return "the agency took the report"
      case .declined: return "the agency declined to take the report"
      case .referredElsewhere: return "the agency referred the caller elsewhere"
      case .messageLeft: return "a message was left"
      case .noAnswer: return "no answer"
      case .other: return "other (see details)"
      }
    }
  }

  /// The protocol contact called, when it is one of the protocol's contacts.
  public var contactID: String?
  /// The agency as the counselor names it (filled from the contact by the front end).
  public var agency: String
  public var personSpoken: String?
  public var badgeOrID: String?
  public var referralNumber: String?
  /// When the call was made, which may be earlier than when it was recorded.
  public var calledAt: Timestamp
  public var outcome: Outcome
  public var details: String?

  public init(
    contactID: String? = nil, agency: String, personSpoken: String? = nil,
    badgeOrID: String? = nil, referralNumber: String? = nil, calledAt: Timestamp,
    outcome: Outcome, details: String? = nil
  ) {
    self.contactID = contactID
    self.agency = agency
    self.personSpoken = personSpoken
    self.badgeOrID = badgeOrID
    self.referralNumber = referralNumber
    self.calledAt = calledAt
    self.outcome = outcome
    self.details = details
  }
}

/// Whether a mandated report is being made; a decision not to is recorded with its reason.
public enum ReportDecision: Equatable, Sendable {
  case reporting
  case notReporting(reason: String)
}

/// A field of the mandated report: what the user typed, or marked unknown.
public enum ReportFieldValue: Equatable, Sendable {
  case text(String)
  case unknown
}
