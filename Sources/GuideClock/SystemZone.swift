import GuideEngine
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Time zones from the system's time-zone database (`/usr/share/zoneinfo`, Debian's `tzdata`),
/// through the C library: `localtime_r` gives the offset and abbreviation in force at an
/// instant, `mktime` reads a local time. No fixed offset survives a daylight-saving change, so
/// every conversion asks the zone's rules at that instant.
///
/// The C library keeps one zone per process, chosen by the `TZ` variable. A zone built from a
/// name sets `TZ` for the length of one conversion and puts it back, under one lock shared by
/// every conversion here, so that two zones never see each other's setting.
public enum SystemZone {
  /// The zone the environment names: `TZ`, or the system's `/etc/localtime` when it is unset.
  public static func environment() -> TimeZoneRules {
    rules(tz: nil, name: environmentName())
  }

  /// A zone from the database by name ("America/Los_Angeles", "UTC"), or nil when the database
  /// has no such zone (the C library would silently use UTC for a name it does not know).
  public static func named(_ name: String) -> TimeZoneRules? {
    guard isKnown(name) else { return nil }
    return rules(tz: name, name: name)
  }

  /// Whether the time-zone database has a zone of that name.
  public static func isKnown(_ name: String) -> Bool {
    guard !name.isEmpty, !name.hasPrefix("/"), !name.hasPrefix(":"),
      !name.split(separator: "/").contains(where: { $0 == ".." || $0 == "." || $0.isEmpty }),
      name.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 32 })
    else { return false }
    for directory in zoneDirectories() {
      var info = stat()
      if stat(directory + "/" + name, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG { return true }
    }
    return false
  }

  /// The wall clock now, with the offset in force in `zone`.
  public static func now(in zone: TimeZoneRules) -> Timestamp {
    zone.localize(Timestamp(secondsSinceEpoch: Int64(time(nil))))
  }

  // MARK: - The C library, under one lock

  private static let lock = Mutex(())

  private static func zoneDirectories() -> [String] {
    var directories: [String] = []
    if let dir = getenv("TZDIR") { directories.append(String(cString: dir)) }
    directories.append("/usr/share/zoneinfo")
    return directories
  }

  private static func environmentName() -> String {
    if let tz = getenv("TZ") {
      let name = String(cString: tz)
      return name.hasPrefix(":") ? String(name.dropFirst()) : (name.isEmpty ? "UTC" : name)
    }
    // /etc/localtime is usually a link into the database: its path names the zone.
    var buffer = [CChar](repeating: 0, count: 512)
    let count = readlink("/etc/localtime", &buffer, buffer.count - 1)
    if count > 0 {
      let target = String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
      let parts = target.split(separator: "/", omittingEmptySubsequences: false)
      if let index = parts.lastIndex(of: "zoneinfo"), index + 1 < parts.count {
        return parts[(index + 1)...].joined(separator: "/")
      }
    }
    return "the system's local time"
  }

  /// Runs `body` with the C library set to the zone `tz` (nil: the environment's own), then
  /// puts `TZ` back as it was.
  private static func with<T>(tz: String?, _ body: () -> T) -> T {
    lock.withLock { _ in
      guard let tz else {
        tzset()
        return body()
      }
      let saved = getenv("TZ").map { String(cString: $0) }
      setenv("TZ", tz, 1)
      tzset()
      defer {
        if let saved { setenv("TZ", saved, 1) } else { unsetenv("TZ") }
        tzset()
      }
      return body()
    }
  }

  private static func rules(tz: String?, name: String) -> TimeZoneRules {
    TimeZoneRules(
      name: name,
      offset: { seconds in with(tz: tz) { offset(at: seconds) } },
      resolve: { local in with(tz: tz) { resolve(local) } })
  }

  /// `localtime_r`: the offset (`tm_gmtoff`) and abbreviation (`tm_zone`) in force.
  private static func offset(at seconds: Int64) -> ZoneOffset {
    var t = time_t(seconds)
    var parts = tm()
    guard localtime_r(&t, &parts) != nil else { return ZoneOffset(seconds: 0, abbreviation: "UTC") }
    let abbreviation = parts.tm_zone.map { String(cString: $0) } ?? ""
    return ZoneOffset(seconds: Int(parts.tm_gmtoff), abbreviation: abbreviation)
  }

  /// `mktime` with `tm_isdst = -1`, then with 0 and 1 for the hour the clocks go back. A field
  /// changed by the call (mktime normalises 2026-02-30 to March 2, and 02:30 in the
  /// spring-forward gap to 03:30) means the typed time does not exist.
  private static func resolve(_ local: LocalDateTime) -> LocalTimeResolution {
    guard local.isOnCalendar else { return .notADate }
    func make(isDST: Int32) -> (seconds: Int64, sameFields: Bool, isDST: Int32) {
      var parts = tm()
      parts.tm_year = Int32(local.year - 1900)
      parts.tm_mon = Int32(local.month - 1)
      parts.tm_mday = Int32(local.day)
      parts.tm_hour = Int32(local.hour)
      parts.tm_min = Int32(local.minute)
      parts.tm_sec = 0
      parts.tm_isdst = isDST
      let t = mktime(&parts)
      let same = parts.tm_year == Int32(local.year - 1900) && parts.tm_mon == Int32(local.month - 1)
        && parts.tm_mday == Int32(local.day) && parts.tm_hour == Int32(local.hour)
        && parts.tm_min == Int32(local.minute)
      return (Int64(t), same, parts.tm_isdst)
    }
    let any = make(isDST: -1)
    guard any.sameFields else { return .doesNotExist }
    let standard = make(isDST: 0)
    let daylight = make(isDST: 1)
    if standard.sameFields, daylight.sameFields,
      standard.isDST == 0, daylight.isDST > 0, standard.seconds != daylight.seconds
    {
      return .ambiguous(earlier: min(standard.seconds, daylight.seconds), later: max(standard.seconds, daylight.seconds))
    }
    return .exact(secondsSinceEpoch: any.seconds)
  }
}
