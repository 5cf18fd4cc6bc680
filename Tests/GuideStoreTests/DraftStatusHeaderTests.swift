import Foundation  // tests only: temporary directories
import GuideEngine
@testable import GuideStore
import Testing

/// The clear header says where a case stands and when its written report is due (issue 12), so
/// `drafts list` can show them without the passphrase. Drafts written before these fields open.
@Suite(.serialized) struct DraftStatusHeaderTests {
  @Test func theStateAndDueTimeAreInTheClearHeaderAndAuthenticated() throws {
    let dir = try temporaryDirectory()
    let store = DraftStore(directory: dir + "/drafts")
    let draft = try store.create(protocolID: "san-mateo", opened: t0, passphrase: "correct horse", derivation: testDerivation)
    let due = t0.adding(hours: 36)
    draft.describe(lifecycle: "written-report-pending", writtenReportDue: due)
    for event in sampleEvents() { draft.append(.event(event), reference: nil, now: event.at) }
    draft.close()
    let header = try #require(store.list().first?.header)
    #expect(header.lifecycle == "written-report-pending")
    #expect(header.writtenReportDue == due)
    // The header is authenticated: changing the state without the key breaks the draft.
    let path = store.directory + "/\(draft.id).draft"
    let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
    var changed = Array(bytes)
    let needle = Array("written-report-pending".utf8)
    let at = try #require((0...(changed.count - needle.count)).first { Array(changed[$0..<($0 + needle.count)]) == needle })
    changed[at] = UInt8(ascii: "W")
    try Data(changed).write(to: URL(fileURLWithPath: path))
    #expect(throws: DraftError.self) { _ = try store.verify(draft.id, passphrase: "correct horse") }
  }

  @Test func aDraftWrittenBeforeTheFieldsStillListsAndOpens() throws {
    let dir = try temporaryDirectory()
    let store = DraftStore(directory: dir + "/drafts")
    let draft = try store.create(protocolID: "san-mateo", opened: t0, passphrase: "correct horse", derivation: testDerivation)
    // No describe(): the header is exactly what earlier versions wrote.
    for event in sampleEvents() { draft.append(.event(event), reference: "2025-7", now: event.at) }
    draft.close()
    let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: store.directory + "/\(draft.id).draft")), as: UTF8.self)
    #expect(!text.contains("lifecycle") && !text.contains("written_report_due"))
    let header = try #require(store.list().first?.header)
    #expect(header.lifecycle == nil && header.writtenReportDue == nil)
    let opened = try store.open(draft.id, passphrase: "correct horse")
    #expect(opened.log.events == sampleEvents())
    opened.close()
  }
}
