import Crypto
import CryptoExtras
import GuideEngine

#if canImport(FoundationEssentials)
  import FoundationEssentials
#endif

/// How the draft key was derived, recorded in the clear so the same key can be derived again.
/// New drafts use scrypt (memory-hard: each guess costs an attacker memory as well as time, which
/// graphics cards and special hardware cannot spread as cheaply as PBKDF2's hashing); drafts
/// written before it used PBKDF2-HMAC-SHA256 and still open, as their header says so.
public struct KeyDerivation: Equatable, Sendable {
  public enum Function: Equatable, Sendable {
    /// PBKDF2-HMAC-SHA256 with this many rounds (drafts written before scrypt).
    case pbkdf2SHA256(rounds: Int)
    /// scrypt with cost `n` (a power of two), block size `r` and parallelism `p`: it fills
    /// 128 * n * r bytes of memory.
    case scrypt(n: Int, r: Int, p: Int)
  }

  /// What new drafts use: scrypt with n 2^15, r 8, p 1 (32 MiB). On this project's 2-core test
  /// machine it takes about as long as the 600,000 PBKDF2 rounds it replaced (0.14 s against
  /// 0.09 s), and each guess costs an attacker 32 MiB of memory for that time as well
  /// (docs/performance.md, "Time to unlock").
  public static let standard = Function.scrypt(n: 1 << 15, r: 8, p: 1)
  /// OWASP's 2023 figure for PBKDF2-HMAC-SHA256, which drafts used before scrypt.
  public static let pbkdf2Rounds = 600_000

  public var function: Function
  public var salt: [UInt8]

  public init(function: Function, salt: [UInt8]) {
    self.function = function
    self.salt = salt
  }

  public static func fresh(_ function: Function = standard) -> KeyDerivation {
    var rng = SystemRandomNumberGenerator()
    return KeyDerivation(function: function, salt: (0..<16).map { _ in UInt8.random(in: 0...255, using: &rng) })
  }

  public func key(for passphrase: String) throws -> SymmetricKey {
    switch function {
    case .pbkdf2SHA256(let rounds):
      return try KDF.Insecure.PBKDF2.deriveKey(
        from: Array(passphrase.utf8), salt: salt, using: .sha256, outputByteCount: 32,
        unsafeUncheckedRounds: rounds)
    case .scrypt(let n, let r, let p):
      return try KDF.Scrypt.deriveKey(
        from: Array(passphrase.utf8), salt: salt, outputByteCount: 32, rounds: n, blockSize: r, parallelism: p)
    }
  }

  /// The header's `kdf` object. PBKDF2's is written as drafts always had it.
  func json() -> JSONValue {
    switch function {
    case .pbkdf2SHA256(let rounds):
      return .object([
        ("name", .string("pbkdf2-sha256")), ("rounds", .int(Int64(rounds))), ("salt", .string(Hex.string(salt))),
      ])
    case .scrypt(let n, let r, let p):
      return .object([
        ("name", .string("scrypt")), ("n", .int(Int64(n))), ("r", .int(Int64(r))), ("p", .int(Int64(p))),
        ("salt", .string(Hex.string(salt))),
      ])
    }
  }

  /// Reads a header's `kdf` object; nil when it names no known function or its parameters are
  /// out of bounds (too weak to be one this program wrote, or so large that deriving the key
  /// would take minutes or more than 1 GiB of memory).
  static func parse(_ kdf: JSONValue) -> KeyDerivation? {
    guard let salt = kdf["salt"]?.stringValue.flatMap(Hex.bytes), salt.count >= 16 else { return nil }
    switch kdf["name"]?.stringValue {
    case "pbkdf2-sha256":
      guard let rounds = kdf["rounds"]?.intValue, rounds >= 100_000, rounds <= 100_000_000 else { return nil }
      return KeyDerivation(function: .pbkdf2SHA256(rounds: Int(rounds)), salt: salt)
    case "scrypt":
      guard let n = kdf["n"]?.intValue, let r = kdf["r"]?.intValue, let p = kdf["p"]?.intValue,
        n >= 1 << 14, n <= 1 << 22, n & (n - 1) == 0, (1...32).contains(r), (1...16).contains(p),
        128 * n * r * p <= 1 << 30
      else { return nil }
      return KeyDerivation(function: .scrypt(n: Int(n), r: Int(r), p: Int(p)), salt: salt)
    default:
      return nil
    }
  }
}

/// The open key of a draft: derived once from the passphrase, kept only in memory.
public struct DraftKey: Sendable {
  let key: SymmetricKey
  public let derivation: KeyDerivation

  public init(passphrase: String, derivation: KeyDerivation) throws {
    self.key = try derivation.key(for: passphrase)
    self.derivation = derivation
  }

  /// A short value that tells a wrong passphrase from a damaged draft, without revealing the key.
  var check: String {
    let mac = HMAC<SHA256>.authenticationCode(for: Array("csec-guide draft key check".utf8), using: key)
    return Hex.string(Array(mac).prefix(8).map { $0 })
  }

  /// True when `passphrase` derives this key (for unlocking the screen).
  public func matches(_ passphrase: String) -> Bool {
    guard let other = try? derivation.key(for: passphrase) else { return false }
    return other.withUnsafeBytes { a in key.withUnsafeBytes { b in a.elementsEqual(b) } }
  }
}

/// What a draft shows without its passphrase: enough to list it, never its content.
public struct DraftHeader: Equatable, Sendable {
  public static let magic = "csec-guide-draft"
  public static let version = 1
  public var id: String
  public var protocolID: String
  public var reference: String?
  public var opened: Timestamp
  public var updated: Timestamp
  public var derivation: KeyDerivation
  public var keyCheck: String
  /// How many times the draft has been saved: 1 for its first save, then one more each time.
  /// It is in the header, which AES-GCM authenticates, so it cannot be changed without the key;
  /// the account's `SaveLedger` remembers the last one seen, so an older copy put back is found.
  /// Drafts written before it existed read as 0.
  public var save: Int = 0
  /// Where the case stands, readable without the passphrase so that `drafts list` can show it:
  /// the engine's lifecycle name ("open", "written-report-pending", "closed"). nil in drafts
  /// written before it existed.
  public var lifecycle: String?
  /// When the written report is due, while it is outstanding (nil once sent, closed or unknown).
  public var writtenReportDue: Timestamp?

  /// The header line. `save` is written once it is 1 or more, so a header with save 0 is the
  /// header drafts had before the save number.
  func json() -> JSONValue {
    var members: [(String, JSONValue)] = [
      ("format", .string(Self.magic)), ("version", .int(Int64(Self.version))), ("id", .string(id)),
      ("protocol", .string(protocolID)), ("reference", .optional(reference)),
      ("opened", .string(opened.iso8601)), ("updated", .string(updated.iso8601)),
      ("kdf", derivation.json()),
    ]
    if save > 0 { members.append(("save", .int(Int64(save)))) }
    if let lifecycle { members.append(("lifecycle", .string(lifecycle))) }
    if let writtenReportDue { members.append(("written_report_due", .string(writtenReportDue.iso8601))) }
    members.append(("check", .string(keyCheck)))
    return .object(members)
  }
}

/// Why a draft could not be opened. None of these destroys the draft.
public enum DraftError: Error, Equatable, CustomStringConvertible {
  case notADraft
  case newerVersion(Int)
  case damaged(String)
  case wrongPassphrase
  case broken(CaseLog.Broken)
  case locked
  case file(FileFailure)
  /// The id asked for is not a draft id (letters and digits only): no path is built from it.
  case invalidID(String)
  /// The file named for one case holds another case's draft (its authenticated id): files were
  /// renamed, copied or swapped. Nothing is opened or written.
  case otherCase(file: String, holds: String)

  public var description: String {
    switch self {
    case .notADraft: return "this is not a csec-guide draft"
    case .newerVersion(let v): return "this draft was written by a newer csec-guide (draft format \(v)); this one reads format \(DraftHeader.version). The draft is kept."
    case .damaged(let why): return "the draft is damaged (\(why)); it is kept as it is"
    case .wrongPassphrase: return "that passphrase does not open this draft (if you are sure it is right, the draft may have been altered); the draft is kept"
    case .broken(let broken): return "the draft's log has been tampered with or damaged: \(broken)"
    case .locked: return "this draft is open in another session"
    case .file(let failure): return failure.description
    case .invalidID(let id):
      return "'\(TerminalText.safeLine(id))' is not a draft id (a draft id has only lower-case letters and digits; see 'csec-guide drafts list')"
    case .otherCase(let file, let holds):
      return "the file \(TerminalText.safeLine(file)).draft holds the draft of another case, \(TerminalText.safeLine(holds)): drafts were renamed, copied or swapped. Nothing was opened or written and both files are kept; rename the file back to \(TerminalText.safeLine(holds)).draft to open that case"
    }
  }
}

/// A draft file: `csec-guide-draft` line, header JSON line, then nonce, ciphertext and tag of
/// the log (AES-GCM, the two header lines as authenticated data, a fresh nonce every save).
public enum DraftFile {
  public static func encode(header: DraftHeader, log: CaseLog, key: DraftKey) throws -> [UInt8] {
    let prefix = Array((DraftHeader.magic + "\n" + header.json().compact() + "\n").utf8)
    let sealed = try AES.GCM.seal(log.serialized(), using: key.key, nonce: AES.GCM.Nonce(), authenticating: prefix)
    guard let combined = sealed.combined else { throw DraftError.damaged("could not seal") }
    return prefix + Array(combined)
  }

  /// Reads only the header: for listing, expiry and choosing the key derivation.
  public static func header(of bytes: [UInt8]) throws(DraftError) -> (header: DraftHeader, bodyOffset: Int) {
    guard bytes.count > DraftHeader.magic.utf8.count,
      Array(bytes.prefix(DraftHeader.magic.utf8.count + 1)) == Array((DraftHeader.magic + "\n").utf8)
    else {
      throw bytes.isEmpty ? DraftError.damaged("it is empty") : DraftError.notADraft
    }
    let start = DraftHeader.magic.utf8.count + 1
    guard let end = bytes[start...].firstIndex(of: 10) else { throw DraftError.damaged("it is cut short") }
    let json: JSONValue
    do throws(JSONParser.Failure) {
      json = try JSONParser.parse(bytes: Array(bytes[start..<end]))
    } catch {
      throw DraftError.damaged("its header is unreadable")
    }
    guard let version = json["version"]?.intValue else { throw DraftError.damaged("its header has no version") }
    if version > Int64(DraftHeader.version) { throw DraftError.newerVersion(Int(version)) }
    guard let id = json["id"]?.stringValue, let protocolID = json["protocol"]?.stringValue,
      let opened = json["opened"]?.stringValue.flatMap(Timestamp.init(iso8601:)),
      let updated = json["updated"]?.stringValue.flatMap(Timestamp.init(iso8601:)),
      let derivation = json["kdf"].flatMap(KeyDerivation.parse),
      let check = json["check"]?.stringValue
    else { throw DraftError.damaged("its header is incomplete") }
    let save = json["save"]?.intValue ?? 0
    guard save >= 0, save < Int64(Int32.max) else { throw DraftError.damaged("its header is incomplete") }
    let header = DraftHeader(
      id: id, protocolID: protocolID, reference: json["reference"]?.stringValue, opened: opened,
      updated: updated, derivation: derivation, keyCheck: check, save: Int(save),
      lifecycle: json["lifecycle"]?.stringValue,
      writtenReportDue: json["written_report_due"]?.stringValue.flatMap(Timestamp.init(iso8601:)))
    return (header, end + 1)
  }

  /// Opens the log with the key; checks the hash chain.
  public static func decode(_ bytes: [UInt8], key: DraftKey) throws(DraftError) -> (DraftHeader, CaseLog) {
    let (header, offset) = try header(of: bytes)
    guard key.check == header.keyCheck else { throw DraftError.wrongPassphrase }
    guard bytes.count - offset >= 12 + 16 else { throw DraftError.damaged("it is cut short") }
    let plain: Data
    do {
      let box = try AES.GCM.SealedBox(combined: Data(bytes[offset...]))
      plain = try AES.GCM.open(box, using: key.key, authenticating: Array(bytes[..<offset]))
    } catch {
      throw DraftError.damaged("it does not decrypt: it was cut short or altered")
    }
    do throws(CaseLog.Broken) {
      return (header, try CaseLog.parse(Array(plain)))
    } catch {
      throw DraftError.broken(error)
    }
  }
}
