import GuideEngine
@_exported import GuideSession

/// A protocol the user can choose, with where it was loaded from.
public struct ProtocolChoice: Equatable, Sendable {
  public var guide: GuideProtocol
  public var origin: String
  public init(guide: GuideProtocol, origin: String) {
    self.guide = guide
    self.origin = origin
  }
}

/// A draft as the resume screen lists it: never its content.
public struct DraftChoice: Equatable, Sendable {
  public var id: String
  public var protocolID: String?
  public var reference: String?
  public var opened: Timestamp?
  public var updated: Timestamp?
  public var problem: String?
  /// Where the case stands and its written report's due time, from the draft's clear header.
  public var line: DraftLine?
  public init(
    id: String, protocolID: String?, reference: String?, opened: Timestamp?, updated: Timestamp?, problem: String?,
    line: DraftLine? = nil
  ) {
    self.line = line
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

/// What a draft opened with: its protocol and its events.
struct OpenedDraft: Equatable, Sendable {
  var protocolID: String
  var events: [CaseEvent]
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

/// Where the cursor is on a list screen.
public struct ListPosition: Equatable, Sendable {
  public var index = 0
  /// Digits typed so far (two digits reach items 10 and up).
  var typedNumber = ""
  public init(index: Int = 0) { self.index = index }
}

/// How far a page of text is scrolled. Drawing clamps it to what there is to scroll (the
/// runner says so with `.drawn(scroll:)`), so Up works at once after Down was pressed past
/// the end.
public struct PagePosition: Equatable, Sendable {
  public var scroll = 0
  public init() {}
}

/// What the front end knows of the case's encrypted draft (the draft itself is the runner's).
public struct DraftStatus: Equatable, Sendable {
  /// A real case keeps an encrypted draft: a passphrase is asked when it starts.
  public var enabled = true
  /// True once the case has a passphrase (so the screen can be locked).
  public var hasPassphrase = false
  /// True while every event is safely in the encrypted draft.
  public var keepsCase = false
}

/// Everything the front end shows: the case plus where the user is on each screen. A plain
/// value, stepped by `update(_:now:)` one message at a time (a key, or what the runner did),
/// drawn by `Screens.render`: no curses and no I/O in here.
public struct AppState: Equatable, Sendable {
  public var protocols: [ProtocolChoice]
  public var route: Route = .start
  public var session: CaseSession?
  public var modal: Modal?
  /// One line of feedback: what just happened, or why an action was refused.
  public var status: String?
  /// True while the window is smaller than the screens need (the runner says so with `.resize`):
  /// nothing can be seen, so keys do nothing then but quit and hide the screen.
  public var windowTooSmall = false
  public var startScreen = ListPosition()
  public var draftScreen = ListPosition()
  public var situationScreen = ListPosition()
  public var screeningScreen = ListPosition()
  public var notCoveredScreen = ListPosition()
  public var reportScreen = ListPosition()
  public var stepPage = PagePosition()
  public var reviewPage = PagePosition()
  public var helpPage = PagePosition()
  /// The reference, the story and the new information (one at a time).
  public var referencePage = PagePosition()
  /// Set in a training walkthrough (`csec-guide train`): fictional cases, nothing saved.
  public var training: TrainingState?
  /// The folder a summary file is saved in, in full, said before the file is written (the
  /// runner sets it: the administrator's export directory, else the current one).
  public var exportFolder: String?
  /// Drafts offered on the resume screen.
  public var drafts: [DraftChoice] = []
  /// A draft just opened that is an older copy (the runner holds it): resumed only once the
  /// counselor chooses to continue with it.
  var olderCopy: OpenedDraft?
  /// Set while the screen is locked (panic key or idle time).
  public var lock: LockScreen?
  public var draft = DraftStatus()
  /// The user's reporter profile: a reporter field's form starts with it (nil: none saved).
  public var reporterProfile: ReporterProfile?
  /// "Also saved to your reporter profile" is said once a session.
  var profileNoticeShown = false
  /// The zone the case's times are read and shown in (the administrator's, else the system's).
  public var zone: CaseZone = .recorded
  /// The time of the last message (every key, and the runner's idle ticks): the report panel's
  /// time left is worked out from it, so drawing stays a pure function of this state.
  public var clock = Timestamp(secondsSinceEpoch: 0)
  /// The dialog to go back to when the user does not quit after all.
  var quitReturn: Modal?
  /// The dialog the help was opened over (a form, the reference), shown again when it closes.
  var helpReturn: Modal?

  public init(protocols: [ProtocolChoice], lastProtocolID: String? = nil) {
    self.protocols = protocols
    if let last = lastProtocolID, let index = protocols.firstIndex(where: { $0.guide.id == last }) {
      startScreen.index = index
    }
  }

  /// A training walkthrough: the list of scenarios (this one focused), no drafts, no lock.
  public init(protocols: [ProtocolChoice], training scenarios: [TrainingScenario], focus scenarioID: String? = nil) {
    self.init(protocols: protocols)
    draft.enabled = false
    route = .scenarios
    training = TrainingState(scenarios: scenarios)
    if let scenarioID, let index = scenarios.firstIndex(where: { $0.id == scenarioID }) { training?.listIndex = index }
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
  public var wouldLoseWork: Bool { session?.wouldLoseWork ?? false }

  /// Ctrl-G hides the screen behind the lock: a real case, once its passphrase is set when it
  /// keeps a draft (the lock opens with the passphrase; before it is set, a lock would be a sham,
  /// and nothing of the case is recorded yet).
  public var canHide: Bool { session != nil && training == nil && (draft.hasPassphrase || !draft.enabled) }

  /// A form is open (or was, under the quit question) with text typed in it.
  public var formHasTypedText: Bool {
    for candidate in [modal, quitReturn] {
      if case .form(let form)? = candidate, form.hasTypedText { return true }
    }
    return false
  }
}

/// Names of the screens, for help, footers and tests.
public enum ScreenID: String, Equatable, Sendable, CaseIterable {
  case start, drafts, situation, screening, notCovered, step, report, review
  case scenarios, briefing, debrief
}
