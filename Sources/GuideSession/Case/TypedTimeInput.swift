import GuideClock
import GuideEngine

/// A time the counselor types in a form ("YYYY-MM-DD HH:MM" or "HH:MM"; empty is now), read
/// through the engine's `TypedTime.read` in the zone in force on that date. Both front ends read
/// typed times here. The zone is the system's (`TZ`, or /etc/localtime) unless one is given.
public enum TypedTimeInput {
  public enum Reading: Equatable, Sendable {
    case time(Timestamp)
    /// Why the text is not a time, in words.
    case refused(String)
  }

  /// The system's zone, from its time-zone database.
  public static func systemZone() -> TimeZoneRules { SystemZone.environment() }

  /// The wall clock now, in the system's zone.
  public static func systemNow() -> Timestamp { SystemZone.now(in: systemZone()) }

  /// Reads `typed`; empty means `now`. A time in the hour the clocks go back is refused with
  /// both readings named, so the counselor types a time next to it or the other reading.
  public static func read(_ typed: String, now: Timestamp, zone: TimeZoneRules = systemZone()) -> Reading {
    let text = typed.trimmingWhitespace()
    if text.isEmpty { return .time(now) }
    switch TypedTime.read(text, near: now, zone: zone) {
    case .time(let t): return .time(t)
    case .refused(let why): return .refused(why)
    case .ambiguous(_, _, let message):
      return .refused(message + " Type a time just before or after that hour.")
    }
  }
}
