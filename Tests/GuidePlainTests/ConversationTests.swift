import Foundation  // tests only: temporary directories and file modes
import GuideEngine
@testable import GuidePlain
import GuideSession
import Testing

/// How plain mode talks: invalid answers, the global commands, the end of the input, quitting,
/// exporting to a file, and that no escape sequence is ever written.
@Suite struct ConversationTests {
  @Test func anInvalidAnswerIsExplainedAndAskedAgain() {
    let played = PlainFixtures.run(["9", "", "two", "2", "3", "", "maybe"], terminal: true)
    #expect(played.output.contains("'9' is not one of the answers here: type a number from 1 to 4 (? for help)."))
    #expect(played.output.contains("Type one of the answers: a number from 1 to 4 (? for help)."))
    #expect(played.output.contains("'two' is not one of the answers here"))
    #expect(played.output.contains("Chosen: 2. Commercial Sexual Exploitation of Children (CSEC) Protocol for Orange County Educators"))
    #expect(played.output.contains("Chosen: 3. Suspected victim"))
    #expect(played.output.contains("'maybe' is not one of the answers here: type a step number") == false)
    #expect(played.output.contains("'maybe' is not one of the answers here: type a number from 1 to 6, or one of the letters"))
  }

  @Test func theCallTimeIsCheckedAsTheFullScreenFormChecksIt() throws {
    let guide = try PlainFixtures.guide("san-mateo")
    var s = Script(guide)
    s.type("3", "", "c", "", "", "", "", "25:99", "2027-01-01 10:00", "23:50", "1", "")
    s.expect(.situationChosen(.suspectedVictim))
    let played = PlainFixtures.run(s.lines, protocolID: "san-mateo", terminal: true)
    #expect(played.output.contains("25:99 is not a time of day. Type the time as HH:MM (today) or YYYY-MM-DD HH:MM."))
    #expect(played.output.contains("2027-01-01 10:00 (UTC-08:00) is later than now: type the time it happened."))
    #expect(played.output.contains("Time of the call: 2026-01-14 23:50 (UTC-08:00)\n23:50 is later than now, so it is read as yesterday's: 2026-01-14 23:50 (UTC-08:00).\n"))
    // "23:50" typed at 09:00 means yesterday evening.
    let call = try #require(played.state?.steps.values.flatMap(\.calls).first)
    #expect(call.calledAt.iso8601 == "2026-01-14T23:50:00-08:00")
    #expect(call.agency == "Local law enforcement" && call.contactID == "local-law-enforcement")
  }

  @Test func helpReferenceAndCommentsAnswerNothing() {
    let played = PlainFixtures.run(["?", "# a comment line", "r", "reference", "1"])
    #expect(played.output.contains("Help\n  Choose the protocol your school follows: type its number."))
    #expect(played.output.contains("REFERENCE"))
    #expect(played.output.contains("Definitions"))
    #expect(!played.output.contains("a comment line"))
    #expect(played.output.contains("Chosen: 1."))
    #expect(played.outcome.status == 0)
  }

  @Test func aBackslashMakesACommandWordAnAnswer() throws {
    let guide = try PlainFixtures.guide("sro-model")
    var s = Script(guide)
    s.type("2", "a", "\\q")
    s.expect(.situationChosen(.suspectedRecruitment))
    s.expect(.stepNoteAdded(step: "involve-sro", text: "q"))
    let played = PlainFixtures.run(s.lines, protocolID: "sro-model")
    #expect(played.state?.record(pathway: .suspectedRecruitment, step: "involve-sro").notes.map(\.value) == ["q"])
  }

  @Test func typedEscapeSequencesNeverReachTheRecordOrTheOutput() {
    let played = PlainFixtures.run(["2", "a", "\u{1B}[A\u{1B}[31mred\u{1B}[0m\u{07} note"], protocolID: "sro-model")
    #expect(played.state?.record(pathway: .suspectedRecruitment, step: "involve-sro").notes.map(\.value) == ["red note"])
    #expect(played.hasNoControlCharacters)
  }

  @Test func theEndOfTheInputWithSomethingUnsavedSaysWhatAndExits66() {
    let played = PlainFixtures.run(["3", "", "d", "Called the police", ""], protocolID: "san-mateo")
    #expect(played.outcome.status == 66)
    #expect(played.outcome.messages.first?.contains("Plain mode keeps no draft when its input is not a terminal: these entries were not saved:") == true)
    #expect(played.outcome.messages.contains { $0.contains("Step 1 'Involve local law enforcement' marked done") })
    #expect(played.output.hasSuffix("The input ended.\n"))
  }

  @Test func theEndOfTheInputWithNothingToLoseEndsQuietly() {
    #expect(PlainFixtures.run([]).outcome == PlainOutcome(status: 0, messages: []))
    #expect(PlainFixtures.run(["1"]).outcome == PlainOutcome(status: 0, messages: []))
  }

  @Test func quittingAsksWhenSomethingWouldBeLost() {
    let kept = PlainFixtures.run(["3", "", "q", "n", "q", "y"], protocolID: "san-mateo")
    #expect(kept.output.contains("Quit? What you recorded since the summary was last saved is lost: plain mode keeps no draft when its input is not a terminal. (y or n):"))
    #expect(kept.output.contains("Not quitting: back to the question."))
    #expect(kept.outcome == PlainOutcome(status: 0, messages: []))
    #expect(kept.readEverything)
    let atOnce = PlainFixtures.run(["q", "1"], protocolID: "san-mateo")
    #expect(atOnce.outcome.status == 0)
    #expect(!atOnce.readEverything)
  }

  @Test func theSummaryIsSavedToANewPrivateFileAndNeverOverwrites() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plain-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let guide = try PlainFixtures.guide("sro-model")
    var s = Script(guide)
    s.type("2")
    s.expect(.situationChosen(.suspectedRecruitment))
    s.type("f", "y", "e", "1", "1", "e", "1", "1")
    s.expect(.finished)
    let played = PlainFixtures.run(s.lines, protocolID: "sro-model", exportDirectory: directory.path)
    #expect(played.output.contains("Saved to \(directory.path)/csec-summary-20260115-0900.txt (only you can read it)."))
    #expect(played.output.contains("Saved to \(directory.path)/csec-summary-20260115-0900-2.txt (only you can read it)."))
    let file = directory.appendingPathComponent("csec-summary-20260115-0900.txt")
    #expect(try String(contentsOf: file, encoding: .utf8) == s.expectedSummary())
    let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
    #expect(mode == 0o600)
    #expect(played.outcome == PlainOutcome(status: 0, messages: []))
  }

  @Test func withoutAnExportDirectoryTheSummaryCanStillBePrinted() {
    let played = PlainFixtures.run(["2", "f", "y", "e", "1", "1", "e", "1", "2"], protocolID: "sro-model", exportDirectory: nil)
    #expect(played.outcome == PlainOutcome(status: 0, messages: []))
    #expect(played.output.contains("Saving files is not available on this account (no export directory is configured)."))
    #expect(played.printedSummary() != nil)
  }

  @Test(arguments: [
    ("dumb", nil, true, true, "TERM is dumb"),
    (nil, nil, true, true, "TERM is not set"),
    ("", nil, true, true, "TERM is not set"),
    ("xterm", "1", true, true, "ACCESSIBLE is set"),
    ("xterm", nil, false, true, "standard input is not a terminal"),
    ("xterm", nil, true, false, "standard output is not a terminal"),
  ] as [(String?, String?, Bool, Bool, String)])
  func plainModeIsChosenWithAReason(term: String?, accessible: String?, input: Bool, output: Bool, reason: String) throws {
    let notice = try #require(PlainModeSelection.automaticReason(term: term, accessible: accessible, inputIsTerminal: input, outputIsTerminal: output))
    #expect(notice.hasPrefix("csec-guide: plain mode (\(reason)); use --plain to choose it yourself, or "))
    #expect(notice.hasSuffix(" for the full screen."))
    #expect(!notice.contains("\n"))
  }

  @Test func aTerminalThatCanShowTheFullScreenKeepsIt() {
    #expect(PlainModeSelection.automaticReason(term: "xterm-256color", accessible: "", inputIsTerminal: true, outputIsTerminal: true) == nil)
  }
}
