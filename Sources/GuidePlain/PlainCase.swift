import GuideEngine

/// The open case: the engine's reducer, the state it folded to, the events, and what has not
/// been saved since the summary was last exported (the encrypted draft, if any, is kept apart).
struct PlainCase {
  let reducer: CaseReducer
  private(set) var state = CaseState()
  private(set) var events: [CaseEvent] = []
  /// Events recorded since the summary was last saved or printed.
  private(set) var unsavedEvents = 0
  /// Timeline entries already in a saved summary.
  private(set) var savedTimeline = 0

  init(guide: GuideProtocol) { reducer = CaseReducer(guide: guide) }

  var guide: GuideProtocol { reducer.guide }

  /// Sends an event to the engine; returns the refusal, if any.
  @discardableResult
  mutating func send(_ action: CaseAction, at: Timestamp) -> CaseError? {
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

  mutating func markSaved() {
    unsavedEvents = 0
    savedTimeline = state.timeline.count
  }

  /// True when quitting now would lose something recorded (more than the opening itself).
  var wouldLoseWork: Bool { unsavedEvents > 1 || (unsavedEvents == 1 && events.count > 1) }

  /// What happened since the summary was last saved, in words.
  var unsavedTimeline: ArraySlice<TimelineEntry> { state.timeline.dropFirst(savedTimeline) }

  var pathway: Pathway? { state.activeRun.flatMap { guide.pathway($0.pathway) } }

  var currentStep: Step? {
    guard let pathway, pathway.steps.indices.contains(state.currentStepIndex) else { return nil }
    return pathway.steps[state.currentStepIndex]
  }

  var summary: CaseSummary { CaseSummary(guide: guide, state: state) }
}
