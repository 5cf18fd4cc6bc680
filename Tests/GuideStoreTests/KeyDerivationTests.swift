import Crypto  // tests only: a draft sealed as csec-guide wrote it before scrypt
import CryptoExtras
import Foundation  // tests only: writing the file
import GuideEngine
@testable import GuideStore
import Testing

/// New drafts derive their key with scrypt; drafts written before it (PBKDF2-HMAC-SHA256) still
/// open, because the header records the derivation.
@Suite(.serialized) struct KeyDerivationTests {
  /// Published test vectors: the parameters in a header reach the functions in the right places.
  @Test func bothFunctionsGiveTheirPublishedKeys() throws {
    // RFC 7914, section 12 (scrypt, "password" / "NaCl", N 1024, r 8, p 16; the first 32 bytes).
    let scrypt = KeyDerivation(function: .scrypt(n: 1024, r: 8, p: 16), salt: Array("NaCl".utf8))
    #expect(Hex.string(try scrypt.key(for: "password").withUnsafeBytes { Array($0) })
      == "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162")
    // PBKDF2-HMAC-SHA256, "password" / "salt", 4096 rounds, 32 bytes.
    let pbkdf2 = KeyDerivation(function: .pbkdf2SHA256(rounds: 4096), salt: Array("salt".utf8))
    #expect(Hex.string(try pbkdf2.key(for: "password").withUnsafeBytes { Array($0) })
      == "c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a")
  }

  @Test func aNewDraftRecordsScryptWithTheStandardParameters() throws {
    let dir = try temporaryDirectory()
    let store = DraftStore(directory: dir + "/drafts")
    let draft = try store.create(protocolID: "san-mateo", opened: t0, passphrase: "correct horse")
    draft.append(.event(sampleEvents()[0]), reference: nil, now: t0)
    draft.close()
    let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: store.path(draft.id))), as: UTF8.self)
    let salt = Hex.string(draft.header.derivation.salt)
    #expect(text.contains(#""kdf":{"name":"scrypt","n":32768,"r":8,"p":1,"salt":"\#(salt)"}"#))
    let reopened = try store.open(draft.id, passphrase: "correct horse")
    #expect(reopened.header.derivation.function == .scrypt(n: 1 << 15, r: 8, p: 1))
    #expect(reopened.log.events == [sampleEvents()[0]])
  }

  /// A draft byte for byte as csec-guide wrote it before scrypt: the header line in that format,
  /// the key from PBKDF2 called directly, sealed with AES-GCM over the two header lines.
  @Test func aDraftWrittenWithPBKDF2StillOpensAndKeepsItsDerivation() throws {
    let dir = try temporaryDirectory()
    let store = DraftStore(directory: dir + "/drafts")
    let made = try store.create(protocolID: "san-mateo", opened: t0, passphrase: "other", derivation: testDerivation)
    for event in sampleEvents() { made.append(.event(event), reference: "2025-7", now: event.at) }
    let id = made.id
    let log = made.log
    made.close()

    let salt = "9c359a7cc7b71d297293f6ed844d6332"
    let key = try KDF.Insecure.PBKDF2.deriveKey(
      from: Array("correct horse".utf8), salt: Hex.bytes(salt)!, using: .sha256, outputByteCount: 32,
      unsafeUncheckedRounds: 100_000)
    let mac = HMAC<SHA256>.authenticationCode(for: Array("csec-guide draft key check".utf8), using: key)
    let check = Hex.string(Array(Array(mac).prefix(8)))
    let header = #"{"format":"csec-guide-draft","version":1,"id":"\#(id)","protocol":"san-mateo","reference":"2025-7","opened":"\#(t0.iso8601)","updated":"\#(t0.iso8601)","kdf":{"name":"pbkdf2-sha256","rounds":100000,"salt":"\#(salt)"},"check":"\#(check)"}"#
    let prefix = Array(("csec-guide-draft\n" + header + "\n").utf8)
    let sealed = try AES.GCM.seal(log.serialized(), using: key, nonce: AES.GCM.Nonce(), authenticating: prefix)
    try Data(prefix + Array(sealed.combined!)).write(to: URL(fileURLWithPath: store.path(id)))
    store.ledger.forget(id)  // as on a machine where it was never seen

    #expect(throws: DraftError.wrongPassphrase) { try store.open(id, passphrase: "other") }
    let old = try store.open(id, passphrase: "correct horse")
    #expect(old.header.derivation == KeyDerivation(function: .pbkdf2SHA256(rounds: 100_000), salt: Hex.bytes(salt)!))
    #expect(old.log.events == sampleEvents())
    // Saved again, it keeps its derivation and the same header form, and opens again.
    old.append(.event(CaseEvent(at: t0.adding(hours: 4), .caseNoteAdded("after"))), reference: "2025-7", now: t0)
    old.close()
    let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: store.path(id))), as: UTF8.self)
    #expect(text.contains(#""kdf":{"name":"pbkdf2-sha256","rounds":100000,"salt":"\#(salt)"}"#))
    #expect(try store.open(id, passphrase: "correct horse").log.events.count == sampleEvents().count + 1)
  }

  /// A header whose derivation is unknown, too weak to be one this program wrote, or too costly
  /// to run (minutes, or more than 1 GiB) is refused before any key is derived.
  @Test func unknownOrUnreasonableDerivationsAreRefused() throws {
    let salt = "00112233445566778899aabbccddeeff"
    let kdfs = [
      #"{"name":"argon2id","n":131072,"r":8,"p":1,"salt":"\#(salt)"}"#,
      #"{"name":"scrypt","n":100000,"r":8,"p":1,"salt":"\#(salt)"}"#,  // not a power of two
      #"{"name":"scrypt","n":1024,"r":8,"p":1,"salt":"\#(salt)"}"#,  // weaker than ever written
      #"{"name":"scrypt","n":8388608,"r":8,"p":1,"salt":"\#(salt)"}"#,  // 8 GiB
      #"{"name":"scrypt","n":1048576,"r":16,"p":1,"salt":"\#(salt)"}"#,  // 2 GiB
      #"{"name":"scrypt","n":131072,"r":0,"p":1,"salt":"\#(salt)"}"#,
      #"{"name":"scrypt","n":131072,"r":8,"salt":"\#(salt)"}"#,
      #"{"name":"scrypt","n":131072,"r":8,"p":1,"salt":"0011"}"#,
      #"{"name":"pbkdf2-sha256","rounds":1000,"salt":"\#(salt)"}"#,
    ]
    for kdf in kdfs {
      let header = #"{"format":"csec-guide-draft","version":1,"id":"abcdefgh","protocol":"san-mateo","reference":null,"opened":"\#(t0.iso8601)","updated":"\#(t0.iso8601)","kdf":\#(kdf),"check":"0011223344556677"}"#
      let bytes = Array(("csec-guide-draft\n" + header + "\n").utf8) + [UInt8](repeating: 0, count: 40)
      #expect(throws: DraftError.damaged("its header is incomplete"), "\(kdf)") { try DraftFile.header(of: bytes) }
    }
    let good = #"{"format":"csec-guide-draft","version":1,"id":"abcdefgh","protocol":"san-mateo","reference":null,"opened":"\#(t0.iso8601)","updated":"\#(t0.iso8601)","kdf":{"name":"scrypt","n":131072,"r":8,"p":1,"salt":"\#(salt)"},"check":"0011223344556677"}"#
    let parsed = try DraftFile.header(of: Array(("csec-guide-draft\n" + good + "\n").utf8) + [UInt8](repeating: 0, count: 40))
    #expect(parsed.header.derivation.function == .scrypt(n: 131072, r: 8, p: 1))
  }
}
