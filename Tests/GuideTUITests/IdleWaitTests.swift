@testable import GuideTUI
import Testing

/// A guide left open waits for a key until the next thing due, not in short polls: idle sessions
/// on a shared host wake for nothing (docs/performance.md, "A district's host").
@Suite struct IdleWaitTests {
  @Test func withNothingDueTheWaitIsAMinute() {
    #expect(IdleWait.milliseconds(now: 1_000, lastKey: 900, lastRetry: 0, unsaved: false, idleLockSeconds: 0) == 60_000)
  }

  @Test func theWaitEndsWhenTheIdleLockIsDue() {
    // Five-minute lock, last key 100 s ago: the lock is due in 200 s, beyond the minute.
    #expect(IdleWait.milliseconds(now: 1_000, lastKey: 900, lastRetry: 0, unsaved: false, idleLockSeconds: 300) == 60_000)
    // Last key 270 s ago: due in 30 s.
    #expect(IdleWait.milliseconds(now: 1_170, lastKey: 900, lastRetry: 0, unsaved: false, idleLockSeconds: 300) == 30_000)
    // Already due: no wait, so the lock comes at once.
    #expect(IdleWait.milliseconds(now: 1_300, lastKey: 900, lastRetry: 0, unsaved: false, idleLockSeconds: 300) == 0)
  }

  @Test func aFailedSaveIsRetriedTenSecondsAfterTheLastTry() {
    #expect(IdleWait.milliseconds(now: 1_004, lastKey: 1_000, lastRetry: 1_000, unsaved: true, idleLockSeconds: 300) == 6_000)
    #expect(IdleWait.milliseconds(now: 1_004, lastKey: 1_000, lastRetry: 1_000, unsaved: false, idleLockSeconds: 300) == 60_000)
  }
}
