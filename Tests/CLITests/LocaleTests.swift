import Foundation  // tests only: files, JSON
import Testing

/// Spanish names typed in every locale are kept exactly, in the full screen and in plain mode.
/// Over SSH the locale is often not forwarded (LANG=C) while the terminal still sends UTF-8:
/// the full screen used to read it byte by byte and dropped letters ("Peña" became "Pe").
@Suite(.serialized) struct LocaleTests {
  let walk = EndToEndTests()
  let drafts = DurabilityTests()

  /// Saves step 1's form (Ctrl-D), quits the full screen, and returns the note and reference
  /// step 1 holds in the draft.
  func saveStepOneAndQuit(_ s: TmuxSession) throws -> (note: String?, reference: String?) {
    try s.send("C-d")
    try s.waitUntil("step 1 marked done") { !$0.contains("Step 1 done:") && $0.contains(" 1 done,") }
    try s.send("q")
    try s.waitFor("y quits")
    try s.send("y")
    #expect(try s.waitForExit() == 0)
    return try stepOneInTheDraft(s)
  }

  /// Step 1's note and reference as the draft holds them.
  func stepOneInTheDraft(_ s: TmuxSession) throws -> (note: String?, reference: String?) {
    let summary = try drafts.draftSummary(s, try drafts.draftID(s))
    let steps = (summary["pathways"] as? [[String: Any]])?.last?["steps"] as? [[String: Any]] ?? []
    return (steps.first?["note"] as? String, steps.first?["reference"] as? String)
  }

  @Test(arguments: ["C", "C.UTF-8"])
  func theFullScreenKeepsAccentedLettersInAnyLocale(locale: String) throws {
    let s = try TmuxSession(["--protocol", "sro-model"], locale: locale)
    defer { s.close() }
    try walk.openAtFirstStep(s, id: "sro-model", situation: 2)
    try s.send("d")
    try s.waitFor("Step 1 done:")
    // Typed in pieces, as a person types: the letter after the accented one was lost too.
    try s.type("Ana Peña")
    try s.type(" Ruiz")
    try s.send("Tab")
    try s.type("José Núñez")
    try s.waitFor(locale == "C" ? "Jose Nunez" : "José Núñez")
    let step = try saveStepOneAndQuit(s)
    #expect(step.note == "Ana Peña Ruiz", "locale \(locale)")
    #expect(step.reference == "José Núñez", "locale \(locale)")
  }

  @Test(arguments: ["C", "C.UTF-8"])
  func plainModeKeepsAccentedLettersInAnyLocale(locale: String) throws {
    let answers = ["2", "d", "Ana Peña Ruiz", "José Núñez", "f", "y", "e", "1", "2"].joined(separator: "\n") + "\n"
    let result = try CLI.run(
      ["--plain", "--protocol", "sro-model"] + PlainModeTests.fixedTime, environment: ["LANG": locale, "LC_ALL": locale],
      input: answers)
    #expect(result.status == 0, "\(result.stderr)")
    let summary = try #require(PlainModeTests.printedSummary(result.stdout, "text"), "no summary:\n\(result.stdout)")
    #expect(summary.contains("Note: Ana Peña Ruiz"), "locale \(locale):\n\(summary)")
    #expect(summary.contains("Reference: José Núñez"), "locale \(locale):\n\(summary)")
  }

  /// A terminal that sends Latin-1 (0xE9 for "é"): the letter is refused and said, and the
  /// keys after it work. curses' own decoding swallowed up to 16 keys after such a byte, so
  /// Tab, Ctrl-D and Esc did nothing; the full screen now decodes UTF-8 itself.
  @Test(arguments: ["C", "C.UTF-8"])
  func aLetterThatIsNotUTF8IsRefusedAndTheNextKeysWork(locale: String) throws {
    let s = try TmuxSession(["--protocol", "sro-model"], locale: locale)
    defer { s.close() }
    try walk.openAtFirstStep(s, id: "sro-model", situation: 2)
    try s.send("d")
    try s.waitFor("Step 1 done:")
    try s.type("Jos")
    try s.sendBytes([0xE9])
    try s.type(" Nunez")
    try s.send("Tab")
    try s.type("R-1")
    let screen = try s.waitFor("R-1")
    #expect(loose(screen).contains("not UTF-8, so it was not taken"), "\(screen)")
    #expect(screen.contains("Jos Nunez"), "\(screen)")
    let step = try saveStepOneAndQuit(s)
    #expect(step.note == "Jos Nunez")
    #expect(step.reference == "R-1")
  }

  /// Plain mode typed at a terminal (tmux), as a counselor over SSH with LANG=C would: the names
  /// reach the draft exactly.
  @Test(arguments: ["C", "C.UTF-8"])
  func plainModeAtATerminalKeepsAccentedLettersInAnyLocale(locale: String) throws {
    let s = try TmuxSession(["--plain", "--protocol", "sro-model"], locale: locale)
    defer { s.close() }
    // The passphrase twice, not echoed: each prompt waited for as the last line on the screen.
    for prompt in ["Passphrase (at least 8 characters, not shown):", "The same passphrase again:"] {
      try s.waitUntil("'\(prompt)'") { $0.split(separator: "\n").last.map { $0.hasPrefix(prompt) } ?? false }
      try s.type(DurabilityTests.passphrase)
      try s.send("Enter")
    }
    try s.waitFor("Situation (1-")
    try s.type("2")
    try s.send("Enter")
    try s.waitFor("action:")
    try s.type("d")
    try s.send("Enter")
    try s.waitFor("Note (optional")
    try s.type("Ana Peña")
    try s.type(" Ruiz")
    try s.send("Enter")
    try s.waitFor("Reference (optional")
    try s.type("José Núñez")
    try s.send("Enter")
    try s.waitFor("Step 1 marked done.")
    // Everything is in the draft: q quits without a question.
    try s.type("q")
    try s.send("Enter")
    #expect(try s.waitForExit() == 0)
    let step = try stepOneInTheDraft(s)
    #expect(step.note == "Ana Peña Ruiz", "locale \(locale)")
    #expect(step.reference == "José Núñez", "locale \(locale)")
  }
}
