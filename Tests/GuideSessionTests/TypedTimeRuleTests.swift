import GuideClock
import GuideEngine
import Testing

@testable import GuideSession

/// Every typed time (a call's, the information's) is read through `CallTime.read` in the case's
/// zone, at that date's rules: the rule both front ends use.
@Suite struct TypedTimeRuleTests {
  let la = CaseZone(SystemZone.named("America/Los_Angeles"))
  /// 2026-11-02 12:00 PST (20:00 UTC), the day after the clocks went back.
  let afterFallBack = Timestamp(secondsSinceEpoch: 1_793_649_600, utcOffsetMinutes: -480)

  func read(_ typed: String, now: Timestamp) -> Result<CallTime, CallTime.Refusal> {
    do throws(CallTime.Refusal) { return .success(try CallTime.read(typed, now: now, zone: la)) } catch {
      return .failure(error)
    }
  }

  @Test func aDateOnDaylightTimeIsReadAtItsOwnOffset() throws {
    // Typed in November about a day in October: PDT then, not today's PST.
    let call = try read("2026-10-31 10:00", now: afterFallBack).get()
    #expect(call.at.utcOffsetMinutes == -420)
    #expect(call.at.iso8601.hasPrefix("2026-10-31T10:00:00-07:00"))
    #expect(la.show(call.at) == "2026-10-31 10:00 PDT (UTC-07:00)")
  }

  @Test func impossibleDatesAndSkippedTimesAreRefused() {
    guard case .failure(let bad) = read("2026-02-30 10:00", now: afterFallBack) else {
      Issue.record("2026-02-30 accepted")
      return
    }
    #expect(bad.message.contains("2026-02-30 is not a date"))
    guard case .failure(let gap) = read("2026-03-08 02:30", now: afterFallBack) else {
      Issue.record("a time in the spring-forward gap accepted")
      return
    }
    #expect(gap.message.contains("does not exist"))
    guard case .failure(let words) = read("ten past nine", now: afterFallBack) else {
      Issue.record("words accepted")
      return
    }
    #expect(words.message.contains("HH:MM"))
  }

  @Test func theHourThatHappensTwiceSaysWhichWasTakenAndCanBeChosen() throws {
    let first = try read("2026-11-01 01:30", now: afterFallBack).get()
    #expect(la.show(first.at) == "2026-11-01 01:30 PDT (UTC-07:00)")
    #expect(first.note?.contains("happens twice") == true)
    #expect(first.note?.contains("2026-11-01 01:30 PST") == true)
    let second = try read("2026-11-01 01:30 PST", now: afterFallBack).get()
    #expect(second.at.secondsSinceEpoch - first.at.secondsSinceEpoch == 3600)
    #expect(second.note == nil)
    // An abbreviation that does not fit the time is refused, not ignored.
    guard case .failure = read("2026-10-31 10:00 PST", now: afterFallBack) else {
      Issue.record("PST accepted for a date on daylight time")
      return
    }
  }

  @Test func aClockTimeLaterThanNowIsYesterdaysAndAFullDateLaterThanNowIsRefused() throws {
    // 00:10 PST on 2026-11-02: "23:50" is yesterday's, 2026-11-01 23:50 PST.
    let justAfterMidnight = Timestamp(secondsSinceEpoch: 1_793_607_000, utcOffsetMinutes: -480)
    let call = try read("23:50", now: justAfterMidnight).get()
    #expect(call.yesterday)
    #expect(la.show(call.at) == "2026-11-01 23:50 PST (UTC-08:00)")
    let today = try read("9:05", now: afterFallBack).get()
    #expect(la.show(today.at) == "2026-11-02 09:05 PST (UTC-08:00)")
    #expect(!today.yesterday)
    guard case .failure(let future) = read("2026-11-03 09:00", now: afterFallBack) else {
      Issue.record("a time tomorrow accepted")
      return
    }
    #expect(future.message.contains("later than now"))
  }

  @Test func aCaseShowsItsTimesInItsZone() throws {
    // A server on UTC with the district's zone configured: the case shows local time.
    let utcNow = Timestamp(secondsSinceEpoch: afterFallBack.secondsSinceEpoch)
    #expect(la.clock(utcNow) == "12:00 PST")
    #expect(la.localize(utcNow).clockText == "12:00")
    #expect(CaseZone.system(configured: "America/Los_Angeles") == la)
  }
}
