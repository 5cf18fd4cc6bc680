import GuideEngine

/// The time of a call as typed: HH:MM today, or YYYY-MM-DD HH:MM ("9:5" is 09:05).
public struct CallTime: Equatable, Sendable {
  /// A call is never later than now; a few minutes' slack covers a clock read a moment early.
  public static let slackSeconds: Int64 = 300

  public var at: Timestamp
  /// "23:50" typed just after midnight: taken as yesterday's.
  public var yesterday: Bool

  public enum Problem: Error, Equatable, Sendable {
    /// Not HH:MM nor YYYY-MM-DD HH:MM.
    case notATime
    /// A full date later than now: a mistake, never taken as another day.
    case inTheFuture
  }

  /// Reads `typed` as the time of a call made before `now`.
  public static func parse(_ typed: String, now: Timestamp) throws(Problem) -> CallTime {
    guard let time = Timestamp(clockText: typed, near: now) else { throw .notATime }
    guard time.secondsSinceEpoch > now.secondsSinceEpoch + slackSeconds else { return CallTime(at: time, yesterday: false) }
    // A clock time alone later than now means yesterday; a full date in the future is a mistake.
    guard typed.count <= 5 else { throw .inTheFuture }
    return CallTime(at: time.adding(hours: -24), yesterday: true)
  }
}
