/// A local date and time as a person types it: no zone, no seconds.
public struct LocalDateTime: Equatable, Hashable, Sendable {
  public var year: Int
  public var month: Int
  public var day: Int
  public var hour: Int
  public var minute: Int

  public init(year: Int, month: Int, day: Int, hour: Int, minute: Int) {
    self.year = year
    self.month = month
    self.day = day
    self.hour = hour
    self.minute = minute
  }

  /// Whether the date is on the calendar (February 30 is not) and the time on the clock.
  public var isOnCalendar: Bool {
    (1...12).contains(month) && day >= 1 && day <= Self.daysIn(month: month, year: year)
      && (0..<24).contains(hour) && (0..<60).contains(minute)
  }

  public static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2:
      let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
      return leap ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  /// Seconds since 1970-01-01 00:00 if this local time were UTC.
  public var secondsAsIfUTC: Int64 {
    Timestamp.daysFromCivil(Int64(year), month, day) * 86_400 + Int64(hour * 3600 + minute * 60)
  }

  /// "2026-03-08"
  public var dateText: String { "\(year)-\(Self.pad(month))-\(Self.pad(day))" }
  /// "02:30"
  public var clockText: String { "\(Self.pad(hour)):\(Self.pad(minute))" }

  static func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}

/// The offset from UTC in force at an instant, and its abbreviation ("PDT"), as the zone's rules
/// give them.
public struct ZoneOffset: Equatable, Sendable {
  public var seconds: Int
  /// "PDT", "PST", "UTC"; empty or numeric ("+05") where the zone has no name for it.
  public var abbreviation: String
  public init(seconds: Int, abbreviation: String) {
    self.seconds = seconds
    self.abbreviation = abbreviation
  }
}

/// What a local date and time is in a zone: one instant, two (the hour the clocks go back), or
/// none (the hour the clocks go forward; a date that is not on the calendar).
public enum LocalTimeResolution: Equatable, Sendable {
  case exact(secondsSinceEpoch: Int64)
  case ambiguous(earlier: Int64, later: Int64)
  /// Skipped when the clocks went forward.
  case doesNotExist
  case notADate
}

/// A time zone's rules, as functions the front end supplies (GuideClock builds them over the C
/// library's time-zone database). The engine never reads the clock or the environment: it is
/// given this value.
public struct TimeZoneRules: Sendable {
  /// "America/Los_Angeles", or a description such as "UTC-08:00" for a fixed offset.
  public var name: String
  public var offset: @Sendable (_ secondsSinceEpoch: Int64) -> ZoneOffset
  public var resolve: @Sendable (LocalDateTime) -> LocalTimeResolution

  public init(
    name: String, offset: @escaping @Sendable (Int64) -> ZoneOffset,
    resolve: @escaping @Sendable (LocalDateTime) -> LocalTimeResolution
  ) {
    self.name = name
    self.offset = offset
    self.resolve = resolve
  }

  /// A zone with one offset all year (UTC, or a test's). Not for a place with daylight time.
  public static func fixed(minutes: Int, abbreviation: String = "") -> TimeZoneRules {
    let name = Timestamp(secondsSinceEpoch: 0, utcOffsetMinutes: minutes).offsetDescription
    return TimeZoneRules(
      name: abbreviation.isEmpty ? name : abbreviation,
      offset: { _ in ZoneOffset(seconds: minutes * 60, abbreviation: abbreviation) },
      resolve: { local in
        guard local.isOnCalendar else { return .notADate }
        return .exact(secondsSinceEpoch: local.secondsAsIfUTC - Int64(minutes) * 60)
      })
  }

  public static let utc = fixed(minutes: 0, abbreviation: "UTC")

  /// The same instant, carrying the offset in force then in this zone.
  public func localize(_ t: Timestamp) -> Timestamp {
    Timestamp(secondsSinceEpoch: t.secondsSinceEpoch, utcOffsetMinutes: offset(t.secondsSinceEpoch).seconds / 60)
  }

  /// "2026-11-02 07:00 PST (UTC-08:00)": the local time in force at that instant, its
  /// abbreviation and its offset.
  public func display(_ t: Timestamp) -> String {
    let zone = offset(t.secondsSinceEpoch)
    let local = Timestamp(secondsSinceEpoch: t.secondsSinceEpoch, utcOffsetMinutes: zone.seconds / 60)
    return local.dateTimeText + Self.abbreviationText(zone.abbreviation) + " (\(local.offsetDescription))"
  }

  /// " PST", or nothing when the zone has no letters for the offset ("+05", "").
  static func abbreviationText(_ abbreviation: String) -> String {
    guard let first = abbreviation.unicodeScalars.first,
      abbreviation.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) || ("a"..."z").contains($0) }),
      ("A"..."Z").contains(first)
    else { return "" }
    return " " + abbreviation
  }

  /// The local date and time of an instant in this zone.
  public func localDateTime(_ t: Timestamp) -> LocalDateTime {
    let local = localize(t).civil
    return LocalDateTime(year: Int(local.year), month: local.month, day: local.day, hour: local.hour, minute: local.minute)
  }
}

/// What the counselor typed as a time, read through the zone in force on that date.
public enum TypedTime: Equatable, Sendable {
  case time(Timestamp)
  /// The hour the clocks go back: the same local time happens twice. The front end asks which.
  case ambiguous(earlier: Timestamp, later: Timestamp, message: String)
  /// Not a time: said in words ("2026-02-30 is not a date").
  case refused(String)

  /// Reads "YYYY-MM-DD HH:MM", or "HH:MM" on the local date of `near`, in `zone`.
  public static func read(_ text: String, near: Timestamp, zone: TimeZoneRules) -> TypedTime {
    let trimmed = text.trimmingWhitespace()
    let usage = "Type the time as HH:MM (today) or YYYY-MM-DD HH:MM."
    guard let local = parse(trimmed, near: near, zone: zone) else {
      return .refused("'\(trimmed)' is not a time. \(usage)")
    }
    guard (1...12).contains(local.month), local.day >= 1,
      local.day <= LocalDateTime.daysIn(month: local.month, year: local.year)
    else { return .refused("\(local.dateText) is not a date.") }
    guard (0..<24).contains(local.hour), (0..<60).contains(local.minute) else {
      return .refused("\(local.clockText) is not a time of day. \(usage)")
    }
    switch zone.resolve(local) {
    case .exact(let seconds):
      return .time(zone.localize(Timestamp(secondsSinceEpoch: seconds)))
    case .ambiguous(let a, let b):
      let earlier = zone.localize(Timestamp(secondsSinceEpoch: min(a, b)))
      let later = zone.localize(Timestamp(secondsSinceEpoch: max(a, b)))
      return .ambiguous(
        earlier: earlier, later: later,
        message: "\(local.clockText) on \(local.dateText) happens twice in \(zone.name) (clocks go back): "
          + "\(zone.display(earlier)) or \(zone.display(later)).")
    case .doesNotExist:
      return .refused("\(local.clockText) on \(local.dateText) does not exist in \(zone.name) (clocks go forward).")
    case .notADate:
      return .refused("\(local.dateText) is not a date.")
    }
  }

  private static func parse(_ text: String, near: Timestamp, zone: TimeZoneRules) -> LocalDateTime? {
    func number(_ s: Substring, digits: ClosedRange<Int>) -> Int? {
      guard digits.contains(s.count), s.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
      return Int(s)
    }
    let parts = text.split(separator: " ", omittingEmptySubsequences: true)
    let datePart: Substring?
    let timePart: Substring
    switch parts.count {
    case 1: datePart = nil; timePart = parts[0]
    case 2: datePart = parts[0]; timePart = parts[1]
    default: return nil
    }
    let hm = timePart.split(separator: ":", omittingEmptySubsequences: false)
    guard hm.count == 2, let hour = number(hm[0], digits: 1...2), let minute = number(hm[1], digits: 2...2) else {
      return nil
    }
    if let datePart {
      let ymd = datePart.split(separator: "-", omittingEmptySubsequences: false)
      guard ymd.count == 3, let y = number(ymd[0], digits: 4...4), let m = number(ymd[1], digits: 1...2),
        let d = number(ymd[2], digits: 1...2)
      else { return nil }
      return LocalDateTime(year: y, month: m, day: d, hour: hour, minute: minute)
    }
    let today = zone.localDateTime(near)
    return LocalDateTime(year: today.year, month: today.month, day: today.day, hour: hour, minute: minute)
  }
}

/// A length of time in words: "1 day 3 hours", "2 hours 5 minutes", "less than a minute".
public enum DurationText {
  public static func describe(seconds: Int64) -> String {
    let minutes = abs(seconds) / 60
    guard minutes > 0 else { return "less than a minute" }
    let days = minutes / 1440
    let hours = (minutes % 1440) / 60
    let mins = minutes % 60
    func unit(_ n: Int64, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
    var parts: [String] = []
    if days > 0 { parts.append(unit(days, "day")) }
    if hours > 0 { parts.append(unit(hours, "hour")) }
    if mins > 0, days == 0 { parts.append(unit(mins, "minute")) }
    return parts.joined(separator: " ")
  }
}
