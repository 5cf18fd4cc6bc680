import Foundation  // tests only: files
import GuideEngine
@testable import GuideStore
import Testing

/// A draft is bound to its case (swapped or copied files never lose a record), an older draft
/// put back is found, ids are checked before any path is built, and no temporary file is left.
@Suite(.serialized) struct DraftBindingTests {
  func store(_ dir: String) -> DraftStore { DraftStore(directory: dir + "/drafts") }

  func make(_ store: DraftStore, notes: [String]) throws -> String {
    let draft = try store.create(protocolID: "san-mateo", opened: t0, passphrase: "p", derivation: testDerivation)
    draft.append(.event(CaseEvent(at: t0, .opened(protocolID: "san-mateo", mode: .real))), reference: nil, now: t0)
    for note in notes { draft.append(.event(CaseEvent(at: t0, .caseNoteAdded(note))), reference: nil, now: t0) }
    draft.close()
    return draft.id
  }

  func notes(_ log: CaseLog) -> [String] {
    log.events.compactMap { if case .caseNoteAdded(let n) = $0.action { return n } else { return nil } }
  }

  @Test func swappedDraftsAreRefusedAndNeitherCaseLosesARecord() throws {
    let dir = try temporaryDirectory()
    let store = store(dir)
    let a = try make(store, notes: ["a1", "a2"])
    let b = try make(store, notes: ["b1"])
    let pathA = store.directory + "/\(a).draft"
    let pathB = store.directory + "/\(b).draft"
    let bytesA = try Data(contentsOf: URL(fileURLWithPath: pathA))
    let bytesB = try Data(contentsOf: URL(fileURLWithPath: pathB))
    try bytesB.write(to: URL(fileURLWithPath: pathA))
    try bytesA.write(to: URL(fileURLWithPath: pathB))
    for (asked, holds) in [(a, b), (b, a)] {
      #expect(throws: DraftError.otherCase(file: asked, holds: holds)) { try store.open(asked, passphrase: "p") }
      #expect(throws: DraftError.otherCase(file: asked, holds: holds)) { try store.verify(asked, passphrase: "p") }
    }
    // Nothing was written: both files are exactly as they were swapped.
    #expect(try Data(contentsOf: URL(fileURLWithPath: pathA)) == bytesB)
    #expect(try Data(contentsOf: URL(fileURLWithPath: pathB)) == bytesA)
    // Put back, every record of both cases is there.
    try bytesA.write(to: URL(fileURLWithPath: pathA))
    try bytesB.write(to: URL(fileURLWithPath: pathB))
    #expect(notes(try store.open(a, passphrase: "p").log) == ["a1", "a2"])
    #expect(notes(try store.open(b, passphrase: "p").log) == ["b1"])
    let message = DraftError.otherCase(file: a, holds: b).description
    #expect(message.contains("\(a).draft holds the draft of another case, \(b)") && message.contains("Nothing was opened or written"))
  }

  @Test func aCopyOfAnOpenDraftCannotBeOpened() throws {
    let dir = try temporaryDirectory()
    let store = store(dir)
    let a = try make(store, notes: ["a1"])
    let open = try store.open(a, passphrase: "p")
    let copy = "zz2345"
    try FileManager.default.copyItem(atPath: store.directory + "/\(a).draft", toPath: store.directory + "/\(copy).draft")
    #expect(throws: DraftError.otherCase(file: copy, holds: a)) { try store.open(copy, passphrase: "p") }
    #expect(throws: DraftError.locked) { try store.open(a, passphrase: "p") }
    open.append(.event(CaseEvent(at: t0, .caseNoteAdded("a2"))), reference: nil, now: t0)
    open.close()
    #expect(notes(try store.open(a, passphrase: "p").log) == ["a1", "a2"])
  }

  @Test func draftIDsAreCheckedBeforeAnyPathIsBuilt() throws {
    let dir = try temporaryDirectory()
    let store = store(dir)
    _ = try make(store, notes: [])
    try Data("csec-guide-draft\n".utf8).write(to: URL(fileURLWithPath: dir + "/x.draft"))
    for id in ["../x", "../../x", "/etc/passwd", "", ".", "a/b", "A1", "x\u{1B}[2J", String(repeating: "a", count: 65)] {
      #expect(throws: DraftError.invalidID(id)) { try store.open(id, passphrase: "p") }
      #expect(throws: DraftError.invalidID(id)) { try store.verify(id, passphrase: "p") }
      #expect(throws: DraftError.invalidID(id)) { try store.delete(id) }
    }
    #expect(DraftError.invalidID("x\u{1B}[2J").description.contains("x\\u{1B}[2J"))
    #expect(FileManager.default.fileExists(atPath: dir + "/x.draft"))
  }

  @Test func anOlderDraftPutBackIsFoundWithTheNumberOfMissingSaves() throws {
    let dir = try temporaryDirectory()
    let store = store(dir)
    let a = try make(store, notes: ["a1"])  // saves 1 and 2
    let path = store.directory + "/\(a).draft"
    let old = try Data(contentsOf: URL(fileURLWithPath: path))
    let draft = try store.open(a, passphrase: "p")
    #expect(draft.rollback == nil)
    for n in ["a2", "a3", "a4"] { draft.append(.event(CaseEvent(at: t0, .caseNoteAdded(n))), reference: nil, now: t0) }
    draft.close()
    #expect(try store.check(a, passphrase: "p").rollback == nil)
    try old.write(to: URL(fileURLWithPath: path))
    let warning = try #require(try store.check(a, passphrase: "p").rollback)
    #expect(warning.missingSaves == 3)
    #expect(warning.description.contains("3 saves are missing"))
    let reopened = try store.open(a, passphrase: "p")
    #expect(reopened.rollback == warning)
    // Work continues after the warning; the next save is numbered after the last one seen.
    reopened.append(.event(CaseEvent(at: t0, .caseNoteAdded("a5"))), reference: nil, now: t0)
    #expect(reopened.header.save == 6)
    reopened.close()
    #expect(try store.check(a, passphrase: "p").rollback == nil)
    // The ledger is outside the drafts directory and private.
    #expect(mode(dir + "/draft-saves") == 0o600)
    #expect(!FileManager.default.fileExists(atPath: store.directory + "/draft-saves"))
  }

  @Test func aDraftOfTheSameNumberWithOtherContentIsFound() throws {
    let dir = try temporaryDirectory()
    let store = store(dir)
    let a = try make(store, notes: ["a1"])
    let path = store.directory + "/\(a).draft"
    let saved = try Data(contentsOf: URL(fileURLWithPath: path))
    // The same save re-sealed (another nonce): not the bytes this account saw.
    let draft = try store.open(a, passphrase: "p")
    let header = draft.header
    let resealed = try DraftFile.encode(header: header, log: draft.log, key: draft.key)
    draft.close()
    #expect(Data(resealed) != saved)
    try Data(resealed).write(to: URL(fileURLWithPath: path))
    let warning = try #require(try store.check(a, passphrase: "p").rollback)
    #expect(warning.missingSaves == 0)
  }

  /// A draft of the format before the save number (no "save" in its header) opens when its
  /// id agrees, as save 0, and its next save is numbered 1.
  @Test func draftsWrittenBeforeTheSaveNumberStillOpen() throws {
    let dir = try temporaryDirectory()
    let store = store(dir)
    let a = try make(store, notes: ["a1"])
    let draft = try store.open(a, passphrase: "p")
    var header = draft.header
    header.save = 0
    let bytes = try DraftFile.encode(header: header, log: draft.log, key: draft.key)
    draft.close()
    #expect(!String(decoding: bytes, as: UTF8.self).contains("\"save\""))
    try Data(bytes).write(to: URL(fileURLWithPath: store.directory + "/\(a).draft"))
    store.ledger.forget(a)  // as on a machine where it was never seen
    let old = try store.open(a, passphrase: "p")
    #expect(old.header.save == 0 && old.rollback == nil)
    #expect(notes(old.log) == ["a1"])
    old.append(.event(CaseEvent(at: t0, .caseNoteAdded("a2"))), reference: nil, now: t0)
    #expect(old.header.save == 1)
  }

  @Test func exportsLeaveNoTemporaryFileAndOldOnesAreCleanedUp() throws {
    let dir = try temporaryDirectory()
    #expect(try SafeFiles.createNew(directory: dir, name: "summary.txt", bytes: Array("whole".utf8)))
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["summary.txt"])
    // A temporary left by a killed process (a pid that is not running) is removed; one of a
    // running process, or not of the program's form, is kept.
    let stale = ".tmp-999999999-1a2b"
    let running = ".tmp-\(getpid() == 1 ? 2 : 1)-1a2b"
    for name in [stale, running, ".tmp-notes"] { try Data("clear".utf8).write(to: URL(fileURLWithPath: dir + "/" + name)) }
    SafeFiles.removeStaleTemporaries(dir)
    let left = Set(try FileManager.default.contentsOfDirectory(atPath: dir))
    #expect(!left.contains(stale))
    #expect(left.contains(running) && left.contains(".tmp-notes"))
  }
}
