import GuideEngine

/// A protocol the user can choose, with where it was loaded from.
public struct ProtocolChoice: Equatable, Sendable {
  public var guide: GuideProtocol
  public var origin: String
  public init(guide: GuideProtocol, origin: String) {
    self.guide = guide
    self.origin = origin
  }
}

/// The open case: the engine's reducer, the state it folded to, and the event log.
public struct CaseSession: Equatable, Sendable {
  public let reducer: CaseReducer
  public private(set) var state = CaseState()
  public private(set) var events: [CaseEvent] = []
  /// Events recorded since the summary was last saved (nothing would be lost at zero).
  public var unsavedEvents = 0

  public init(guide: GuideProtocol) { reducer = CaseReducer(guide: guide) }

  public static func == (a: CaseSession, b: CaseSession) -> Bool {
    a.reducer.guide == b.reducer.guide && a.state == b.state && a.events == b.events
  }

  public var guide: GuideProtocol { reducer.guide }

  /// Sends an event to the engine; returns the refusal, if any.
  @discardableResult
  public mutating func send(_ action: CaseAction, at: Timestamp) -> CaseError? {
    let event = CaseEvent(at: at, action)
    do throws(CaseError) {
      try reducer.reduce(&state, event)
      events.append(event)
      if case .stepViewed = action {} else { unsavedEvents += 1 }
      return nil
    } catch {
      return error
    }
  }

  /// The active pathway, when one is being followed.
  public var pathway: Pathway? { state.activeRun.flatMap { guide.pathway($0.pathway) } }

  public var currentStep: Step? {
    guard let pathway, pathway.steps.indices.contains(state.currentStepIndex) else { return nil }
    return pathway.steps[state.currentStepIndex]
  }
}

/// Where an exported summary goes.
public enum ExportDestination: String, CaseIterable, Equatable, Sendable {
  case file
  /// Printed to standard output after the screen is restored (only when asked).
  case printAfterExit
  /// Copied to the user's own clipboard through the terminal (OSC 52, only when asked).
  case clipboard

  public var title: String {
    switch self {
    case .file: return "Save to a new file (readable only by you)"
    case .printAfterExit: return "Print to the terminal after the guide closes"
    case .clipboard: return "Copy to my clipboard through the terminal (OSC 52)"
    }
  }
}

/// Things only the front end does: the runner carries them out after `update` returns.
public enum Effect: Equatable, Sendable {
  case quit
  /// Remember the chosen protocol for next time (not case data).
  case rememberProtocol(String)
  case export(SummaryFormat, ExportDestination)
  /// Start the encrypted draft of a new real case with this passphrase.
  case startDraft(passphrase: String)
  /// Check the passphrase typed on the lock screen.
  case unlock(passphrase: String)
  /// Open a saved draft and continue its case.
  case resumeDraft(id: String, passphrase: String)
  /// The summary was shown (an audit entry of the case log).
  case summaryViewed
  /// The case was dropped before anything was recorded (back to the protocol choice): its
  /// draft, if one was started, goes too.
  case caseAbandoned
}

/// A draft as the resume screen lists it: never its content.
public struct DraftChoice: Equatable, Sendable {
  public var id: String
  public var protocolID: String?
  public var reference: String?
  public var opened: Timestamp?
  public var updated: Timestamp?
  public var problem: String?
  public init(id: String, protocolID: String?, reference: String?, opened: Timestamp?, updated: Timestamp?, problem: String?) {
    self.id = id
    self.protocolID = protocolID
    self.reference = reference
    self.opened = opened
    self.updated = updated
    self.problem = problem
  }
}

/// The lock screen: nothing of the case is shown until the passphrase is typed.
public struct LockScreen: Equatable, Sendable {
  public var passphrase = TextEditor("", multiline: false)
  public var failedAttempts = 0
  public var reason: String
  /// What the case screen was showing, restored on unlock.
  public var hiddenModal: Modal?
  public var message: String?
}

/// A dialog over the current screen.
public indirect enum Modal: Equatable, Sendable {
  case help
  case confirmQuit
  case confirmFinish
  case form(Form)
  /// Definitions, risk factors, indicators and contacts; closing it returns to `over`.
  case reference(over: Modal?)
  /// Training: the scenario's story (and the new information, once shown).
  case story
  /// Training: the picture changes part-way through the scenario.
  case newInformation
}

/// A training walkthrough: the scenarios, the one being walked, and where the trainer is.
public struct TrainingState: Equatable, Sendable {
  public var scenarios: [TrainingScenario]
  public var listIndex = 0
  /// Digits typed on the list so far (two digits reach items 10 and up).
  public var typedNumber = ""
  /// The scenario being briefed, walked or debriefed.
  public var active: TrainingScenario?
  public var newInformationShown = false
  public var scroll = 0

  public init(scenarios: [TrainingScenario]) { self.scenarios = scenarios }
}

/// The screens that are not simply the case's phase.
public enum Route: Equatable, Sendable {
  case start
  /// The drafts that can be resumed (`csec-guide resume`).
  case drafts
  /// The screen that follows the case's phase: situation, screening, not covered, or step.
  case casePhase
  /// Choosing a situation again after "not covered" (the engine allows it in that phase).
  case situationAgain
  case report
  case review
  /// Training: the list of scenarios, a scenario's story, and the debrief after it.
  case scenarios
  case briefing
  case debrief
}

/// Everything the front end shows: the case plus where the user is on each screen. A plain
/// value, stepped by `update(_:now:)`, drawn by `Screens.render`: no curses in here.
public struct AppState: Equatable, Sendable {
  public var protocols: [ProtocolChoice]
  public var route: Route = .start
  public var session: CaseSession?
  public var modal: Modal?
  /// One line of feedback: what just happened, or why an action was refused.
  public var status: String?
  public var startIndex = 0
  public var situationIndex = 0
  public var screeningIndex = 0
  public var notCoveredIndex = 0
  public var reportIndex = 0
  public var stepScroll = 0
  public var reviewScroll = 0
  public var helpScroll = 0
  public var draftIndex = 0
  /// Digits typed on the drafts list so far (two digits reach drafts 10 and up).
  var typedNumber = ""
  public var referenceScroll = 0
  /// Set in a training walkthrough (`csec-guide train`): fictional cases, nothing saved.
  public var training: TrainingState?
  /// Drafts offered on the resume screen.
  public var drafts: [DraftChoice] = []
  /// Set while the screen is locked (panic key or idle time).
  public var lock: LockScreen?
  /// A real case keeps an encrypted draft: a passphrase is asked when it starts.
  public var draftsEnabled = true
  /// True once the case has a passphrase (so the screen can be locked).
  public var hasPassphrase = false
  /// True while every event is safely in the encrypted draft (set by the runner).
  public var draftKeepsCase = false
  /// Effects gathered while one key is handled.
  var outbox: [Effect] = []
  /// The dialog to go back to when the user does not quit after all.
  var quitReturn: Modal?

  public init(protocols: [ProtocolChoice], lastProtocolID: String? = nil) {
    self.protocols = protocols
    if let last = lastProtocolID, let index = protocols.firstIndex(where: { $0.guide.id == last }) {
      startIndex = index
    }
  }

  /// The screen shown now.
  public var screen: ScreenID {
    switch route {
    case .start: return .start
    case .drafts: return .drafts
    case .report: return .report
    case .review: return .review
    case .scenarios: return .scenarios
    case .briefing: return .briefing
    case .debrief: return .debrief
    case .situationAgain: return .situation
    case .casePhase:
      switch session?.state.phase {
      case .screening?: return .screening
      case .notCovered?: return .notCovered
      case .walkingPathway?: return .step
      case .finished?: return .review
      default: return .situation
      }
    }
  }

  /// True when quitting now would lose something recorded.
  public var wouldLoseWork: Bool {
    guard let session else { return false }
    return session.unsavedEvents > 1 || (session.unsavedEvents == 1 && session.events.count > 1)
  }
}

/// Names of the screens, for help, footers and tests.
public enum ScreenID: String, Equatable, Sendable {
  case start, drafts, situation, screening, notCovered, step, report, review
  case scenarios, briefing, debrief
}
