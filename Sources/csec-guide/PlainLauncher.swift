import ArgumentParser
import GuideEngine
import GuidePlain
import GuideProtocols
import GuideSession
import GuideStore
import GuideTUI

#if canImport(Glibc)
  import Glibc
#endif

/// The options of plain mode, shared by the guide and the train commands.
struct PlainFlags: ParsableArguments {
  @Flag(help: "Plain mode: numbered questions and plain lines on standard input and output, for a screen reader, a dumb terminal or a script (docs/accessibility.md). Chosen by itself when TERM is dumb or unset, when ACCESSIBLE is set, or when standard input or output is not a terminal.")
  var plain = false

  @Option(help: ArgumentHelp("Plain mode, reading the answers from this file (one answer per line, # comments) instead of standard input.", valueName: "file"))
  var answers: String?

  /// Tests and a district's scripted checks: every event is stamped with this ISO 8601 time, so
  /// the summary is the same on every run. Ignored in restricted mode.
  @Option(help: .hidden)
  var fixedTime: String?

  var request: PlainRequest { PlainRequest(plain: plain, answers: answers, fixedTime: fixedTime) }
}

/// What plain mode was asked for, as plain values: from `PlainFlags`, or read directly by
/// `GuideArguments.quick`.
struct PlainRequest: Equatable {
  var plain = false
  var answers: String?
  var fixedTime: String?

  /// Whether to use plain mode, and the notice to give when it was not asked for.
  func selection() -> (plain: Bool, notice: String?) {
    PlainModeSelection.choose(
      asked: plain, answersFile: answers != nil, environment: ProcessEnvironment.variables(),
      inputIsTerminal: isatty(STDIN_FILENO) != 0, outputIsTerminal: isatty(STDOUT_FILENO) != 0,
      knowsTerminal: terminalTypeIsKnown)
  }

  /// The clock: fixed when asked (and the policy allows it), the wall clock otherwise.
  func clock(allowsFixedTime: Bool, zone: CaseZone = .recorded) throws -> () -> Timestamp {
    guard let fixedTime, allowsFixedTime else { return { zone.localize(Clock.now()) } }
    guard let fixed = Timestamp(iso8601: fixedTime) else {
      StandardError.write(["csec-guide: --fixed-time takes a time such as 2026-01-15T09:00:00-08:00"])
      throw ExitStatus.usage
    }
    let local = zone.localize(fixed)
    return { local }
  }

  /// Standard input and output, or the answers file and standard output.
  func io(allowsAnswersFile: Bool) throws -> DescriptorIO {
    guard let answers else {
      return DescriptorIO(
        input: STDIN_FILENO, output: STDOUT_FILENO,
        inputIsEchoed: isatty(STDIN_FILENO) != 0 && isatty(STDOUT_FILENO) != 0)
    }
    if !allowsAnswersFile {
      // A kiosk account must not read files it was not given: answers come from the keyboard.
      StandardError.write(["csec-guide: --answers is not available in restricted mode"])
      throw ExitStatus.usage
    }
    let fd = open(answers, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else {
      StandardError.write(["csec-guide: cannot open the answers file \(answers): \(String(cString: strerror(errno)))"])
      throw ExitStatus.noInput
    }
    return DescriptorIO(input: fd, output: STDOUT_FILENO, inputIsEchoed: false)
  }
}

/// Runs plain mode for a real case or a training walkthrough.
enum PlainLauncher {
  /// A real case, or (`resume`) a case continued from its encrypted draft. `draftStore` is
  /// given only when the answers are typed at a terminal: a script keeps no draft.
  static func runCase(
    catalog: ProtocolCatalog, protocolID: String?, policy: SessionPolicy, request: PlainRequest,
    draftStore: DraftStore? = nil, profileStore: ReporterProfileStore? = nil, resume: Bool = false, resumeID: String? = nil
  ) throws {
    let io = try request.io(allowsAnswersFile: policy.allowsAnswersFile)
    if policy.restricted {
      // As the full screen does on a kiosk account: no core dumps, no suspending.
      disableCoreDumps()
      signal(SIGTSTP, SIG_IGN)
      signal(SIGQUIT, SIG_IGN)
    }
    if io.inputIsTerminal {
      // A case typed at a terminal is decrypted in this process (its draft): no core dump.
      disableCoreDumps()
    }
    var options = PlainOptions(
      protocols: catalog.protocols, protocolID: protocolID, exportDirectory: policy.exportDirectory,
      now: try request.clock(allowsFixedTime: policy.allowsHiddenOptions, zone: policy.zone))
    options.zone = policy.zone
    options.draftStore = draftStore
    options.reporterProfileStore = profileStore
    var guide = PlainGuide(io: io, options: options)
    let outcome = resume ? guide.resume(id: resumeID) : guide.run()
    if isatty(STDOUT_FILENO) != 0 {
      // Plain mode cannot use the alternate screen: say where the case still is.
      StandardError.write(["csec-guide: this session's text stays in the terminal's scrollback; on a shared computer, clear it or close the window."])
    }
    try finish(outcome)
  }

  static func runTraining(
    catalog: ProtocolCatalog, scenarios: [TrainingScenario], scenarioID: String?, request: PlainRequest, zone: CaseZone
  ) throws {
    let io = try request.io(allowsAnswersFile: true)
    var options = PlainOptions(
      protocols: catalog.protocols, exportDirectory: nil, now: try request.clock(allowsFixedTime: true, zone: zone))
    options.zone = zone
    var guide = PlainGuide(io: io, options: options)
    try finish(guide.runTraining(scenarios, scenarioID: scenarioID))
  }

  private static func finish(_ outcome: PlainOutcome) throws {
    StandardError.write(outcome.messages)
    if outcome.status != 0 { throw ExitCode(outcome.status) }
  }
}
