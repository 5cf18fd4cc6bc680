import GuideEngine
@testable import GuidePlain
import GuideSession
import Testing

/// Issue 12 in plain mode: the same questions as the full screen (the rules are GuideSession's).
@Suite struct ReportConversationTests {
  @Test func aSuspectedPathwayAsksWhenTheInformationWasReceivedAndThePanelShowsTheDeadline() throws {
    // 3: suspected victim; the question comes at once: two hours before now (09:00).
    let played = PlainFixtures.run(["3", "07:00", "l"], protocolID: "san-mateo")
    #expect(played.output.contains("When did you receive the information"))
    #expect(played.output.contains("Recorded: information received 2026-01-15 07:00 (UTC-08:00); written report due 2026-01-16 19:00 (UTC-08:00)."))
    let received = try #require(played.state?.informationReceived?.value)
    #expect(received.iso8601 == "2026-01-15T07:00:00-08:00")
    #expect(played.output.contains("Report: Phone report: not made. Information received 2 hours ago: report by phone immediately or as soon as practicably possible."))
    #expect(played.output.contains("Report: Information received 2026-01-15 07:00 (UTC-08:00). Written report due 2026-01-16 19:00 (UTC-08:00): 1 day 10 hours left."))
  }

  /// The question comes before the step is shown, so the step's report lines show the answer
  /// (they used to say "not recorded" just before the question was asked).
  @Test func theQuestionComesBeforeTheStepAndItsReportLines() throws {
    let output = PlainFixtures.run(["3", "07:00"], protocolID: "san-mateo").output
    let question = try #require(output.range(of: "When did you receive the information"))
    let step = try #require(output.range(of: "Step 1 of 7:"))
    #expect(question.lowerBound < step.lowerBound, "\(output)")
    #expect(!output.contains("When the information was received: not recorded"), "\(output)")
  }

  /// A report field is not marked "(needed)" in its prompt (an "if known" field read as needed);
  /// an empty line leaves it as it was.
  @Test func aReportFieldsPromptDoesNotCallItNeeded() {
    let played = PlainFixtures.run(["3", "", "m", "6", "", "l"], protocolID: "san-mateo")
    #expect(played.output.contains("(if known). Type what you know, or mark it unknown."), "\(played.output)")
    #expect(!played.output.contains("(if known) (needed)"), "\(played.output)")
    #expect(played.output.contains("left as it was."))
    #expect(played.state?.reportFields.isEmpty ?? false)
  }

  @Test func anImpossibleDateIsRefusedWithTheEnginesMessage() {
    let played = PlainFixtures.run(["3", "2026-02-30 10:00", "07:00"], protocolID: "san-mateo", terminal: true)
    #expect(played.output.contains("2026-02-30 is not a date."))
    #expect(played.state?.informationReceived != nil)
  }

  @Test func markingTheReportStepNotApplicableNeedsAConfirmationAndShowsTheLaw() throws {
    let played = PlainFixtures.run(
      ["3", "", "2", "x", "y", "No abuse by parent or caregiver; exploiter is a non-family adult"], protocolID: "san-mateo")
    #expect(played.output.contains("PC 11165.1: Suspected commercial sexual exploitation is suspected sexual abuse."))
    #expect(played.output.contains("Confirm that no mandated report is made for step 2?"))
    let record = try #require(played.state?.record(pathway: .suspectedVictim, step: "child-welfare-report"))
    #expect(record.confirmedNoReport)
    #expect(!played.output.contains("Not recorded:"))
  }

  @Test func notConfirmedTheStepStaysPending() throws {
    let played = PlainFixtures.run(["3", "", "2", "x", "n"], protocolID: "san-mateo")
    #expect(played.output.contains("Step 2 stays pending."))
    #expect(played.state?.record(pathway: .suspectedVictim, step: "child-welfare-report").status == .pending)
  }

  @Test func theFinishQuestionListsWhatIsMissingAndStillFinishes() throws {
    let played = PlainFixtures.run(["3", "skip", "f", "y"], protocolID: "san-mateo")
    #expect(played.output.contains("Before you finish, this is what the case does not record yet:"))
    #expect(played.output.contains("  - When the information was received is not recorded"))
    #expect(played.output.contains("  - No phone report is recorded"))
    #expect(played.output.contains("  - Report fields not entered:"))
    #expect(played.output.contains("  - The written report is not marked sent."))
    #expect(played.output.contains("still pending: 1. Involve local law enforcement"))
    #expect(played.output.contains("Finish the case anyway? A finished case cannot be changed."))
    #expect(played.state?.isFinished == true)
  }

  @Test func usEDAsksNothingAndShowsNoCaliforniaLaw() {
    let played = PlainFixtures.run(["3", "l"], protocolID: "us-ed-sample")
    #expect(!played.output.contains("When did you receive the information"))
    #expect(!played.output.contains("PC 11"))
  }
}
