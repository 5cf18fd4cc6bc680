/// A moment, as the front end read it from the clock: seconds since 1970-01-01 UTC and the local
/// UTC offset in force then. The engine has no clock of its own; every event carries one of these.
public struct Timestamp: Equatable, Hashable, Sendable, Comparable {
  public var secondsSinceEpoch: Int64
  public var utcOffsetMinutes: Int

  public init(secondsSinceEpoch: Int64, utcOffsetMinutes: Int = 0) {
    self.secondsSinceEpoch = secondsSinceEpoch
    self.utcOffsetMinutes = utcOffsetMinutes
  }

  public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
    lhs.secondsSinceEpoch < rhs.secondsSinceEpoch
  }

  /// The same offset, `hours` later.
  public func adding(hours: Int) -> Timestamp {
    Timestamp(
      secondsSinceEpoch: secondsSinceEpoch + Int64(hours) * 3600,
      utcOffsetMinutes: utcOffsetMinutes)
  }

  /// Local civil time at this timestamp's offset.
  var civil: (year: Int64, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
    let local = secondsSinceEpoch + Int64(utcOffsetMinutes) * 60
    let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
    let secondOfDay = Int(local - days * 86_400)
    let (y, m, d) = Self.civilFromDays(days)
    return (y, m, d, secondOfDay / 3600, (secondOfDay % 3600) / 60, secondOfDay % 60)
  }

  /// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian calendar).
  static func civilFromDays(_ z: Int64) -> (Int64, Int, Int) {
    let z = z + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
    let y = yoe + era * 400
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = Int(doy - (153 * mp + 2) / 5 + 1)
    let m = Int(mp < 10 ? mp + 3 : mp - 9)
    return (m <= 2 ? y + 1 : y, m, d)
  }

  /// Inverse of `civilFromDays`: days since 1970-01-01 for a civil date.
  static func daysFromCivil(_ year: Int64, _ month: Int, _ day: Int) -> Int64 {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = Int64(month > 2 ? month - 3 : month + 9)
    let doy = (153 * mp + 2) / 5 + Int64(day) - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
  }

  private static func pad(_ n: Int, _ width: Int = 2) -> String {
    let s = String(n)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
  }

  private var offsetText: String {
    let sign = utcOffsetMinutes < 0 ? "-" : "+"
    let m = abs(utcOffsetMinutes)
    return "\(sign)\(Self.pad(m / 60)):\(Self.pad(m % 60))"
  }

  /// ISO 8601 with the local offset: `2026-11-25T14:03:00-08:00`.
  public var iso8601: String {
    let c = civil
    return "\(c.year)-\(Self.pad(c.month))-\(Self.pad(c.day))T\(Self.pad(c.hour)):"
      + "\(Self.pad(c.minute)):\(Self.pad(c.second))\(offsetText)"
  }

  /// For people: `2026-11-25 14:03 (UTC-08:00)`, at the offset recorded with the time. A
  /// summary given a zone shows `TimeZoneRules.display` instead, with the abbreviation.
  public var display: String {
    "\(dateTimeText) (\(offsetDescription))"
  }

  /// `2026-11-25 14:03`, at this timestamp's offset.
  public var dateTimeText: String {
    let c = civil
    return "\(c.year)-\(Self.pad(c.month))-\(Self.pad(c.day)) \(Self.pad(c.hour)):\(Self.pad(c.minute))"
  }

  /// `UTC-08:00`
  public var offsetDescription: String { "UTC\(offsetText)" }

  /// Parses `YYYY-MM-DDTHH:MM[:SS](Z|±HH:MM)`, the form `iso8601` writes; nil otherwise.
  public init?(iso8601 text: String) {
    let chars = Array(text.utf8)
    func number(_ range: Range<Int>) -> Int? {
      guard range.upperBound <= chars.count else { return nil }
      var value = 0
      for c in chars[range] {
        guard c >= 48, c <= 57 else { return nil }
        value = value * 10 + Int(c - 48)
      }
      return value
    }
    guard chars.count >= 17, chars[4] == 45, chars[7] == 45, chars[10] == 84 || chars[10] == 32,
      chars[13] == 58, let year = number(0..<4), let month = number(5..<7),
      let day = number(8..<10), let hour = number(11..<13), let minute = number(14..<16),
      (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60
    else { return nil }
    var index = 16
    var second = 0
    if index < chars.count, chars[index] == 58 {
      guard let s = number(17..<19), s < 61 else { return nil }
      second = s
      index = 19
    }
    var offset = 0
    if index < chars.count, chars[index] == 90 {  // "Z"
      index += 1
    } else if index < chars.count, chars[index] == 43 || chars[index] == 45 {
      guard let h = number(index + 1..<index + 3), index + 3 < chars.count, chars[index + 3] == 58,
        let m = number(index + 4..<index + 6)
      else { return nil }
      offset = (h * 60 + m) * (chars[index] == 45 ? -1 : 1)
      index += 6
    } else {
      return nil
    }
    guard index == chars.count else { return nil }
    let days = Self.daysFromCivil(Int64(year), month, day)
    let local = days * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    self.init(secondsSinceEpoch: local - Int64(offset) * 60, utcOffsetMinutes: offset)
  }
}
