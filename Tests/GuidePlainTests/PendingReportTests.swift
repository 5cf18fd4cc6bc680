import Foundation  // tests only: temporary directories
import GuideEngine
@testable import GuidePlain
import GuideProtocols
import GuideSession
import GuideStore
import Testing

/// Issue 12 in plain mode: a case finished with its written report outstanding stays in its
/// draft ("written report pending") until the report is marked sent at the time the counselor
/// gives, or the case is closed with a reason; the draft list shows state and due time without
/// the passphrase; the reporter profile pre-fills a second case's reporter fields.
@Suite(.serialized) struct PendingReportTests {
  typealias D = DraftTests

  /// San Mateo, suspected victim; a report is being made, the information received at 08:00
  /// (an hour before `PlainFixtures.now`), then the case is finished and its summary printed.
  static let finishPending = D.lines(
    D.passphrase, D.passphrase, "3", "", "m", "y", "b", "f", "y", "e", "1", "2", "q")

  static func pendingCase(_ store: DraftStore) throws -> (id: String, played: Played) {
    let played = D.play(finishPending, store: store)
    let id = try #require(store.list().first?.id)
    return (id, played)
  }

  @Test func aFinishedCaseWithItsWrittenReportPendingKeepsItsDraft() throws {
    let store = try D.temporaryStore()
    let (id, played) = try Self.pendingCase(store)
    #expect(played.state?.lifecycle == .writtenReportPending, "\(played.output)")
    #expect(played.output.contains("Its written report is pending: the case stays in its encrypted draft until w marks it sent or c closes the case."))
    #expect(played.outcome.messages == [
      "csec-guide: the written report is pending: the case is kept in its encrypted draft \(id) until it is marked sent or the case is closed; 'csec-guide resume --plain' continues it."
    ])
    // The clear header says so, without the passphrase.
    let header = try #require(store.list().first?.header)
    #expect(header.lifecycle == "written-report-pending")
  }

  /// `draft-days` deletes old drafts, but never one whose written report is pending: it is the
  /// only record that a report is owed. The start says so and how to finish it.
  @Test func aPendingDraftOutlivesDraftDays() throws {
    let store = try D.temporaryStore()
    let (pendingID, _) = try Self.pendingCase(store)
    _ = D.play(D.lines(D.passphrase, D.passphrase, "3", "") + [.hangUp(signal: SIGHUP)], store: store)
    let openID = try #require(store.list().map(\.id).first { $0 != pendingID })
    let later = PlainFixtures.now.adding(hours: 24 * 15)
    let lines = DraftKeeper.expireOldDrafts(in: store, days: 14, now: later)
    #expect(lines == [
      "csec-guide: 1 draft older than 14 days deleted.",
      "csec-guide: draft \(pendingID) is older than 14 days but is kept: its written report is pending (csec-guide resume \(pendingID), then mark it sent or close the case).",
    ])
    #expect(store.list().map(\.id) == [pendingID])
    #expect(!store.list().contains { $0.id == openID })
  }

  @Test func resumingAPendingCaseMarksTheWrittenReportSentAtTheTimeGiven() throws {
    let store = try D.temporaryStore()
    let (id, _) = try Self.pendingCase(store)
    // A time in the future is refused as every typed time is (it is asked again), so is an
    // impossible date; then 08:30 today.
    let resumed = D.resume(
      D.lines(D.passphrase, "w", "2026-01-16 10:00", "2026-02-30 08:30", "08:30", "W-9", "e", "1", "2", "q"),
      store: store, id: id)
    #expect(resumed.output.contains("The case is finished; its written report is pending"), "\(resumed.output)")
    #expect(resumed.output.contains("2026-01-16 10:00 (UTC-08:00) is later than now"), "the future time should be refused")
    #expect(resumed.output.contains("2026-02-30 is not a date."))
    let sent = try #require(resumed.state?.writtenReportSent)
    #expect(sent.value == "W-9")
    // 08:30 typed is read in the case's zone, as every typed time is: here the fixtures' fixed
    // UTC-08:00, half an hour before `PlainFixtures.now` (09:00).
    #expect(sent.at.secondsSinceEpoch == PlainFixtures.now.secondsSinceEpoch - 30 * 60)
    #expect(resumed.state?.lifecycle == .closed)
    #expect(resumed.output.contains("Written report marked sent at"))
    #expect(resumed.printedSummary()?.contains("W-9") == true)
    // Sent, summary saved: the old policy deletes the draft.
    #expect(resumed.outcome.messages == ["csec-guide: the finished case's draft was deleted; the saved summary is its record."])
    #expect(store.list().isEmpty)
  }

  @Test func aPendingCaseClosedWithAReasonEndsAndItsDraftGoesOnceSaved() throws {
    let store = try D.temporaryStore()
    let (id, _) = try Self.pendingCase(store)
    let resumed = D.resume(
      D.lines(D.passphrase, "c", "Counsel says the agency's own report replaces it", "e", "1", "2", "q"), store: store, id: id)
    #expect(resumed.state?.lifecycle == .closed)
    #expect(resumed.state?.closed?.value == "Counsel says the agency's own report replaces it")
    #expect(resumed.output.contains(PendingReport.closedLine))
    #expect(store.list().isEmpty)
  }

  @Test func theDraftListShowsStateAndDueWithoutThePassphrase() throws {
    let store = try D.temporaryStore()
    _ = try Self.pendingCase(store)
    _ = D.play(D.lines(D.passphrase, D.passphrase, "3", "") + [.hangUp(signal: SIGHUP)], store: store)
    let resumed = D.resume(D.lines("q", "y"), store: store)
    #expect(resumed.output.contains(", reference (none), protocol san-mateo, opened "), "\(resumed.output)")
    #expect(resumed.output.contains(", written report pending"))
    #expect(resumed.output.contains(", open"))
  }

  @Test func theReporterProfilePrefillsTheNextCase() throws {
    let store = try D.temporaryStore()
    let profileDir = store.directory + "/../profile"
    var options = D.options(store)
    options.reporterProfileStore = ReporterProfileStore(directory: profileDir)
    var first = PlainGuide(
      io: ScriptedIO(inputs: D.lines(D.passphrase, D.passphrase, "3", "", "m", "1", "Alex Counselor", "3", "650-555-0100", "b") + [.hangUp(signal: SIGHUP)], inputIsTerminal: true),
      options: options)
    _ = first.run()
    #expect(first.io.output.components(separatedBy: ReporterProfileStore.savedNotice).count == 2, "said once:\n\(first.io.output)")
    let saved = try #require(try ReporterProfileFile.read(directory: profileDir))
    #expect(saved.name == "Alex Counselor" && saved.phone == "650-555-0100")

    var second = PlainGuide(
      io: ScriptedIO(inputs: D.lines(D.passphrase, D.passphrase, "3", "", "m", "1", "", "b") + [.hangUp(signal: SIGHUP)], inputIsTerminal: true),
      options: options)
    _ = second.run()
    #expect(second.io.output.contains("[Alex Counselor] (Enter keeps it):"), "\(second.io.output)")
    #expect(second.current?.state.reportFields["reporter-name"] == .text("Alex Counselor"))
    #expect(!second.io.output.contains(ReporterProfileStore.savedNotice), "nothing changed in the profile")
  }

  @Test func aDistrictsContactIsSaidAtItsStepAsTheDistricts() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("csec-district-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    try """
      format: csec-guide-district/1
      protocol: san-mateo
      district: Example Unified School District
      contacts:
        - id: district-csec-liaison
          name: District CSEC liaison
          phone: "650-555-0199"
          adds-to-steps: [child-welfare-report]

      """.write(toFile: dir + "/district.yaml", atomically: true, encoding: .utf8)
    let catalog = ProtocolCatalog.load(protocolDir: dir, environment: [:], standard: false)
    #expect(catalog.problems.isEmpty, "\(catalog.problems)")
    var guide = PlainGuide(
      io: ScriptedIO(["3", "", "d", "", ""], inputIsTerminal: false),
      options: PlainOptions(protocols: catalog.protocols, protocolID: "san-mateo", exportDirectory: nil, now: { PlainFixtures.now }))
    _ = guide.run()
    #expect(guide.io.output.contains("District's contact: District CSEC liaison, district's number 650-555-0199."), "\(guide.io.output)")
    #expect(!guide.io.output.contains("Contact: District CSEC liaison"), "never as the source's")
  }
}
