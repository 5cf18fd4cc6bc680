import Foundation  // tests only: JSONSerialization checks that the JSON output parses
import GuideEngine
import Testing

@Suite struct SummaryTests {
  /// A San Mateo suspected-victim case with a report, a declined call and a step not applicable.
  func sanMateoCase() throws -> (GuideProtocol, CaseDriver) {
    let guide = try Fixtures.guide("san-mateo")
    var d = try CaseDriver(guide)
    try d.send(.referenceSet("2025-044"))
    try d.send(.situationChosen(.suspectedVictim))
    let steps = try #require(d.activePathway?.steps)
    try d.send(.stepDone(step: steps[0].id, note: "Spoke to school liaison officer", reference: "PD-9"))
    // The student disclosed at 06:00, four hours before the call.
    try d.send(.informationReceived(at: Timestamp(secondsSinceEpoch: 1_764_093_600 - 4 * 3600, utcOffsetMinutes: -480)))
    let report = try #require(steps.first { $0.mandatedReport })
    try d.send(.callRecorded(step: report.id, call: CallRecord(
      contactID: report.contact, agency: "Child Welfare Services", personSpoken: "A. Chen", badgeOrID: "CW-12",
      referralNumber: "REF-555", calledAt: Timestamp(secondsSinceEpoch: 1_764_093_600, utcOffsetMinutes: -480),
      outcome: .reportTaken)))
    try d.send(.stepDone(step: report.id, note: nil, reference: "REF-555"))
    try d.send(.stepNotApplicable(step: steps[4].id, reason: "Parent is the suspected exploiter"))
    try d.send(.reportFieldSet(field: "reporter-name", value: .text("Dana Counselor")))
    try d.send(.reportFieldSet(field: "child-location", value: .unknown))
    return (guide, d)
  }

  @Test func textSummaryStatesEverythingTheRecordNeeds() throws {
    let (guide, d) = try sanMateoCase()
    let summary = CaseSummary(guide: guide, state: d.state)
    let text = summary.rendered(.text, width: 1000)  // unwrapped, so phrases stay on one line
    #expect(text.hasPrefix("CSEC CASE SUMMARY\n"))
    #expect(text.contains("CONFIDENTIAL"))
    #expect(text.contains("PC 11167(d)"))
    #expect(text.contains("Case reference: 2025-044"))
    #expect(text.contains("Situation: Suspected victim"))
    #expect(text.contains("How determined: chosen by the staff member"))
    #expect(text.contains("Rape Trauma Services: 650-692-7273"))
    #expect(text.contains("Child Welfare Services: no phone number in the protocol's source"))
    #expect(text.contains("[NOT APPLICABLE"))
    #expect(text.contains("Reason: Parent is the suspected exploiter"))
    #expect(text.contains("spoke with A. Chen; ID/badge CW-12; referral number REF-555"))
    #expect(text.contains("Phone report made: 2025-11-25 10:00 (UTC-08:00) to Child Welfare Services, referral number REF-555"))
    #expect(text.contains("Information received: 2025-11-25 06:00 (UTC-08:00)"))
    #expect(text.contains("Written report due: 2025-11-26 18:00 (UTC-08:00) (36 hours after the information was received)"))
    #expect(text.contains("Written report sent: not marked sent"))
    #expect(text.contains("Mandated reporter's name: Dana Counselor"))
    #expect(text.contains("Child's present location (if known): unknown\n"))
    #expect(text.contains("Mandated reporter's business address: unknown (not entered)"))
    #expect(text.contains("Still pending"))
    // Wrapped, every line fits and no word is lost.
    let wrapped = summary.rendered(.text, width: 78)
    for line in wrapped.split(separator: "\n") { #expect(line.count <= 78, "too long: \(line)") }
    #expect(wrapped.split(whereSeparator: \.isWhitespace).filter { !$0.allSatisfy { $0 == "-" || $0 == "=" } }
      == text.split(whereSeparator: \.isWhitespace).filter { !$0.allSatisfy { $0 == "-" || $0 == "=" } })
  }

  @Test func pendingStepsAreListed() throws {
    let (guide, d) = try sanMateoCase()
    let summary = CaseSummary(guide: guide, state: d.state)
    let pending = summary.pendingSteps.map(\.number)
    #expect(pending == [3, 4, 6, 7])
  }

  @Test func theSummaryContainsOnlyWhatTheUserEntered() throws {
    let guide = try Fixtures.guide("san-mateo")
    var d = try CaseDriver(guide)
    try d.send(.situationChosen(.atRisk))
    let text = CaseSummary(guide: guide, state: d.state).rendered(.text)
    #expect(text.contains("Case reference: none given"))
    #expect(!text.contains("Dana"))
    #expect(text.contains("Child's name and address (if known): unknown (not entered)"))
  }

  @Test func usEdSummaryNeverAppliesCaliforniaLaw() throws {
    let guide = try Fixtures.guide("us-ed-sample")
    var d = try CaseDriver(guide)
    try d.send(.situationChosen(.suspectedVictim))
    try d.send(.reportDecided(.reporting))
    let text = CaseSummary(guide: guide, state: d.state).rendered(.text)
    for californian in ["PC 111", "Penal Code", "36 hours", "SS 8572", "Written report due"] {
      #expect(!text.contains(californian), "US ED summary mentions \(californian)")
    }
    #expect(text.contains("CONFIDENTIAL. Student safeguarding record"))
    #expect(text.contains("Report decision"))
  }

  @Test func jsonSummaryParsesAndCarriesTheFacts() throws {
    let (guide, d) = try sanMateoCase()
    let json = CaseSummary(guide: guide, state: d.state).rendered(.json)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    #expect(object["confidential"] as? Bool == true)
    #expect(object["reference"] as? String == "2025-044")
    #expect(object["situation"] as? String == "suspected-victim")
    let report = try #require(object["mandated_report"] as? [String: Any])
    #expect(report["phone_report_at"] as? String == "2025-11-25T10:00:00-08:00")
    #expect(report["information_received_at"] as? String == "2025-11-25T06:00:00-08:00")
    #expect(report["written_report_due"] as? String == "2025-11-26T18:00:00-08:00")
    #expect(report["written_report_from"] as? String == "information-received")
    let fields = try #require(report["fields"] as? [[String: Any]])
    #expect(fields.count == 10)
    #expect(fields.first?["value"] as? String == "Dana Counselor")
    #expect(fields.first?["unknown"] as? Bool == false)
    #expect(fields.first?["not_entered"] as? Bool == false)
    // Marked unknown and never entered are told apart.
    let location = try #require(fields.first { $0["id"] as? String == "child-location" })
    #expect(location["unknown"] as? Bool == true)
    #expect(location["not_entered"] as? Bool == false)
    let address = try #require(fields.first { $0["id"] as? String == "reporter-business-address" })
    #expect(address["unknown"] as? Bool == false)
    #expect(address["not_entered"] as? Bool == true)
    // The timeline lists the call at the time of the call, and says when it was recorded.
    let timeline = try #require(object["timeline"] as? [[String: Any]])
    let call = try #require(timeline.first { ($0["event"] as? String)?.hasPrefix("Call to Child Welfare Services") == true })
    #expect(call["at"] as? String == "2025-11-25T10:00:00-08:00")
    #expect(call["recorded_at"] as? String != call["at"] as? String)
    let times = timeline.compactMap { $0["at"] as? String }
    #expect(times == times.sorted(), "in the order things happened")
    let received = try #require(timeline.firstIndex { ($0["event"] as? String)?.hasPrefix("Information received") == true })
    #expect(timeline[received]["at"] as? String == "2025-11-25T06:00:00-08:00")
    let pathways = try #require(object["pathways"] as? [[String: Any]])
    let steps = try #require(pathways.first?["steps"] as? [[String: Any]])
    #expect(steps.count == 7)
    #expect(steps[4]["status"] as? String == "not-applicable")
    #expect(object["pending"] as? [String] == [steps[2]["id"] as! String, steps[3]["id"] as! String, steps[5]["id"] as! String, steps[6]["id"] as! String])
  }

  @Test func markdownEscapesWhatTheUserTyped() throws {
    let guide = try Fixtures.guide("san-mateo")
    var d = try CaseDriver(guide)
    try d.send(.referenceSet("# not a heading *or bold* [link](x)"))
    let markdown = CaseSummary(guide: guide, state: d.state).rendered(.markdown)
    #expect(markdown.hasPrefix("# CSEC case summary\n"))
    #expect(markdown.contains("\\# not a heading \\*or bold\\* \\[link\\](x)"))
    #expect(markdown.contains("> **CONFIDENTIAL."))
  }

  @Test func trainingCasesSayTheyAreFictional() throws {
    let guide = try Fixtures.guide("orange-county")
    let d = try CaseDriver(guide, mode: .training)
    let text = CaseSummary(guide: guide, state: d.state).rendered(.text)
    #expect(text.contains("TRAINING: fictional case, not a record."))
  }
}
