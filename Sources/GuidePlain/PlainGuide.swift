import GuideEngine
import GuideProtocols
import GuideSession
import GuideStore

/// Plain mode: the same engine as the full-screen guide, as numbered questions and plain lines.
/// One question at a time, every answer said back in words, no escape sequence ever written, so
/// that a screen reader reads it naturally, a dumb terminal shows it, and a script can drive it.
///
/// It mirrors the full-screen front end (GuideTUI's `AppState.update`): the same engine events
/// for the same actions, the same checks on what is typed, the same messages.
public struct PlainGuide<IO: PlainIO> {
  public internal(set) var io: IO
  let options: PlainOptions
  var current: CaseSession?
  var training: TrainingRun?
  /// "Choose another situation" after the not-covered notice (the engine allows it there).
  var choosingAgain = false
  /// The step whose whole text was last shown; moving to another step shows it.
  var shownStep: StepKey?
  /// Pathways announced so far (a new run of the case is announced once).
  var announcedRuns = 0
  /// The pathways the case had when its draft was resumed: resuming enters no pathway, so it
  /// does not ask when the information was received (the full screen does not either).
  var runsAtResume = 0
  /// The step actions were listed in full once; later steps name them on one line.
  var actionsListed = false
  /// Lines read so far, comments included: "answers line 14" when a script goes out of step.
  var linesRead = 0
  /// The last question asked and the answer it got, for that message.
  var lastPrompt = ""
  var lastAnswer = ""
  /// The quit question is being asked: Ctrl-C or Ctrl-D again quits.
  var confirmingQuit = false
  /// An action a script chose was refused: the run stops before the next answer is read.
  var refusal: PlainStop?
  /// The encrypted draft of a real case typed at a terminal (see Drafts.swift).
  var keeper = DraftKeeper()
  /// The user's reporter profile, read when the guide starts (nil: none saved or no store).
  var reporterProfile: ReporterProfile?
  /// "Also saved to your reporter profile" is said once a session.
  var profileNoticeShown = false

  public init(io: IO, options: PlainOptions) {
    self.io = io
    self.options = options
    if case .success(let profile)? = options.reporterProfileStore?.load() { reporterProfile = profile }
  }

  var guides: [GuideProtocol] { options.protocols.map(\.guide) }

  // MARK: - A real case

  /// Runs one case from the protocol question to the saved summary.
  public mutating func run() -> PlainOutcome {
    say("csec-guide, plain mode: one question at a time. Type the answer and press Enter.")
    say(Self.globalHint)
    say("This guide helps you follow your county's protocol. It does not replace the protocol, your district's counsel or the agency that takes reports.")
    do throws(PlainStop) {
      let guide = try chooseProtocol()
      open(guide, mode: .real)
      try startDraft()
      try walkCase()
      if let refusal { return ended(by: refusal) }
      return PlainOutcome(status: 0, messages: closeDraft())
    } catch {
      return ended(by: error)
    }
  }

  static var globalHint: String {
    "At any question: ? help, r the reference (definitions, risk factors, indicators, contacts), q quit."
  }

  mutating func chooseProtocol() throws(PlainStop) -> GuideProtocol {
    let choices = options.protocols
    if let id = options.protocolID, let chosen = choices.first(where: { $0.guide.id == id }) {
      say("Protocol: \(chosen.guide.title) (\(chosen.guide.jurisdiction)).")
      return chosen.guide
    }
    say()
    say("Which protocol does your school follow?")
    let index = try choose(
      prompt: "Protocol (1-\(choices.count)):",
      choices.map { $0.guide.title },
      details: choices.map { "\($0.guide.jurisdiction); \($0.origin == .builtin ? "built in" : $0.origin.description)" },
      help: ["Choose the protocol your school follows: type its number."])
    return choices[index].guide
  }

  mutating func open(_ guide: GuideProtocol, mode: CaseMode) {
    let opened = CaseSession.opened(guide, mode: mode, at: options.now(), zone: options.zone)
    current = opened
    choosingAgain = false
    shownStep = nil
    announcedRuns = 0
    actionsListed = false
    say("Case opened under \(guide.title) (\(guide.jurisdiction)), \(opened.state.openedAt.map(opened.zone.show) ?? "").")
  }

  /// Asks the question of the case's phase until the case is finished (and, for a real case,
  /// until the user quits: the summary is saved after finishing).
  mutating func walkCase() throws(PlainStop) {
    while let phase = current?.state.phase {
      // After the answers that marked the scenario's step, before the next question.
      showNewInformationWhenDue()
      if case .notCovered = phase {} else { choosingAgain = false }
      switch phase {
      case .notOpened: return
      case .choosingSituation: try situationQuestion()
      case .screening: try screeningQuestions()
      case .notCovered(let situation):
        if choosingAgain { try situationQuestion() } else { try notCoveredQuestion(situation) }
      case .walkingPathway: try stepQuestion()
      case .finished:
        if training != nil {
          debrief()
          return
        }
        try finishedQuestion()
      }
    }
  }

  /// Sends an action to the engine; says why when it is refused. From a script, a refusal stops
  /// the run before the next answer is read (the answers were written for another case).
  @discardableResult
  mutating func send(_ action: CaseAction) -> Bool {
    guard var open = current else { return false }
    let error = open.send(action, at: options.now())
    current = open
    if let error {
      say("Not recorded: \(error.message)")
      if !io.inputIsTerminal, refusal == nil {
        refusal = .doesNotFit("answers line \(linesRead): not recorded, because \(error.message.asClause)")
      }
      return false
    }
    persist()
    return true
  }

  /// How the session ends when it stops early.
  mutating func ended(by stop: PlainStop) -> PlainOutcome {
    if case .doesNotFit(let problem) = stop { return stopped(problem) }
    if case .signal(let signal) = stop {
      // SIGHUP, SIGTERM...: every event is already in the draft, or one last save is tried.
      let before = keeper
      let messages = closeDraft()
      let ending = before.endedBySignal(signal, session: current, training: training != nil)
      return PlainOutcome(status: ending.status, messages: messages + [ending.message].compactMap { $0 })
    }
    if let refusal, stop == .inputEnded { return ended(by: refusal) }
    guard stop == .inputEnded else { return PlainOutcome(status: 0, messages: closeDraft()) }
    say()
    say("The input ended.")
    if training != nil, let open = current, !open.state.isFinished {
      return PlainOutcome(
        status: PlainOutcome.inputEndedStatus,
        messages: ["csec-guide: the input ended before the training walkthrough's debrief (nothing is saved in training)."])
    }
    guard let open = current, open.wouldLoseWork else { return PlainOutcome(status: 0, messages: []) }
    return PlainOutcome(
      status: PlainOutcome.inputEndedStatus,
      messages: ["csec-guide: the input ended before the summary was saved. Plain mode keeps no draft when its input is not a terminal: these entries were not saved:"]
        + open.unsavedTimeline.map { "  \(open.zone.show($0.at))  \($0.text)" }
        + ["csec-guide: end the answers with an export (e, a format, then where) to keep the summary."])
  }

  /// A script's answer did not fit its question: what, where, and what was not saved.
  mutating func stopped(_ problem: String) -> PlainOutcome {
    say()
    say("Stopped: the answers are out of step with the questions, so nothing more was read.")
    var messages = ["csec-guide: \(problem); nothing more was read"]
    if training != nil {
      messages.append("csec-guide: the training walkthrough ended before its debrief (nothing is saved in training).")
    } else if let open = current, open.wouldLoseWork {
      messages.append("csec-guide: plain mode keeps no draft when its input is not a terminal: these entries were not saved:")
      messages += open.unsavedTimeline.map { "  \(open.zone.show($0.at))  \($0.text)" }
    }
    return PlainOutcome(status: PlainOutcome.answerDoesNotFitStatus, messages: messages)
  }

  // MARK: - Output

  /// Writes one line (or several, for a document); control characters never get through.
  mutating func say(_ text: String = "") {
    io.write(PlainText.printable(text) + "\n")
  }

  /// Writes a document (summary, reference, story, debrief) as wrapped plain text.
  mutating func say(document: SummaryDocument) {
    io.write(PlainText.printable(document.plainText(width: options.width)))
  }

  /// The first line of every block of questions in a training walkthrough.
  mutating func banner() {
    if training != nil { say("TRAINING: a fictional case. Nothing is saved.") }
  }
}

/// The scenario being walked in training, and whether its new information was shown.
struct TrainingRun {
  var scenario: TrainingScenario
  var newInformationShown = false
}
