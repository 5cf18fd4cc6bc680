import Foundation  // tests only: files and processes
import Testing

/// Plain mode from the built binary: a complete case for each built-in protocol played from an
/// answers file (Fixtures/plain/ID.answers), its printed summary compared with the reviewed one
/// (Fixtures/plain/ID.expected.EXT; RECORD_SNAPSHOTS=1 writes them), no escape byte anywhere,
/// and plain mode chosen by itself when the full screen cannot be used.
@Suite(.serialized) struct PlainModeTests {
  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/plain")
  static let fixedTime = ["--fixed-time", "2026-01-15T09:00:00-08:00"]

  static func answers(_ name: String) throws -> String {
    try String(contentsOf: fixtures.appendingPathComponent("\(name).answers"), encoding: .utf8)
  }

  /// The summary printed between BEGIN SUMMARY (FORMAT) and END SUMMARY, the last time.
  static func printedSummary(_ stdout: String, _ format: String) -> String? {
    guard let start = stdout.range(of: "BEGIN SUMMARY (\(format))\n", options: .backwards)?.upperBound,
      let end = stdout[start...].range(of: "END SUMMARY\n")?.lowerBound
    else { return nil }
    return String(stdout[start..<end])
  }

  static func expectPlain(_ result: CLI.Result, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(!result.stdout.utf8.contains(0x1B) && !result.stderr.utf8.contains(0x1B), "an escape byte was written", sourceLocation: sourceLocation)
    #expect(!result.stdout.contains("is not one of the answers"), "an answer did not fit its question", sourceLocation: sourceLocation)
    #expect(!result.stdout.contains("Type one of the answers"), "an answer did not fit its question", sourceLocation: sourceLocation)
    #expect(!result.stdout.contains("Not recorded:"), "an action was refused", sourceLocation: sourceLocation)
  }

  @Test(arguments: [("san-mateo", "text", "txt"), ("orange-county", "markdown", "md"), ("sro-model", "text", "txt"), ("us-ed-sample", "json", "json")])
  func aCompleteCasePrintsTheReviewedSummary(id: String, format: String, ext: String) throws {
    // Times are read and shown in the zone in force (issue 12): the cases are in California,
    // whatever zone the machine running the tests is in.
    let result = try CLI.run(
      ["--plain", "--protocol", id] + Self.fixedTime, environment: ["TZ": "America/Los_Angeles"], input: try Self.answers(id))
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr == "")
    Self.expectPlain(result)
    let summary = try #require(Self.printedSummary(result.stdout, format), "no summary printed:\n\(result.stdout)")
    let url = Self.fixtures.appendingPathComponent("\(id).expected.\(ext)")
    if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] != nil {
      // A recording run writes what differs and fails, so it can never pass as a test run.
      guard (try? String(contentsOf: url, encoding: .utf8)) != summary else { return }
      try summary.write(to: url, atomically: true, encoding: .utf8)
      Issue.record("recorded Fixtures/plain/\(id).expected.\(ext): review it, then run again without RECORD_SNAPSHOTS")
      return
    }
    let expected = try String(contentsOf: url, encoding: .utf8)
    #expect(summary == expected, "the summary differs from Fixtures/plain/\(id).expected.\(ext)")
  }

  @Test func anAnswersFileIsTheSameAsStandardInput() throws {
    let file = Self.fixtures.appendingPathComponent("sro-model.answers").path
    let fromFile = try CLI.run(["--answers", file, "--protocol", "sro-model"] + Self.fixedTime)
    let fromInput = try CLI.run(["--plain", "--protocol", "sro-model"] + Self.fixedTime, input: try Self.answers("sro-model"))
    #expect(fromFile.status == 0)
    #expect(fromFile.stdout == fromInput.stdout)
    #expect(fromFile.stderr == "")
  }

  @Test func aMissingAnswersFileIs66() throws {
    let result = try CLI.run(["--answers", "/nonexistent/answers.txt"])
    #expect(result.status == 66)
    #expect(result.stderr.contains("cannot open the answers file /nonexistent/answers.txt"))
  }

  @Test(arguments: [
    (["TERM": "dumb"], "(TERM is dumb); use --plain to choose it yourself, or a terminal like TERM=xterm-256color for the full screen."),
    ([:], "(TERM is not set); use --plain to choose it yourself, or set TERM, like TERM=xterm-256color, for the full screen."),
    (["TERM": "xterm-256color", "ACCESSIBLE": "1"], "(ACCESSIBLE is set); use --plain to choose it yourself, or unset ACCESSIBLE for the full screen."),
    (["TERM": "xterm-256color"], "(standard input is not a terminal); use --plain to choose it yourself, or run it from a terminal for the full screen."),
    (["TERM": "foobar"], "(the terminal type 'foobar' is not known to this system); use --plain to choose it yourself, or a known terminal type like TERM=xterm-256color for the full screen."),
  ])
  func plainModeIsChosenByItselfWithAOneLineNotice(environment: [String: String], reason: String) throws {
    let result = try CLI.run(["--protocol", "sro-model"] + Self.fixedTime, environment: environment, input: try Self.answers("sro-model"))
    #expect(result.status == 0)
    #expect(result.stderr == "csec-guide: plain mode \(reason)\n", "\(result.stderr)")
    #expect(result.stderr.split(separator: "\n").count == 1)
    #expect(Self.printedSummary(result.stdout, "text") != nil)
    Self.expectPlain(result)
  }

  /// A terminal type this system has no description of (TERM=foobar over SSH): plain mode at
  /// the terminal, with the one-line notice, instead of "cannot start" and exit 69.
  @Test func anUnknownTerminalTypeFallsBackToPlainModeAtTheTerminal() throws {
    let s = try TmuxSession(["--protocol", "sro-model"], term: "foobar")
    defer { s.close() }
    let screen = try s.waitFor("Passphrase (at least 8 characters, not shown):")
    #expect(loose(screen).contains(loose("csec-guide: plain mode (the terminal type 'foobar' is not known to this system)")), "\(screen)")
    #expect(!screen.contains("cannot start the full-screen guide"))
    try s.send("C-c")  // nothing recorded yet: Ctrl-C quits at once
    #expect(try s.waitForExit() == 0)
  }

  @Test func noInputAtAllEndsQuietly() throws {
    let result = try CLI.run(["--plain"])
    #expect(result.status == 0)
    #expect(result.stdout.contains("Which protocol does your school follow?"))
  }

  @Test func theInputEndingMidCaseSaysWhatWasNotSavedAndExits66() throws {
    let result = try CLI.run(["--plain", "--protocol", "san-mateo"] + Self.fixedTime, input: "3\n\nd\nCalled the police\n\n")
    #expect(result.status == 66)
    #expect(result.stderr.contains("Plain mode keeps no draft when its input is not a terminal: these entries were not saved:"))
    #expect(result.stderr.contains("Step 1 'Involve local law enforcement' marked done"))
    Self.expectPlain(result)
  }

  @Test func restrictedModeTakesNoAnswersFile() throws {
    let result = try CLI.run(["--restricted", "--answers", "/etc/passwd"])
    #expect(result.status == 64)
    #expect(result.stderr.contains("--answers is not available in restricted mode"))
    #expect(!result.stdout.contains("root:"))
  }

  @Test func restrictedModeSavesOnlyToTheConfiguredExportDirectory() throws {
    let dir = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let exports = dir.appendingPathComponent("exports")
    try FileManager.default.createDirectory(at: exports, withIntermediateDirectories: true)
    let config = dir.appendingPathComponent("config")
    try "restricted = true\nexport-directory = \(exports.path)\n".write(to: config, atomically: true, encoding: .utf8)
    let result = try CLI.run(
      ["--plain", "--config", config.path, "--protocol", "sro-model"], directory: dir, input: "2\nf\ny\ne\n1\n1\n")
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("Saved to \(exports.path)/csec-summary-"))
    let saved = try FileManager.default.contentsOfDirectory(atPath: exports.path)
    #expect(saved.count == 1)
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["config", "exports"])
  }

  @Test func resumeInPlainModeNeedsATerminal() throws {
    let result = try CLI.run(["resume", "--plain"])
    #expect(result.status == 64)
    #expect(result.stderr.contains("resuming a draft needs a terminal to type its passphrase at, and standard input is not one"))
    #expect(result.stdout.isEmpty)
    // Chosen by itself (no terminal at all): neither front end can resume here.
    let automatic = try CLI.run(["resume"], environment: ["TERM": "xterm-256color"])
    #expect(automatic.status == 69)
    #expect(automatic.stderr.contains("resuming a draft needs a terminal to type its passphrase at"))
  }

  @Test func aTrainingScenarioWalkedAsExpectedScoresFull() throws {
    let result = try CLI.run(["train", "--plain", "sm-working-weekends"] + Self.fixedTime, input: try Self.answers("train-sm-working-weekends"))
    #expect(result.status == 0, "\(result.stderr)")
    Self.expectPlain(result)
    #expect(result.stdout.contains("TRAINING: a fictional case. Nothing is saved."))
    #expect(result.stdout.contains("NEW INFORMATION"))
    #expect(result.stdout.contains("Every choice matched the expected one."))
    let score = try #require(result.stdout.split(separator: "\n").last { $0.hasPrefix("End of the debrief. Score: ") })
    #expect(score.hasSuffix("right (100%)."), "\(score)")
  }

  /// A training case shows times in the trainees' zone (it showed UTC, whatever the system's).
  @Test func trainingShowsLocalTimes() throws {
    let result = try CLI.run(
      ["train", "--plain", "sm-working-weekends", "--fixed-time", "2026-07-15T17:00:00Z"],
      environment: ["TZ": "America/Los_Angeles"], input: "1\n\nq\ny\n")
    #expect(result.stdout.contains(", 2026-07-15 10:00 PDT (UTC-07:00)."), "\(result.stdout)")
    #expect(!result.stdout.contains("UTC+00:00"))
  }

  @Test func trainingWithoutATerminalIsPlainToo() throws {
    let result = try CLI.run(["train", "sm-working-weekends"], environment: ["TERM": "xterm-256color"], input: "")
    #expect(result.stderr.hasPrefix("csec-guide: plain mode (standard input is not a terminal);"))
    #expect(result.stdout.contains("SCENARIO: WORKING WEEKENDS"))
    #expect(result.status == 66)
  }

  // MARK: - A script whose answers do not fit its questions

  /// The sro-model answers with the 'y' that confirms finishing left out: the next answer, 'e',
  /// lands on the finish question.
  static func answersMissingALine() throws -> (text: String, line: Int) {
    var lines = try answers("sro-model").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let finish = try #require(lines.firstIndex(of: "f"))
    #expect(lines[finish + 1] == "y")
    lines.remove(at: finish + 1)
    return (lines.joined(separator: "\n"), finish + 2)
  }

  @Test func anAnswerThatDoesNotFitStopsTheScriptWith65() throws {
    let (text, line) = try Self.answersMissingALine()
    let result = try CLI.run(["--plain", "--protocol", "sro-model"] + Self.fixedTime, input: text)
    #expect(result.status == 65, "\(result.stderr)")
    let lines = result.stderr.split(separator: "\n").map(String.init)
    #expect(lines.first == "csec-guide: answers line \(line): 'e' does not answer 'Finish the case? A finished case cannot be changed. (y or n)'; nothing more was read")
    #expect(lines.dropFirst().first == "csec-guide: plain mode keeps no draft when its input is not a terminal: these entries were not saved:")
    #expect(lines.contains { $0.hasSuffix("Step 3 'School consequence if appropriate' marked not applicable: No student was identified") })
    #expect(result.stdout.hasSuffix("Stopped: the answers are out of step with the questions, so nothing more was read.\n"))
    #expect(!result.stdout.contains("BEGIN SUMMARY"))
    // From an answers file, the same, with the file's line numbers (comments count).
    let dir = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("answers")
    try text.write(to: file, atomically: true, encoding: .utf8)
    let fromFile = try CLI.run(["--answers", file.path, "--protocol", "sro-model"] + Self.fixedTime)
    #expect(fromFile.status == 65)
    #expect(fromFile.stderr == result.stderr)
  }

  // MARK: - At a terminal (tmux): Ctrl-C, Ctrl-D and a line the terminal cut

  /// HOME and XDG_STATE_HOME empty: there is nowhere to keep a draft.
  static let noStateDirectory = ["HOME": "", "XDG_STATE_HOME": ""]

  @Test func atATerminalCtrlCAndCtrlDAskBeforeQuitting() throws {
    // No state directory: no draft can be kept, so quitting has something to lose.
    let s = try TmuxSession(["--plain", "--protocol", "san-mateo"], environment: Self.noStateDirectory)
    defer { s.close() }
    try s.waitFor("Situation (1-5) or action:")
    try s.type("3")
    try s.send("Enter")
    // The pathway makes the mandated report: when was the information received? Now (Enter).
    try s.waitFor("Information received at")
    try s.send("Enter")
    try s.waitFor("Step 1 of 7, action:")
    try s.send("C-c")
    try s.waitFor("Ctrl-C again quits. (y or n):")
    try s.type("n")
    try s.send("Enter")
    try s.waitFor("Not quitting: back to the question.")
    #expect(s.terminalSettings.after == nil, "the program exited after n")
    try s.send("C-d")
    try s.waitFor("Ctrl-D again quits. (y or n):")
    try s.send("C-c")
    #expect(try s.waitForExit() == 0)
  }

  @Test func atATerminalNothingToLoseCtrlCQuitsAtOnce() throws {
    let s = try TmuxSession(["--plain"])
    defer { s.close() }
    try s.waitFor("Which protocol does your school follow?")
    try s.send("C-c")
    #expect(try s.waitForExit() == 0)
  }

  @Test func atATerminalALineCutAtItsLimitIsReported() throws {
    let s = try TmuxSession(["--plain", "--protocol", "sro-model"], height: 40, environment: Self.noStateDirectory)
    defer { s.close() }
    try s.waitFor("Situation (1-4) or action:")
    try s.type("2")
    try s.send("Enter")
    try s.waitFor("Step 1 of 5, action:")
    try s.type("a")
    try s.send("Enter")
    try s.waitFor("Note on step 1 (needed):")
    try s.type(String(repeating: "x", count: 5000))
    try s.send("Enter")
    try s.waitFor("This line reached the terminal's limit of 4095 characters: the rest was cut. Add the rest with another note.")
    try s.waitFor("Keep the part that was read? (y or n):")
    try s.type("y")
    try s.send("Enter")
    try s.waitFor("Note added to step 1.")
    try s.type("q")
    try s.send("Enter")
    try s.waitFor("(y or n):")
    try s.type("y")
    try s.send("Enter")
    #expect(try s.waitForExit() == 0)
  }

  // MARK: - At a terminal (tmux): the encrypted draft

  /// A plain case at a dumb terminal: a passphrase (not shown), a step marked, SIGHUP. The exit
  /// status is 129, the terminal's settings are back, the draft shows the step done, and
  /// `resume --plain` continues at the next step.
  @Test func aPlainCaseAtATerminalSurvivesSIGHUPAndResumes() throws {
    let passphrase = EndToEndTests.passphrase
    let s = try TmuxSession(["--protocol", "san-mateo"], environment: ["TERM": "dumb"])
    defer { s.close() }
    try s.waitFor("Passphrase (at least 8 characters, not shown):")
    try s.type(passphrase)
    try s.send("Enter")
    try s.waitFor("The same passphrase again:")
    try s.type(passphrase)
    try s.send("Enter")
    let started = try s.waitFor("Situation (1-5) or action:")
    #expect(started.contains("'csec-guide resume --plain' continues it."))
    #expect(!started.contains(passphrase), "the passphrase was shown")
    try s.type("3")
    try s.send("Enter")
    // The pathway makes the mandated report: when was the information received? Now (Enter).
    try s.waitFor("Information received at")
    try s.send("Enter")
    try s.waitFor("Step 1 of 7, action:")
    try s.type("d")
    try s.send("Enter")
    try s.waitFor("Note (optional, Enter for none):")
    try s.type("Called the police")
    try s.send("Enter")
    try s.waitFor("Reference (optional, Enter for none):")
    try s.send("Enter")
    try s.waitFor("Step 2 of 7, action:")
    kill(try s.programPID(), SIGHUP)
    #expect(try s.waitForExit(timeout: .seconds(5)) == 128 + SIGHUP)
    let settings = s.terminalSettings
    #expect(settings.before == settings.after, "terminal settings not restored after SIGHUP")

    let durability = DurabilityTests()
    let id = try durability.draftID(s)
    let summary = try durability.draftSummary(s, id)
    #expect(durability.stepStatuses(summary) == ["done"] + Array(repeating: "pending", count: 6))

    let r = try TmuxSession(["resume", "--plain"], height: 60, directory: s.directory, environment: ["TERM": "dumb"])
    defer { r.close() }
    let list = try r.waitFor("Draft (1-1):")
    #expect(list.contains(id) && list.contains("san-mateo"))
    #expect(!list.contains("Called the police"), "the list shows no content")
    try r.type("1")
    try r.send("Enter")
    try r.waitFor("Passphrase (not shown):")
    try r.type(passphrase)
    try r.send("Enter")
    let resumed = try r.waitFor("Step 2 of 7, action:")
    #expect(resumed.contains("Resumed where the case stopped."))
    #expect(!resumed.contains(passphrase))
    try r.type("q")
    try r.send("Enter")
    #expect(try r.waitForExit() == 0)
    #expect(try durability.draftID(r) == id, "quitting an open case keeps its draft")
  }

  /// SIGTERM while the passphrase is typed (echo off): 143 at once and the echo back on; what
  /// was typed is never shown.
  @Test func sigtermAtThePassphrasePutsTheEchoBack() throws {
    let s = try TmuxSession(["--plain", "--protocol", "sro-model"])
    defer { s.close() }
    try s.waitFor("Passphrase (at least 8 characters, not shown):")
    try s.type("a whole secret")
    try s.send("Enter")
    let again = try s.waitFor("The same passphrase again:")
    #expect(!again.contains("a whole secret"), "the passphrase was shown")
    try s.type("half a sec")
    kill(try s.programPID(), SIGTERM)
    #expect(try s.waitForExit(timeout: .seconds(5)) == 128 + SIGTERM)
    let settings = s.terminalSettings
    #expect(settings.before == settings.after, "the echo was left off")
  }
}
