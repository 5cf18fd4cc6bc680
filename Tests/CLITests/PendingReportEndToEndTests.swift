import Foundation  // tests only: files, dates
import Testing

/// Issue 12 through the real binary in tmux: a San Mateo suspected-victim case finished with
/// its written report pending stays in its draft; `drafts list` shows its state; `resume`
/// opens it on the report and marks the written report sent at a given time (the summary has
/// that time); the reporter profile pre-fills a second case's reporter name.
@Suite(.serialized) struct PendingReportEndToEndTests {
  let walk = EndToEndTests()
  let durability = DurabilityTests()
  static let zone = ["TZ": "America/Los_Angeles"]

  @Test func aPendingCaseIsResumedAndMarkedSentAtAGivenTime() throws {
    let s = try TmuxSession(["--protocol", "san-mateo"], environment: Self.zone)
    defer { s.close() }
    try walk.openAtFirstStep(s, id: "san-mateo", situation: 3)
    // The disclosure came 40 hours ago (t changes when the information was received): the
    // written report was due 36 hours after it, so it is 4 hours overdue.
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "America/Los_Angeles")
    formatter.dateFormat = "yyyy-MM-dd HH:mm"
    let received = formatter.string(from: Date().addingTimeInterval(-40 * 3600))
    try s.send("t")
    try s.waitUntil("the information form") { titleBar($0).contains("information was received") }
    try s.send("C-u")
    try s.type(received)
    try s.waitFor(received)
    try s.send("C-d")
    try s.waitUntil("the time recorded") { !titleBar($0).contains("information was received") && loose($0).contains("OVERDUE") }
    // The report: the reporter's name (saved to the profile), and a report being made.
    try s.send("m")
    try s.waitUntil("the report screen") { titleBar($0).contains("report") || loose($0).contains("Reporter") }
    try s.send("Enter")
    try s.waitUntil("the reporter name form") { $0.contains("Save") && $0.contains("Cancel") }
    try s.type("Alex Counselor")
    try s.send("C-d")
    try s.waitUntil("the name saved") { $0.contains("Alex Counselor") && !$0.contains("Cancel") }
    try s.send("y")
    try s.waitUntil("the decision recorded") { loose($0).contains("a report is being made") }
    // f on the report screen opens the review (Escape then f at once would read as Alt-f).
    try s.send("f")
    try s.waitUntil("the review") { titleBar($0).contains("Review") || loose($0).contains("f finish") }
    try s.send("f")
    try s.waitFor("y")
    try s.send("y")
    try s.waitUntil("finished, written report pending") { loose($0).contains("written report is pending") || loose($0).contains("m written report") }
    try s.send("q")
    try s.waitFor("y quits")
    try s.send("y")
    #expect(try s.waitForExit() == 0)
    let id = try durability.draftID(s)
    let environment = ["HOME": s.directory, "XDG_STATE_HOME": s.directory + "/state", "TZ": "America/Los_Angeles"]
    let list = try CLI.run(["drafts", "list"], environment: environment)
    #expect(list.stdout.contains(id) && list.stdout.contains("written report pending"), "\(list.stdout)\(list.stderr)")
    #expect(list.stdout.contains("STATE") && list.stdout.contains("WRITTEN REPORT DUE") && list.stdout.contains("OVERDUE"))
    let due = formatter.string(from: try #require(formatter.date(from: received)).addingTimeInterval(36 * 3600))
    #expect(list.stdout.contains(due), "the due time (\(due)) is not listed:\n\(list.stdout)")
    #expect(list.stdout.contains("4 hours"), "not listed as 4 hours overdue:\n\(list.stdout)")

    // Resume: the guide opens on the written report; it is marked sent ten minutes ago.
    let r = try TmuxSession(["resume", id], directory: s.directory, environment: Self.zone)
    defer { r.close() }
    try r.waitFor("Resume case")
    try r.type(DurabilityTests.passphrase)
    try r.send("C-d")
    try r.waitUntil("the pending report") { loose($0).contains("written report is pending") && !$0.contains("Opening the draft") }
    try r.send("w")
    try r.waitFor("Written report sent at")
    let typed = formatter.string(from: Date().addingTimeInterval(-600))
    try r.type(typed)
    try r.send("Tab")
    try r.type("W-2026-7")
    try r.send("C-d")
    try r.waitUntil("marked sent") { loose($0).contains("Written report marked sent at") || loose($0).contains("sent \(typed)") }
    try r.send("q")
    try r.waitFor("y quits")
    try r.send("y")
    #expect(try r.waitForExit() == 0)
    let summary = try durability.draftSummary(s, id)
    let sentAt = ((summary["mandated_report"] as? [String: Any])?["written_report_sent_at"] as? String)
      ?? (summary["written_report_sent_at"] as? String) ?? "\(summary)"
    // The same instant as typed in Los Angeles (drafts summary may show it in another zone).
    let typedInstant = try #require(formatter.date(from: typed))
    let sentInstant = try #require(ISO8601DateFormatter().date(from: sentAt), "\(sentAt)")
    #expect(sentInstant == typedInstant, "typed \(typed) in America/Los_Angeles, recorded \(sentAt)")
    let after = try CLI.run(["drafts", "list"], environment: environment)
    #expect(after.stdout.contains("closed"), "\(after.stdout)")

    // A second case: the reporter name field starts with the profile's value.
    let second = try TmuxSession(["--protocol", "san-mateo"], directory: s.directory, environment: Self.zone)
    defer { second.close() }
    try walk.openAtFirstStep(second, id: "san-mateo", situation: 3)
    try second.send("m")
    try second.waitUntil("the report screen") { titleBar($0).contains("report") || loose($0).contains("Reporter") }
    try second.send("Enter")
    let form = try second.waitUntil("the pre-filled reporter name") { $0.contains("Cancel") && $0.contains("Alex Counselor") }
    #expect(form.contains("Alex Counselor"))
  }
}
