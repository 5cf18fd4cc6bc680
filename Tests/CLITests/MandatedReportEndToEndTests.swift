import Foundation  // tests only: the expected local times
import Testing

/// Issue 12 end to end, in a real pty with TZ=America/Los_Angeles: the information received
/// before the call, the phone report, the deadline from the information with PDT/PST, and the
/// finish question that lists what is missing.
@Suite(.serialized) struct MandatedReportEndToEndTests {
  let walk = EndToEndTests()

  /// "2026-01-15 07:00" in Los Angeles, `hours` before now.
  func losAngeles(_ date: Date, format: String) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "America/Los_Angeles")
    formatter.dateFormat = format
    return formatter.string(from: date)
  }

  @Test func informationReceivedBeforeTheCallSetsTheDeadline() throws {
    let s = try TmuxSession(["--protocol", "san-mateo"], environment: ["TZ": "America/Los_Angeles"])
    defer { s.close() }
    try walk.openCase(s, id: "san-mateo")
    try s.send("3")
    try s.send("Enter")
    try s.waitUntil("the question when the information was received") {
      titleBar($0).contains("information received")
    }
    // The information was received two hours before the call.
    let received = Date().addingTimeInterval(-2 * 3600)
    let typed = losAngeles(received, format: "yyyy-MM-dd HH:mm")
    try s.send("C-u")
    try s.type(typed)
    try s.waitFor(typed)
    try s.send("Enter")
    let step = try s.waitUntil("the step with the report panel") {
      titleBar($0).contains("Step 1 of") && loose($0).contains("Information received \(typed)")
    }
    #expect(loose(step).contains("report by phone immediately or as soon as practicably possible"))
    // The phone report: step 2, a call to Child Welfare Services that took the report.
    try s.send("2")
    try s.waitUntil("step 2") { titleBar($0).contains("Step 2 of") }
    try s.send("c")
    try s.waitFor("Record a call")
    for _ in 0..<5 { try s.send("Tab") }
    try s.send("1")
    try s.send("C-d")
    try s.waitUntil("the phone report in the panel") { loose($0).contains("Phone report made") }
    // The summary: due 36 hours after the information, in the zone in force then.
    let due = received.addingTimeInterval(36 * 3600)
    let dueText = losAngeles(due, format: "yyyy-MM-dd HH:mm")
    let offset = TimeZone(identifier: "America/Los_Angeles")!.isDaylightSavingTime(for: due) ? "PDT (UTC-07:00)" : "PST (UTC-08:00)"
    try s.send("f")
    let review = try s.waitUntil("the summary") { titleBar($0).contains("Review the summary") && $0.contains("CONFIDENTIAL") }
    var text = loose(review)
    for _ in 0..<12 where !text.contains("\(dueText) \(offset)") {
      let before = try s.screen
      try s.send("PageDown")
      // The page scrolled (or is at its end already).
      let scrolled = try? s.waitUntil("the summary scrolled", timeout: .seconds(3)) { $0 != before }
      text += " " + loose(try scrolled ?? s.screen)
    }
    #expect(text.contains("\(dueText) \(offset)"), "\(text)")
    // The finish question lists what is missing; it can still be declined.
    try s.send("f")
    let finish = try s.waitFor("Finish the case anyway")
    #expect(loose(finish).contains("Report fields not entered"))
    #expect(loose(finish).contains("The written report is not marked sent"))
    #expect(loose(finish).contains("still pending"))
    try s.send("n")
    try s.send("q")
    try s.waitFor("y quits")
    try s.send("y")
    #expect(try s.waitForExit() == 0)
  }
}
