import GuideClock
import GuideEngine

/// The zone a case's times are read and shown in: the administrator's `time-zone`, else the
/// system's (`TZ`, or `/etc/localtime`). Each time is shown in the offset and abbreviation in
/// force at that instant, from the system's time-zone database. Compared by name: a front end
/// holds it in its plain state values.
public struct CaseZone: Equatable, Sendable {
  /// nil: no zone (a test's case): times show at the offset they were recorded with.
  public let rules: TimeZoneRules?

  public init(_ rules: TimeZoneRules?) { self.rules = rules }

  /// Times as recorded, without a zone's rules.
  public static let recorded = CaseZone(nil)

  public static func == (a: CaseZone, b: CaseZone) -> Bool { a.rules?.name == b.rules?.name }

  /// The administrator's zone (checked when the config was read), else the environment's.
  public static func system(configured: String?) -> CaseZone {
    if let configured, let rules = SystemZone.named(configured) { return CaseZone(rules) }
    return CaseZone(SystemZone.environment())
  }

  /// The same instant with the offset in force then in this zone.
  public func localize(_ t: Timestamp) -> Timestamp { rules?.localize(t) ?? t }

  /// "2026-11-02 07:00 PST (UTC-08:00)".
  public func show(_ t: Timestamp) -> String { rules?.display(t) ?? t.display }

  /// The zone's name at `t` as forms say it ("PST (UTC-08:00)"), or nil for a case read in its
  /// recorded offsets (no zone database): a typed time's zone is then not named.
  public func name(at t: Timestamp) -> String? {
    guard let rules else { return nil }
    let abbreviation = rules.offset(t.secondsSinceEpoch).abbreviation
    let shown = rules.display(t)
    guard let open = shown.firstIndex(of: "(") else { return nil }
    let offset = String(shown[open...])
    let letters = !abbreviation.isEmpty && abbreviation.allSatisfy { $0.isASCII && $0.isLetter }
    return letters ? "\(abbreviation) \(offset)" : offset
  }

  /// "07:00 PST": the local clock time and its abbreviation, for a time on the day shown.
  public func clock(_ t: Timestamp) -> String {
    guard let rules else { return t.clockText }
    let abbreviation = rules.offset(t.secondsSinceEpoch).abbreviation
    let letters = !abbreviation.isEmpty && abbreviation.allSatisfy { $0.isASCII && $0.isLetter }
    return rules.localize(t).clockText + (letters ? " " + abbreviation : "")
  }

  /// The rules typed times are read with: the zone's, or the fixed offset of `now`.
  func reading(near now: Timestamp) -> TimeZoneRules {
    rules ?? TimeZoneRules.fixed(minutes: now.utcOffsetMinutes)
  }
}

/// A time typed by the counselor (the time of a call, when the information was received): HH:MM
/// today, or YYYY-MM-DD HH:MM, read in the case's zone at that date (never a fixed offset), never
/// later than now. Both front ends read every typed time through `read`. "9:5" is 09:05.
///
/// - "23:50" typed just after midnight is yesterday's (a clock time alone later than now).
/// - A date that is not on the calendar (2026-02-30) or a time the clocks skip (02:30 on the
///   night they go forward) is refused with the reason.
/// - A time that happens twice (the hour the clocks go back) is taken as the first of the two,
///   and `note` says so and how to type the other ("2026-11-01 01:30 PST"): an abbreviation
///   after the time chooses.
public struct CallTime: Equatable, Sendable {
  /// A time is never later than now; a few minutes' slack covers a clock read a moment early.
  public static let slackSeconds: Int64 = 300

  public var at: Timestamp
  /// "23:50" typed just after midnight: taken as yesterday's.
  public var yesterday: Bool
  /// Said to the counselor with the time taken (which of the two when the clocks went back).
  public var note: String?

  /// Why a typed time was refused, in words.
  public struct Refusal: Error, Equatable, Sendable {
    public var message: String
    /// The message as a clause, without its closing period ("…: why; nothing more was read").
    public var clause: String { message.hasSuffix(".") ? String(message.dropLast()) : message }
  }

  public static let usage = "Type the time as HH:MM (today) or YYYY-MM-DD HH:MM."

  /// Reads `typed` as a time not later than `now`, in `zone`.
  public static func read(_ typed: String, now: Timestamp, zone: CaseZone) throws(Refusal) -> CallTime {
    let rules = zone.reading(near: now)
    var words = typed.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
    // A trailing abbreviation ("PST") chooses between the two readings of an hour that happens twice.
    var chosen: String?
    if let last = words.last, words.count > 1, last.allSatisfy({ $0.isASCII && $0.isLetter }) {
      chosen = last.uppercased()
      words.removeLast()
    }
    // "9:5" is 09:05, as before: the clock's hour and minute may be typed with one digit.
    if let clock = words.last, let padded = paddedClock(clock) { words[words.count - 1] = padded }
    let text = words.joined(separator: " ")
    let hasDate = words.count == 2
    var reading = TypedTime.read(text, near: now, zone: rules)
    var yesterday = false
    if !hasDate, case .time(let t) = reading, t.secondsSinceEpoch > now.secondsSinceEpoch + slackSeconds {
      // A clock time alone later than now: yesterday's, read on yesterday's date in the zone.
      var today = rules.localDateTime(now)
      today.hour = 0
      today.minute = 0
      let date = String(Timestamp(secondsSinceEpoch: today.secondsAsIfUTC - 86_400).dateTimeText.prefix(10))
      reading = TypedTime.read(date + " " + text, near: now, zone: rules)
      yesterday = true
    }
    var result: CallTime
    switch reading {
    case .refused(let message):
      throw Refusal(message: message.hasSuffix(usage) ? message : message + " " + usage)
    case .time(let t):
      if let chosen, abbreviation(t, rules) != chosen {
        throw Refusal(message: "\(text) is \(rules.display(t)) in \(rules.name), not \(chosen).")
      }
      result = CallTime(at: t, yesterday: yesterday, note: nil)
    case .ambiguous(let earlier, let later, let message):
      if let chosen {
        if abbreviation(earlier, rules) == chosen {
          result = CallTime(at: earlier, yesterday: yesterday, note: nil)
        } else if abbreviation(later, rules) == chosen {
          result = CallTime(at: later, yesterday: yesterday, note: nil)
        } else {
          throw Refusal(message: message + " Type \(abbreviation(earlier, rules)) or \(abbreviation(later, rules)) after the time to choose.")
        }
      } else {
        let local = rules.localDateTime(earlier)
        result = CallTime(
          at: earlier, yesterday: yesterday,
          note: message + " Taken as the first, \(rules.display(earlier)); type '\(local.dateText) \(local.clockText) \(abbreviation(later, rules))' for the second.")
      }
    }
    // Said, not silently assumed: the person sees which day the time was taken on.
    if yesterday {
      result.note = "\(text) is later than now, so it is read as yesterday's: \(rules.display(result.at))."
        + (result.note.map { " " + $0 } ?? "")
    }
    guard result.at.secondsSinceEpoch <= now.secondsSinceEpoch + slackSeconds else {
      throw Refusal(message: "\(rules.display(result.at)) is later than now: type the time it happened.")
    }
    return result
  }

  /// "9:5" as "09:05"; nil when `word` is not one or two digits, a colon, one or two digits.
  private static func paddedClock(_ word: String) -> String? {
    let parts = word.split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count == 2, parts.allSatisfy({ (1...2).contains($0.count) && $0.allSatisfy { $0.isASCII && $0.isNumber } })
    else { return nil }
    return parts.map { $0.count == 1 ? "0" + $0 : String($0) }.joined(separator: ":")
  }

  private static func abbreviation(_ t: Timestamp, _ rules: TimeZoneRules) -> String {
    let zone = rules.offset(t.secondsSinceEpoch)
    return zone.abbreviation.isEmpty ? t.offsetDescription : zone.abbreviation.uppercased()
  }
}
