import Foundation  // tests only: files
import Testing

/// `csec-guide train` in a real terminal: a whole scenario walked with keys, the banner on every
/// screen, the debrief's score, and nothing written anywhere.
@Suite(.serialized) struct TrainingEndToEndTests {
  static let banner = "TRAINING: a fictional case. Nothing is saved."

  /// Waits for `what` with the training banner on that screen too (a screen without the
  /// banner times out, and the failure shows it).
  @discardableResult
  func expectBanner(_ s: TmuxSession, _ what: String, _ predicate: (String) -> Bool) throws -> String {
    try s.waitUntil("\(what), with the training banner") { screen in
      predicate(screen) && screen.split(separator: "\n").dropFirst().first?.contains(Self.banner) == true
    }
  }

  /// Marks the focused step done (d, then Ctrl-D on the empty form) and waits for `done` steps.
  func markDone(_ s: TmuxSession, done: Int) throws {
    try s.send("d")
    try s.waitFor("done:")
    try s.send("C-d")
    try s.waitUntil("\(done) steps done") { $0.contains("\(done) done,") && !$0.contains("Ctrl-D save") }
  }

  @Test func aScenarioWalkedAsExpectedScoresFullAndSavesNothing() throws {
    let s = try TmuxSession(["train", "sm-working-weekends"])
    defer { s.close() }
    try expectBanner(s, "the story") { $0.contains("Scenario: Working weekends") && $0.contains("fictional student") }
    try s.send("Enter")
    // No passphrase: a fictional case has no draft.
    let situation = try expectBanner(s, "the situation screen") { loose($0).contains("What is the situation?") }
    #expect(!situation.contains("passphrase"))
    try s.send("3")
    try s.waitUntil("suspected victim focused") { $0.contains("> 3.") }
    try s.send("Enter")
    // A training case is asked when the information was received, like a real one: now.
    try expectBanner(s, "the information question") { titleBar($0).contains("information received") }
    try s.send("C-d")
    try expectBanner(s, "step 1 of 7") { titleBar($0).contains("Step 1 of 7") }
    try markDone(s, done: 1)
    try s.send("d")
    try s.waitFor("done:")
    try s.send("C-d")
    // Step 2 is the scenario's trigger: the picture changes.
    let news = try expectBanner(s, "the new information") {
      titleBar($0).contains("New information") && $0.contains("Enter returns to the case")
    }
    #expect(loose(news).contains("investigation has confirmed it"))
    try s.send("x")  // a key pressed in passing does not hide it
    try s.waitFor("Enter returns to the case")
    try s.send("Enter")
    try s.waitUntil("back on step 3") { titleBar($0).contains("Step 3 of 7") }
    try s.send("e")
    try s.waitFor("Escalate the case")
    try s.send("Tab")
    try s.type("The detective confirmed it")
    try s.send("C-d")
    try expectBanner(s, "the confirmed pathway") { titleBar($0).contains("Step 1 of 8") }
    for done in 1...8 { try markDone(s, done: done) }
    try s.send("m")
    try s.waitUntil("the report screen") { titleBar($0).contains("Mandated report") }
    try s.send("y")
    try s.waitFor("being made")
    try s.send("Escape")
    // Wait: Esc followed at once by a letter reads as Alt and that letter.
    try s.waitUntil("back on the step") { titleBar($0).contains("Step 8 of 8") }
    try s.send("f")
    try s.waitUntil("the review") { titleBar($0).contains("Review the summary") }
    // Saving is refused in training.
    try s.send("s")
    try s.waitFor("never saved")
    try s.send("f")
    try s.waitFor("Finish the case")
    try s.send("y")
    // Wait for the whole frame: the title bar can arrive a moment before the body.
    let debrief = try expectBanner(s, "the debrief") { titleBar($0).contains("Debrief") && loose($0).contains("checks right") }
    #expect(loose(debrief).contains("10 of 10 checks right (100%)"), "\(debrief)")
    // The footer says where Enter goes (it said "next scenario" and went to the list).
    #expect(debrief.split(separator: "\n").last?.contains("Enter scenario list") == true, "\(debrief)")
    try s.send("Enter")
    try expectBanner(s, "the list of scenarios") { titleBar($0).contains("Training scenarios") }
    try s.send("q")
    #expect(try s.waitForExit() == 0)
    // Nothing was written: no state directory, no draft, no file beside the test's own.
    #expect(!FileManager.default.fileExists(atPath: s.directory + "/state"))
    let files = try FileManager.default.contentsOfDirectory(atPath: s.directory).filter { !$0.hasPrefix(".") && !$0.hasPrefix("tmux-") }  // tmux's own socket directory
    #expect(files.isEmpty, "files left by training: \(files)")
  }

  /// From the scenario's story: the situation "suspected victim" (3), and the information
  /// received now, as a training case is asked like a real one.
  func startAsSuspectedVictim(_ s: TmuxSession, story: String) throws {
    try expectBanner(s, "the story") { $0.contains(story) }
    try s.send("Enter")
    try expectBanner(s, "the situation screen") { loose($0).contains("What is the situation?") }
    try s.send("3")
    try s.waitUntil("suspected victim focused") { $0.contains("> 3.") }
    try s.send("Enter")
    try s.waitUntil("the information question") { titleBar($0).contains("information received") }
    try s.send("C-d")
  }

  /// The full screen's training shows times in the system's zone, like a real case (it showed UTC).
  @Test func trainingShowsTimesInTheLocalZone() throws {
    let s = try TmuxSession(["train", "sm-working-weekends"], environment: ["TZ": "America/Los_Angeles"])
    defer { s.close() }
    try startAsSuspectedVictim(s, story: "Scenario: Working weekends")
    let step = try s.waitUntil("step 1 with its report panel") { titleBar($0).contains("Step 1 of 7") && $0.contains("Information received") }
    let zone = TimeZone(identifier: "America/Los_Angeles")!
    let minutes = zone.secondsFromGMT(for: Date()) / 60
    let offset = String(format: "(UTC-%02d:%02d)", -minutes / 60, -minutes % 60)
    #expect(step.contains(offset) && !step.contains("UTC+00:00"), "times not in America/Los_Angeles \(offset):\n\(step)")
  }

  @Test func theDebriefNamesAWrongSituation() throws {
    let s = try TmuxSession(["train", "sro-party-invitations"], width: 200, height: 50)
    defer { s.close() }
    // Suspected victim instead of the expected suspected recruitment.
    try startAsSuspectedVictim(s, story: "Scenario: Invitations to parties")
    try s.waitUntil("step 1") { titleBar($0).contains("Step 1 of") }
    try s.send("f")
    try s.waitUntil("the review") { titleBar($0).contains("Review the summary") }
    try s.send("f")
    try s.waitFor("Finish the case")
    try s.send("y")
    let debrief = try expectBanner(s, "the debrief") { titleBar($0).contains("Debrief") && loose($0).contains("DIFFERENT") }
    #expect(loose(debrief).contains("DIFFERENT: Situation and pathway"))
    #expect(loose(debrief).contains("Expected: Suspected recruitment or exploitation by a student, pathway 'Suspected recruitment or actual exploitation by student'. You: Suspected victim, pathway"))
  }

  @Test func theReferenceOpensFromTheStartScreenWithOneKey() throws {
    let s = try TmuxSession([], width: 100, height: 40)
    defer { s.close() }
    try s.waitFor("Which protocol does your school follow?")
    try s.send("i")
    let reference = try s.waitUntil("the reference") { titleBar($0).contains("Reference") && $0.contains("more below") }
    #expect(loose(reference).contains("Contacts in"))
    try s.send("End")
    let end = try s.waitUntil("the end of the reference") { $0.contains("↑ more above") && !$0.contains("↓ more below") }
    #expect(end.contains("Source:"))
    try s.send("Escape")
    try s.waitFor("Which protocol does your school follow?")
    try s.send("q")
    #expect(try s.waitForExit() == 0)
  }
}
