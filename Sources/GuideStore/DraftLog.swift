import Crypto
import GuideEngine

/// One entry of a case's append-only log: an engine event, or an audit record (a summary
/// viewed or exported). Each entry carries the hash of the one before it, so a changed or
/// removed entry breaks the chain.
public struct LogEntry: Equatable, Sendable {
  public enum Body: Equatable, Sendable {
    case event(CaseEvent)
    case audit(at: Timestamp, what: String)
  }
  public var sequence: Int
  public var previousHash: String
  public var body: Body
  public var hash: String

  public var event: CaseEvent? {
    if case .event(let e) = body { return e }
    return nil
  }

  /// The JSON this entry is hashed and stored as (without its own hash).
  func contentJSON() -> JSONValue {
    var members: [(String, JSONValue)] = [("seq", .int(Int64(sequence))), ("prev", .string(previousHash))]
    switch body {
    case .event(let event): members.append(("event", CaseEventCodec.encode(event)))
    case .audit(let at, let what): members.append(("audit", .object([("at", .string(at.iso8601)), ("what", .string(what))])))
    }
    return .object(members)
  }

  static func hash(of content: JSONValue) -> String {
    Hex.string(Array(SHA256.hash(data: Array(content.compact().utf8))))
  }
}

/// The log of a case, built and checked entry by entry.
public struct CaseLog: Equatable, Sendable {
  public static let genesis = String(repeating: "0", count: 64)
  public private(set) var entries: [LogEntry] = []

  public init() {}

  public var events: [CaseEvent] { entries.compactMap(\.event) }
  public var head: String { entries.last?.hash ?? Self.genesis }

  public mutating func append(_ body: LogEntry.Body) {
    var entry = LogEntry(sequence: entries.count + 1, previousHash: head, body: body, hash: "")
    entry.hash = LogEntry.hash(of: entry.contentJSON())
    entries.append(entry)
  }

  /// One JSON object per line.
  public func serialized() -> [UInt8] {
    var out = ""
    for entry in entries {
      guard case .object(var members) = entry.contentJSON() else { continue }
      members.append(("hash", .string(entry.hash)))
      out += JSONValue.object(members).compact() + "\n"
    }
    return Array(out.utf8)
  }

  public struct Broken: Error, Equatable, CustomStringConvertible {
    public var entry: Int
    public var reason: String
    public var description: String { "log entry \(entry): \(reason)" }
  }

  /// Reads and checks a serialized log: every entry's hash, and the chain from the first.
  public static func parse(_ bytes: [UInt8]) throws(Broken) -> CaseLog {
    var log = CaseLog()
    var number = 0
    for line in bytes.split(separator: 10, omittingEmptySubsequences: true) {
      number += 1
      let json: JSONValue
      do throws(JSONParser.Failure) {
        json = try JSONParser.parse(bytes: Array(line))
      } catch {
        throw Broken(entry: number, reason: "it is not readable (\(error))")
      }
      guard let sequence = json["seq"]?.intValue, let previous = json["prev"]?.stringValue,
        let hash = json["hash"]?.stringValue
      else { throw Broken(entry: number, reason: "it is incomplete") }
      guard sequence == number else {
        throw Broken(entry: number, reason: "it is numbered \(sequence): an entry before it was removed or moved")
      }
      guard previous == log.head else {
        throw Broken(entry: number, reason: "it does not follow the entry before it: an earlier entry was changed or removed")
      }
      let body: LogEntry.Body
      if let event = json["event"] {
        do throws(CaseEventCodec.Failure) {
          body = .event(try CaseEventCodec.decode(event))
        } catch {
          throw Broken(entry: number, reason: error.message)
        }
      } else if let audit = json["audit"], let at = audit["at"]?.stringValue.flatMap(Timestamp.init(iso8601:)),
        let what = audit["what"]?.stringValue
      {
        body = .audit(at: at, what: what)
      } else {
        throw Broken(entry: number, reason: "it holds neither an event nor an audit record")
      }
      let entry = LogEntry(sequence: number, previousHash: previous, body: body, hash: hash)
      guard LogEntry.hash(of: entry.contentJSON()) == hash else {
        throw Broken(entry: number, reason: "its content does not match its hash: it was changed")
      }
      log.entries.append(entry)
    }
    return log
  }
}

enum Hex {
  static func string(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789abcdef")
    var s = ""
    s.reserveCapacity(bytes.count * 2)
    for b in bytes {
      s.append(digits[Int(b >> 4)])
      s.append(digits[Int(b & 15)])
    }
    return s
  }

  static func bytes(_ text: String) -> [UInt8]? {
    let chars = Array(text.utf8)
    guard chars.count % 2 == 0 else { return nil }
    var out: [UInt8] = []
    out.reserveCapacity(chars.count / 2)
    var i = 0
    while i < chars.count {
      guard let hi = nibble(chars[i]), let lo = nibble(chars[i + 1]) else { return nil }
      out.append(hi << 4 | lo)
      i += 2
    }
    return out
  }

  private static func nibble(_ c: UInt8) -> UInt8? {
    switch c {
    case 48...57: return c - 48
    case 97...102: return c - 87
    case 65...70: return c - 55
    default: return nil
    }
  }
}
