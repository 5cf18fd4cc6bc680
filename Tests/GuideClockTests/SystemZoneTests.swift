import GuideClock
import GuideEngine
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Times as a person means them in America/Los_Angeles, from the system's zone database.
@Suite(.serialized) struct SystemZoneTests {
  let zone: TimeZoneRules

  init() throws {
    zone = try #require(SystemZone.named("America/Los_Angeles"), "tzdata is not installed (scripts/setup installs it)")
  }

  /// 2026-10-31 12:00 local, the day before the clocks go back.
  let nearHalloween = Timestamp(secondsSinceEpoch: 1_793_473_200, utcOffsetMinutes: -420)

  func read(_ text: String) -> TypedTime { TypedTime.read(text, near: nearHalloween, zone: zone) }

  @Test func aTimeTypedOnOctober31IsDaylightTime() throws {
    guard case .time(let t) = read("2026-10-31 10:00") else { Issue.record("not read: \(read("2026-10-31 10:00"))"); return }
    #expect(t.iso8601 == "2026-10-31T10:00:00-07:00")
    #expect(zone.display(t) == "2026-10-31 10:00 PDT (UTC-07:00)")
    guard case .time(let clock) = read("20:00") else { Issue.record("HH:MM not read"); return }
    #expect(clock.iso8601 == "2026-10-31T20:00:00-07:00", "HH:MM is on the day of 'near', in the zone")
  }

  @Test func thirtySixHoursAcrossTheChangeIsStandardTime() throws {
    guard case .time(let received) = read("2026-10-31 20:00") else { Issue.record("not read"); return }
    let due = received.adding(hours: 36)
    #expect(zone.display(due) == "2026-11-02 07:00 PST (UTC-08:00)")
    #expect(zone.localize(due).iso8601 == "2026-11-02T07:00:00-08:00")
    #expect(due.secondsSinceEpoch - received.secondsSinceEpoch == 36 * 3600, "computed on instants")
  }

  @Test func impossibleDatesAndTimesAreRefused() {
    #expect(read("2026-02-30 10:00") == .refused("2026-02-30 is not a date."))
    #expect(read("2026-03-08 02:30") == .refused(
      "02:30 on 2026-03-08 does not exist in America/Los_Angeles (clocks go forward)."))
    #expect(zone.resolve(LocalDateTime(year: 2026, month: 2, day: 30, hour: 10, minute: 0)) == .notADate)
    #expect(zone.resolve(LocalDateTime(year: 2026, month: 3, day: 8, hour: 2, minute: 30)) == .doesNotExist)
    if case .refused = read("25:00") {} else { Issue.record("25:00 accepted") }
    if case .refused = read("yesterday") {} else { Issue.record("words accepted") }
  }

  @Test func theHourTheClocksGoBackIsAmbiguous() {
    guard case .ambiguous(let earlier, let later, let message) = read("2026-11-01 01:30") else {
      Issue.record("not reported ambiguous: \(read("2026-11-01 01:30"))")
      return
    }
    #expect(earlier.iso8601 == "2026-11-01T01:30:00-07:00")
    #expect(later.iso8601 == "2026-11-01T01:30:00-08:00")
    #expect(later.secondsSinceEpoch - earlier.secondsSinceEpoch == 3600)
    #expect(message.contains("happens twice in America/Los_Angeles"))
    #expect(message.contains("01:30 PDT (UTC-07:00)") && message.contains("01:30 PST (UTC-08:00)"))
  }

  @Test func aNamedZoneLeavesTheEnvironmentAlone() throws {
    let before = getenv("TZ").map { String(cString: $0) }
    _ = zone.display(nearHalloween)
    #expect(getenv("TZ").map { String(cString: $0) } == before)
    #expect(SystemZone.named("Not/AZone") == nil)
    #expect(SystemZone.named("../etc/passwd") == nil)
    let utc = try #require(SystemZone.named("UTC"))
    #expect(utc.display(nearHalloween) == "2026-10-31 19:00 UTC (UTC+00:00)")
  }

  @Test func theEnvironmentZoneFollowsTZ() {
    let saved = getenv("TZ").map { String(cString: $0) }
    setenv("TZ", "America/Los_Angeles", 1)
    tzset()
    defer {
      if let saved { setenv("TZ", saved, 1) } else { unsetenv("TZ") }
      tzset()
    }
    let environment = SystemZone.environment()
    #expect(environment.name == "America/Los_Angeles")
    #expect(environment.display(nearHalloween.adding(hours: 48)) == "2026-11-02 11:00 PST (UTC-08:00)")
  }
}
