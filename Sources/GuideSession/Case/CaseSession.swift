import GuideEngine

/// The open case, as both front ends hold it: the engine's reducer, the state it folded to, the
/// events, and what has not been saved since the summary was last exported (the encrypted draft
/// is kept apart, by `DraftKeeper`). A plain value: the full screen keeps it in its `AppState`.
public struct CaseSession: Equatable, Sendable {
  public let reducer: CaseReducer
  public private(set) var state = CaseState()
  public private(set) var events: [CaseEvent] = []
  /// Events recorded since the summary was last saved or printed (nothing would be lost at zero).
  public private(set) var unsavedEvents = 0
  /// Timeline entries already in a saved summary.
  public private(set) var savedTimeline = 0
  /// The zone the case's times are read and shown in (`CaseZone.system`).
  public var zone: CaseZone = .recorded

  public init(guide: GuideProtocol) { reducer = CaseReducer(guide: guide) }

  /// A new case under `guide`, opened at `at`.
  public static func opened(_ guide: GuideProtocol, mode: CaseMode, at: Timestamp, zone: CaseZone = .recorded) -> CaseSession {
    var session = CaseSession(guide: guide)
    session.zone = zone
    session.send(.opened(protocolID: guide.id, mode: mode), at: at)
    return session
  }

  /// A case continued from its draft: every event replayed through the engine. The events the
  /// engine refuses (a draft written by another version of a protocol) are counted, not kept.
  public static func resumed(_ guide: GuideProtocol, events: [CaseEvent], zone: CaseZone = .recorded) -> (session: CaseSession, refused: Int) {
    var session = CaseSession(guide: guide)
    session.zone = zone
    var refused = 0
    for event in events where session.send(event.action, at: event.at) != nil { refused += 1 }
    return (session, refused)
  }

  public static func == (a: CaseSession, b: CaseSession) -> Bool {
    a.reducer.guide == b.reducer.guide && a.state == b.state && a.events == b.events
      && a.unsavedEvents == b.unsavedEvents && a.savedTimeline == b.savedTimeline && a.zone == b.zone
  }

  public var guide: GuideProtocol { reducer.guide }

  /// Sends an event to the engine; returns the refusal, if any. Viewing a step changes nothing
  /// that a saved summary would miss, so it does not count as unsaved.
  @discardableResult
  public mutating func send(_ action: CaseAction, at: Timestamp) -> CaseError? {
    let event = CaseEvent(at: at, action)
    do throws(CaseError) {
      try reducer.reduce(&state, event)
    } catch {
      return error
    }
    events.append(event)
    if case .stepViewed = action {} else { unsavedEvents += 1 }
    return nil
  }

  /// The summary was saved or printed: what the case holds now is in it.
  public mutating func markSaved() {
    unsavedEvents = 0
    savedTimeline = state.timeline.count
  }

  /// True when quitting now would lose something recorded (more than the opening itself).
  public var wouldLoseWork: Bool { unsavedEvents > 1 || (unsavedEvents == 1 && events.count > 1) }

  /// What happened since the summary was last saved, in words.
  public var unsavedTimeline: ArraySlice<TimelineEntry> { state.timeline.dropFirst(savedTimeline) }

  /// The active pathway, when one is being followed.
  public var pathway: Pathway? { state.activeRun.flatMap { guide.pathway($0.pathway) } }

  public var currentStep: Step? {
    guard let pathway, pathway.steps.indices.contains(state.currentStepIndex) else { return nil }
    return pathway.steps[state.currentStepIndex]
  }

  public var summary: CaseSummary { CaseSummary(guide: guide, state: state, zone: zone.rules) }

  /// Reads a typed time (a call's, the information's) in the case's zone: see `CallTime.read`.
  public func readTime(_ typed: String, now: Timestamp) throws(CallTime.Refusal) -> CallTime {
    try CallTime.read(typed, now: now, zone: zone)
  }

  /// The time now as the forms offer it: HH:MM in the case's zone.
  public func clockNow(_ now: Timestamp) -> String { zone.localize(now).clockText }

  /// The situations the case can escalate to: those ranked above the current one.
  public var escalationTargets: [Situation] {
    let current = state.situation ?? .atRisk
    return Situation.allCases.filter { $0.rank > current.rank }
  }

  /// A call as recorded: the protocol's contact id is kept only while the agency typed is still
  /// that contact's name (a changed name is another agency); empty answers are left out.
  public func callRecord(
    suggestedContact: String?, agency: String, person: String, badge: String, referral: String,
    calledAt: Timestamp, outcome: CallRecord.Outcome, details: String
  ) -> CallRecord {
    let contactID = suggestedContact.flatMap { guide.contact($0)?.name == agency ? $0 : nil }
    return CallRecord(
      contactID: contactID, agency: agency, personSpoken: person.nilIfEmpty, badgeOrID: badge.nilIfEmpty,
      referralNumber: referral.nilIfEmpty, calledAt: calledAt, outcome: outcome, details: details.nilIfEmpty)
  }
}

extension String {
  /// nil for "", the text otherwise (optional answers).
  public var nilIfEmpty: String? { isEmpty ? nil : self }
}
