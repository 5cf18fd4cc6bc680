import Foundation  // tests only: searching the output
import GuideEngine
@testable import GuidePlain
import Testing

/// What plain mode does with its input: a script's answer that does not fit stops the run (65);
/// at a terminal Ctrl-C and Ctrl-D ask before quitting, a line cut by the terminal is reported,
/// and what is typed is cleaned (and said so).
@Suite struct InputTests {
  static let quitAfterCtrlC =
    "Quit now? What you recorded since the summary was last saved is lost: no draft can be kept. Ctrl-C again quits. (y or n):"
  static let quitAfterCtrlD =
    "Quit now? What you recorded since the summary was last saved is lost: no draft can be kept. Ctrl-D again quits. (y or n):"

  // MARK: - A script stops at the first answer that does not fit (65)

  @Test func aScriptStopsAtTheFirstAnswerThatDoesNotFitAndSaysWhere() {
    // "# a comment" is line 1: the line numbers are the answers file's own.
    let played = PlainFixtures.run(["# a comment", "3", "", "d", "Called", "", "maybe", "d", "", ""], protocolID: "san-mateo")
    #expect(played.outcome.status == 65)
    #expect(played.outcome.messages.first == "csec-guide: answers line 7: 'maybe' does not answer 'Step 2 of 7, action'; nothing more was read")
    #expect(played.outcome.messages.dropFirst().first == "csec-guide: plain mode keeps no draft when its input is not a terminal: these entries were not saved:")
    #expect(played.outcome.messages.contains { $0.contains("Step 1 'Involve local law enforcement' marked done") })
    #expect(played.guide.io.consumed == 7, "nothing more was read")
    #expect(played.output.hasSuffix("Stopped: the answers are out of step with the questions, so nothing more was read.\n"))
    #expect(!played.output.contains("is not one of the answers here"))
  }

  @Test(arguments: [
    // A choice: the protocol question.
    (["9"], nil, "answers line 1: '9' does not answer 'Protocol (1-4)'"),
    // A yes-or-no question (one missing line in an answers file: the next answer lands here).
    (["2", "f", "maybe"], "sro-model", "answers line 3: 'maybe' does not answer 'Finish the case anyway? A finished case cannot be changed. (y or n)'"),
    // A needed field left empty.
    (["2", "x", ""], "sro-model", "answers line 3: an empty line does not answer 'Reason (needed)'"),
    // The time of a call.
    (["3", "", "c", "", "", "", "", "25:99"], "san-mateo", "answers line 8: '25:99' does not answer 'Time of the call [09:00] (Enter keeps it)': 25:99 is not a time of day. Type the time as HH:MM (today) or YYYY-MM-DD HH:MM"),
    (["3", "", "c", "", "", "", "", "2027-01-01 10:00"], "san-mateo", "answers line 8: '2027-01-01 10:00' does not answer 'Time of the call [09:00] (Enter keeps it)': 2027-01-01 10:00 (UTC-08:00) is later than now: type the time it happened"),
    // A report field: a needed answer, and a field number out of range.
    (["3", "", "m", "99"], "san-mateo", "answers line 4: '99' does not answer 'Field number (1-10) or report action'"),
    // Actions that cannot be taken here.
    (["2", "d", "", "", "1", "d"], "sro-model", "answers line 6: 'd' does not answer 'Step 1 of 5, action': step 1 is already marked"),
    (["2", "p"], "sro-model", "answers line 2: 'p' does not answer 'Step 1 of 5, action': this is the first step"),
    (["2", "g"], "sro-model", "answers line 2: 'g' does not answer 'Step 1 of 5, action': give a step's number, from 1 to 5"),
    (["2", "m", "", "n", "Not needed", "w"], "san-mateo", "answers line 6: 'w' does not answer 'Field number (1-10) or report action': the case records a decision not to report"),
    // An action the engine refuses: the written report marked sent twice.
    (["3", "", "m", "y", "w", "", "W-1", "w", "", "W-2", "b"], "san-mateo", "answers line 10: not recorded, because the written report is already marked sent"),
  ] as [([String], String?, String)])
  func everyQuestionStopsAScriptThatDoesNotFit(lines: [String], protocolID: String?, problem: String) {
    let played = PlainFixtures.run(lines, protocolID: protocolID)
    #expect(played.outcome.status == PlainOutcome.answerDoesNotFitStatus, "\(played.output)")
    #expect(played.outcome.messages.first == "csec-guide: \(problem); nothing more was read", "\(played.output)")
    let line = Int(problem.split(separator: " ")[2].dropLast()) ?? 0
    #expect(played.guide.io.consumed == line, "lines were read after the one that did not fit")
  }

  @Test func theSameAnswersAtATerminalAreAskedAgain() {
    let played = PlainFixtures.run(["2", "f", "maybe", "n", "g", "p", "d", "", "", "1", "d"], protocolID: "sro-model", terminal: true)
    #expect(played.output.contains("Type y for yes or n for no."))
    #expect(played.output.contains("Give the step's number, from 1 to 5: for example g 2."))
    #expect(played.output.contains("This is the first step."))
    #expect(played.output.contains("Step 1 is already marked; u reopens it."))
    #expect(played.outcome.status == 0)
    #expect(played.readEverything)
  }

  @Test func aTrainingScriptThatDoesNotFitStopsToo() {
    let played = PlainFixtures.train(["3", "", "s", "e"], scenario: "sm-working-weekends")
    #expect(played.outcome.status == 65)
    #expect(played.outcome.messages == [
      "csec-guide: answers line 4: 'e' does not answer 'Action'; nothing more was read",
      "csec-guide: the training walkthrough ended before its debrief (nothing is saved in training).",
    ])
  }

  // MARK: - 1. Ctrl-C at a terminal

  @Test func ctrlCWithNothingToLoseQuitsAtOnce() {
    let played = PlainFixtures.type([.interrupted, .line("1")])
    #expect(played.outcome == PlainOutcome(status: 0, messages: []))
    #expect(!played.output.contains("Quit"))
    #expect(played.guide.io.consumed == 1)
  }

  @Test func ctrlCWithSomethingToLoseAsksAndNoGoesBackToTheQuestion() {
    let played = PlainFixtures.type([.line("3"), .line(""), .interrupted, .line("n"), .line("a"), .line("kept"), .interrupted, .line("y")], protocolID: "san-mateo")
    #expect(played.output.contains("Step 1 of 7, action: \n" + Self.quitAfterCtrlC))
    #expect(played.output.contains("Not quitting: back to the question.\nStep 1 of 7, action: a\n"))
    #expect(played.state?.record(pathway: .suspectedVictim, step: "involve-law-enforcement").notes.map(\.value) == ["kept"])
    #expect(played.outcome == PlainOutcome(status: 0, messages: []))
    #expect(played.readEverything)
  }

  @Test func ctrlCAgainAtTheQuestionQuits() {
    let played = PlainFixtures.type([.line("3"), .line(""), .interrupted, .interrupted, .line("d")], protocolID: "san-mateo")
    #expect(played.output.contains(Self.quitAfterCtrlC))
    #expect(played.outcome == PlainOutcome(status: 0, messages: []))
    #expect(played.guide.io.consumed == 4, "the line after the second Ctrl-C was read")
  }

  @Test func ctrlCInTrainingAsksWhetherToQuitTheWalkthrough() {
    var guide = PlainGuide(
      io: ScriptedIO(inputs: [.line("3"), .line(""), .interrupted, .line("y")], inputIsTerminal: true),
      options: PlainOptions(protocols: PlainFixtures.catalog.protocols, now: { PlainFixtures.now }))
    let outcome = guide.runTraining(PlainFixtures.scenarios, scenarioID: "sm-working-weekends")
    #expect(guide.io.output.contains("Quit the training walkthrough now? Nothing is saved in training. Ctrl-C again quits. (y or n):"))
    #expect(outcome == PlainOutcome(status: 0, messages: []))
  }

  // MARK: - 3. Ctrl-D at a terminal

  @Test func ctrlDAtATerminalAsksLikeQ() {
    let kept = PlainFixtures.type([.line("3"), .line(""), .ended, .line("n"), .line("d"), .line(""), .line("")], protocolID: "san-mateo")
    #expect(kept.output.contains("Step 1 of 7, action: \n" + Self.quitAfterCtrlD))
    #expect(kept.output.contains("Not quitting: back to the question."))
    #expect(kept.output.contains("Step 1 marked done."))
    #expect(!kept.output.contains("The input ended."))
    // The input then ends for good (a dropped terminal): asked once more, then it quits.
    #expect(kept.outcome == PlainOutcome(status: 0, messages: []))
    #expect(kept.output.components(separatedBy: Self.quitAfterCtrlD).count == 3)
  }

  @Test func ctrlDWithNothingToLoseQuitsAtOnce() {
    let played = PlainFixtures.type([.ended, .line("1")])
    #expect(played.outcome == PlainOutcome(status: 0, messages: []))
    #expect(played.guide.io.consumed == 1)
  }

  @Test func ctrlCOrCtrlDAtEitherQuestionQuits() {
    let played = PlainFixtures.type([.line("3"), .line(""), .ended, .interrupted, .line("d")], protocolID: "san-mateo")
    #expect(played.outcome == PlainOutcome(status: 0, messages: []))
    #expect(played.guide.io.consumed == 4)
  }

  // MARK: - 4. A line cut by the terminal

  @Test func aLineAtTheTerminalsLimitIsReportedAndCanBeKept() throws {
    let long = String(repeating: "x", count: ScriptedIO.terminalLineLimit)
    let played = PlainFixtures.type([.line("3"), .line(""), .line("a"), .line(long), .line("y")], protocolID: "san-mateo")
    #expect(played.output.contains(
      "This line reached the terminal's limit of 4095 characters: the rest was cut. Add the rest with another note.\nKeep the part that was read? (y or n):"))
    let notes = played.state?.record(pathway: .suspectedVictim, step: "involve-law-enforcement").notes.map(\.value)
    #expect(notes == [long])
  }

  @Test func aLineAtTheTerminalsLimitCanBeTypedAgain() {
    let long = String(repeating: "y", count: ScriptedIO.terminalLineLimit + 1)
    let played = PlainFixtures.type([.line("3"), .line(""), .line("a"), .line(long), .line("n"), .line("shorter")], protocolID: "san-mateo")
    #expect(played.output.contains("Dropped: type the answer again.\nNote on step 1 (needed): shorter\n"))
    #expect(played.state?.record(pathway: .suspectedVictim, step: "involve-law-enforcement").notes.map(\.value) == ["shorter"])
  }

  @Test func aLongLineFromAScriptIsTakenAsItIs() {
    let long = String(repeating: "z", count: 10_000)
    let played = PlainFixtures.run(["3", "", "a", long], protocolID: "san-mateo")
    #expect(!played.output.contains("terminal's limit"))
    #expect(played.state?.record(pathway: .suspectedVictim, step: "involve-law-enforcement").notes.map(\.value) == [long])
    let shorter = PlainFixtures.type([.line("3"), .line(""), .line("a"), .line(String(long.prefix(4094)))], protocolID: "san-mateo")
    #expect(!shorter.output.contains("terminal's limit"))
  }

  // MARK: - 5. The time of a call

  @Test func onlyAnAcceptedTimeIsSaidBackOnceNormalised() throws {
    let played = PlainFixtures.run(["3", "", "c", "", "", "", "", "25:99", "9:5", "1", ""], protocolID: "san-mateo", terminal: true)
    #expect(!played.output.contains("Time of the call: 25:99"))
    #expect(played.output.contains("Time of the call [09:00] (Enter keeps it): 25:99\n25:99 is not a time of day. Type the time as HH:MM (today) or YYYY-MM-DD HH:MM.\nTime of the call [09:00] (Enter keeps it): 9:5\nTime of the call: 2026-01-15 09:05 (UTC-08:00)\n"))
    #expect(played.output.components(separatedBy: "Type HH:MM for today, or YYYY-MM-DD HH:MM.").count == 2, "the hint is given once")
    let call = try #require(played.state?.steps.values.flatMap(\.calls).first)
    #expect(call.calledAt.iso8601 == "2026-01-15T09:05:00-08:00")
    let kept = PlainFixtures.run(["3", "", "c", "", "", "", "", "", "1", ""], protocolID: "san-mateo")
    #expect(kept.output.contains("Time of the call: 2026-01-15 09:00 (UTC-08:00)\n"))
  }

  // MARK: - 6. Training

  @Test func trainingsNewInformationFollowsTheStepWrappedWithoutTheAnswer() throws {
    let scenario = try #require(PlainFixtures.scenarios.first { $0.id == "sm-working-weekends" })
    let info = try #require(scenario.newInformation)
    let played = PlainFixtures.train(["3", "", "d", "", "", "d", "", ""], scenario: "sm-working-weekends")
    let output = played.output
    let marked = try #require(output.range(of: "Step 2 marked done."))
    let shown = try #require(output.range(of: "NEW INFORMATION"))
    #expect(marked.upperBound < shown.lowerBound, "the new information comes after the step is marked")
    let block = output[shown.upperBound...].prefix { _ in true }
    let end = try #require(block.range(of: "Decide what this changes; v shows the whole story again."))
    let text = block[..<end.lowerBound]
    for line in text.split(separator: "\n") { #expect(line.count <= 78, "not wrapped: \(line)") }
    let folded = { (s: Substring) in s.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
    #expect(folded(text) == folded(Substring(info.text)))
    #expect(!output.contains("e escalates the case"))
    #expect(output.contains("  s. Review the summary\n"))
    // The story shown again wraps it the same way.
    let again = PlainFixtures.train(["3", "", "d", "", "", "d", "", "", "v"], scenario: "sm-working-weekends")
    let story = try #require(again.output.range(of: "NEW INFORMATION", options: .backwards))
    for line in again.output[story.upperBound...].split(separator: "\n") { #expect(line.count <= 78, "not wrapped: \(line)") }
  }

  // MARK: - 7. "1." for 1

  @Test func aNumberWithAPeriodIsThatNumber() {
    let played = PlainFixtures.run(["2.", "2.", "", "d", "", "", "g 4.", "3."])
    #expect(played.output.contains("Chosen: 2. Commercial Sexual Exploitation of Children (CSEC) Protocol for Orange County Educators"))
    #expect(played.output.contains("Chosen: 2. Suspected recruitment"))
    #expect(played.output.contains("Chosen: go to step 4."))
    #expect(played.output.contains("Chosen: go to step 3."))
    #expect(played.outcome.status != 65, "\(played.outcome.messages)")
    #expect(played.readEverything)
  }

  // MARK: - 9. What is typed is cleaned, and said so

  @Test func directionControlsAreRemovedAndThatIsSaid() {
    let played = PlainFixtures.run(["2", "a", "report\u{202E}fdp.exe\u{2066}x\u{2069}", "a", "plain note"], protocolID: "sro-model")
    #expect(played.state?.record(pathway: .suspectedRecruitment, step: "involve-sro").notes.map(\.value) == ["reportfdp.exex", "plain note"])
    #expect(played.output.components(separatedBy: "Control characters were removed from what you typed.").count == 2, "said once, for the one answer")
    #expect(!played.output.unicodeScalars.contains { TerminalText.kind(of: $0) == .bidirectional })
  }

  @Test func escapeSequencesAreRemovedAndThatIsSaid() {
    let (text, removed) = PlainText.typed("\u{1B}[A\u{1B}[31mred\u{1B}[0m\u{07} note\tend")
    #expect(text == "red note end")
    #expect(removed)
    #expect(PlainText.typed("caf\u{E9} \u{05D0}\u{05D1} note\tend") == ("caf\u{E9} \u{05D0}\u{05D1} note end", false))
  }
}
