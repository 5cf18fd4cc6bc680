import GuideEngine
import GuideSession
@testable import GuideTUI
import Testing

@Suite struct UpdateTests {
  @Test func theLastProtocolIsPreselected() {
    let app = AppState(protocols: TUIFixtures.choices, lastProtocolID: "sro-model")
    #expect(app.startScreen.index == 2)
  }

  @Test func aRealCaseStartsWithAPassphrase() {
    var d = Driver(drafts: true)
    d.press(.enter)
    guard case .form(let form)? = d.app.modal, form.purpose == .setPassphrase else {
      Issue.record("no passphrase question")
      return
    }
    d.type("short")
    d.press(.tab)
    d.type("short")
    d.press(.control("d"))
    if case .form(let f)? = d.app.modal { #expect(f.error == "Use at least 8 characters.") } else { Issue.record("accepted a short passphrase") }
    d.press(.backTab, .control("u"))
    d.type("long enough one")
    d.press(.tab, .control("u"))
    d.type("long enough two")
    d.press(.control("d"))
    if case .form(let f)? = d.app.modal { #expect(f.error == "The two passphrases differ: type them again.") } else { Issue.record("accepted different passphrases") }
    d.press(.control("u"))
    d.type("long enough one")
    d.press(.control("d"))
    #expect(d.app.modal == nil)
    #expect(d.effects.last == .startDraft(passphrase: "long enough one"))
    #expect(d.app.draft.hasPassphrase)
    // The passphrase is not kept in the app state.
    #expect(!"\(d.app)".contains("long enough one"))
  }

  @Test func goingBackToTheProtocolsDropsTheCaseAndItsDraft() {
    var d = Driver(drafts: true)
    d.press(.enter)
    d.type("long enough one")
    d.press(.tab)
    d.type("long enough one")
    d.press(.control("d"), .escape)
    #expect(d.app.screen == .start)
    #expect(d.app.session == nil)
    #expect(!d.app.draft.hasPassphrase, "a new protocol is a new case with its own passphrase")
    #expect(d.effects.last == .caseAbandoned)
    d.press(.down, .enter)
    guard case .form(let form)? = d.app.modal else {
      Issue.record("no passphrase asked for the new case")
      return
    }
    #expect(form.purpose == .setPassphrase)
  }

  @Test func cancellingThePassphraseAbandonsTheNewCase() {
    var d = Driver(drafts: true)
    d.press(.enter, .escape)
    #expect(d.app.session == nil)
    #expect(d.app.screen == .start)
  }

  @Test func thePanicKeyHidesEverythingAtOnceEvenWhileTyping() {
    var d = Driver(protocolID: "san-mateo")
    d.app.draft.hasPassphrase = true
    d.press(.character("3"), .enter, .escape, .character("y"), .character("a"))
    d.type("The student told me")
    d.press(AppState.panicKey)
    let screen = d.screenText
    #expect(screen.contains("Locked"))
    for secret in ["student told", "san-mateo", "Suspected", "Step"] { #expect(!screen.contains(secret), "\(secret) shown on the lock screen") }
    d.type("wrong")
    d.press(.enter)
    #expect(d.effects.last == .unlock(passphrase: "wrong"))
    d.send(.unlockChecked(right: false))
    #expect(d.screenText.contains("That is not the passphrase of this case. (1 of 3 tries)"))
    d.type("right one")
    d.press(.enter)
    #expect(d.effects.last == .unlock(passphrase: "right one"))
    d.send(.unlockChecked(right: true))
    #expect(d.app.lock == nil)
    guard case .form(let form)? = d.app.modal else {
      Issue.record("the note being typed was lost")
      return
    }
    #expect(form.fields[0].value == "The student told me")
  }

  @Test func choosingAProtocolOpensACaseAndRemembersIt() {
    var d = Driver()
    d.press(.down, .enter)
    #expect(d.app.session?.guide.id == "orange-county")
    #expect(d.app.screen == .situation)
    #expect(d.effects == [.rememberProtocol("orange-county")])
  }

  @Test func quittingAsksOnlyWhenSomethingWouldBeLost() {
    var d = Driver(protocolID: "san-mateo")
    d.press(.character("q"))
    #expect(d.effects.last == .quit, "nothing recorded yet: quit at once")
    d = Driver(protocolID: "san-mateo")
    d.press(.character("3"), .enter, .escape, .character("y"), .character("q"))
    #expect(d.app.modal == .confirmQuit)
    d.press(.character("n"))
    #expect(d.app.modal == nil)
    #expect(!d.effects.contains(.quit))
    d.press(.control("c"), .character("y"))
    #expect(d.effects.last == .quit)
  }

  @Test func savingClearsTheUnsavedMark() {
    var d = Driver(protocolID: "san-mateo")
    d.press(.character("3"), .enter, .escape, .character("y"), .character("f"))
    #expect(d.effects.last == .audit("summary viewed"), "viewing the summary is an entry of the case log")
    d.press(.character("s"), .control("d"))
    #expect(d.effects.last == .export(.text, .file))
    #expect(d.app.wouldLoseWork, "asking for an export saves nothing yet")
    d.send(.exportDone(.text, .file(name: "csec-summary-20251125-0907.txt"), directory: "."))
    #expect(!d.app.wouldLoseWork)
    // The whole path, not a name alone: where the file is matters on a shared machine.
    #expect(d.app.status == "Saved to \(SummaryExport.fullPath(directory: ".", name: "csec-summary-20251125-0907.txt")) (only you can read it).")
    #expect(d.app.status?.hasPrefix("Saved to /") == true)
    #expect(d.effects.last == .audit("summary exported: text file csec-summary-20251125-0907.txt"))
  }

  @Test func aStepIsMarkedDoneWithNoteAndReference() throws {
    var d = Driver(protocolID: "orange-county")
    d.press(.character("1"), .enter, .character("d"))
    d.type("Called CPS")
    d.press(.enter)
    d.type("second line")
    d.press(.tab)
    d.type("CPS-9")
    d.press(.control("d"))
    let session = try #require(d.app.session)
    let step = try #require(session.pathway?.steps.first)
    let record = session.state.record(pathway: .atRisk, step: step.id)
    #expect(record.status == .done)
    #expect(record.note == "Called CPS\nsecond line")
    #expect(record.reference == "CPS-9")
    #expect(d.app.modal == nil)
  }

  @Test func notApplicableInsistsOnAReason() throws {
    var d = Driver(protocolID: "orange-county")
    d.press(.character("1"), .enter, .character("x"), .control("d"))
    guard case .form(let form)? = d.app.modal else {
      Issue.record("the form closed without a reason")
      return
    }
    #expect(form.error == "'Reason' is needed.")
    d.type("Student is 18")
    d.press(.control("d"))
    #expect(d.app.modal == nil)
  }

  @Test func escapeWithTypedTextAsksBeforeDiscarding() {
    var d = Driver(protocolID: "orange-county")
    d.press(.character("1"), .enter, .character("a"))
    d.type("half a note")
    d.press(.escape)
    guard case .form(let form)? = d.app.modal else {
      Issue.record("Esc discarded typed text without asking")
      return
    }
    #expect(form.confirmingDiscard)
    d.press(.character("y"))
    #expect(d.app.modal == nil)
    // With nothing typed, Esc closes at once.
    d.press(.character("a"), .escape)
    #expect(d.app.modal == nil)
  }

  @Test func aLongPasteIsKeptWhole() throws {
    var d = Driver(protocolID: "orange-county")
    d.press(.character("1"), .enter, .character("a"))
    let paste = String(repeating: "The student said she was picked up after school by an older man. ", count: 40)
    d.type(paste)
    d.press(.control("d"))
    let session = try #require(d.app.session)
    let step = try #require(session.pathway?.steps.first)
    #expect(session.state.record(pathway: .atRisk, step: step.id).notes.first?.value == paste.trimmingWhitespace())
  }

  @Test func aCallIsRecordedWithItsTimeAndOutcome() throws {
    var d = Driver(protocolID: "orange-county")
    d.press(.character("1"), .enter, .character("c"), .tab)
    d.type("Officer Diaz")
    d.press(.tab)
    d.type("B-77")
    d.press(.tab)
    d.type("REF-3")
    d.press(.tab, .control("u"))
    d.type("08:30")
    d.press(.tab, .character("2"), .control("d"))
    let session = try #require(d.app.session)
    let step = try #require(session.pathway?.steps.first)
    let call = try #require(session.state.record(pathway: .atRisk, step: step.id).calls.first)
    #expect(call.agency == "County of Orange Child Protective Services")
    #expect(call.contactID == step.contact)
    #expect(call.personSpoken == "Officer Diaz")
    #expect(call.badgeOrID == "B-77")
    #expect(call.referralNumber == "REF-3")
    #expect(call.outcome == .declined)
    #expect(call.calledAt.display == "2025-11-25 08:30 (UTC-08:00)")
  }

  @Test func aBadCallTimeKeepsTheFormOpen() {
    var d = Driver(protocolID: "orange-county")
    d.press(.character("1"), .enter, .character("c"))
    for _ in 0..<4 { d.press(.tab) }
    d.press(.control("u"))
    d.type("25:99")
    d.press(.control("d"))
    guard case .form(let form)? = d.app.modal else {
      Issue.record("the form closed")
      return
    }
    #expect(form.error == "25:99 is not a time of day. Type the time as HH:MM (today) or YYYY-MM-DD HH:MM.")
  }

  @Test func anUncoveredSituationOffersTheClosestPathway() {
    var d = Driver(protocolID: "orange-county")
    d.press(.character("4"), .enter)
    #expect(d.app.screen == .notCovered)
    #expect(d.screenText.contains("The district decides how to proceed."))
    d.press(.enter)
    #expect(d.app.screen == .step)
    #expect(d.app.session?.state.activeRun?.followedAsClosest == true)
  }

  @Test func choosingAnotherSituationFromNotCovered() {
    var d = Driver(protocolID: "sro-model")
    d.press(.character("1"), .enter)
    #expect(d.app.screen == .notCovered)
    d.press(.down, .enter)
    #expect(d.app.screen == .situation)
    d.press(.character("3"), .enter)
    #expect(d.app.screen == .step)
    #expect(d.app.session?.state.activeRun?.pathway == .suspectedVictim)
  }

  @Test func escalatingKeepsTheRecords() throws {
    var d = Driver(protocolID: "san-mateo")
    d.press(.character("1"), .enter, .character("d"), .control("d"))
    let before = try #require(d.app.session)
    let first = try #require(before.guide.pathway(.atRisk)?.steps.first)
    let done = StepKey(pathway: .atRisk, step: first.id)
    // Exactly the first step of the at-risk pathway is done, and nothing else.
    #expect(before.state.steps.filter { $0.value.status != .pending }.map(\.key) == [done])
    d.press(.character("e"), .down, .tab)
    d.type("Disclosed an older boyfriend who pays her")
    d.press(.control("d"))
    let session = try #require(d.app.session)
    #expect(session.state.situation == .suspectedVictim)
    #expect(session.state.runs.count == 2)
    // The record of that step is the same as before the escalation, to the letter.
    #expect(session.state.steps[done] == before.state.steps[done])
    #expect(session.state.steps.filter { $0.value.status != .pending }.map(\.key) == [done])
  }

  @Test func theScreeningDecidesTheSituation() {
    var d = Driver(protocolID: "san-mateo")
    d.press(.character("5"), .enter, .character(" "))
    #expect(d.screenText.contains("Determination: At-risk concern met."))
    d.press(.character("c"))
    #expect(d.app.screen == .step)
    #expect(d.app.session?.state.situation == .atRisk)
  }

  @Test func aFinishedCaseCannotBeReopenedFromTheReview() {
    var d = Driver(protocolID: "san-mateo")
    d.press(.character("2"), .enter, .character("f"), .character("f"), .character("y"), .escape)
    #expect(d.app.screen == .review)
    #expect(d.app.status?.contains("cannot change") == true)
  }

  @Test func movingInAListNeverLeavesIt() {
    var d = Driver()
    d.press(.up, .up, .pageUp)
    #expect(d.app.startScreen.index == 0)
    d.press(.end, .down, .pageDown)
    #expect(d.app.startScreen.index == TUIFixtures.choices.count - 1)
  }
}

/// A clock time later than now is read as yesterday's, and the full screen says so (it was
/// taken silently).
@Test func aCallTimeLaterThanNowIsSaidToBeYesterdays() throws {
  var d = Driver(protocolID: "san-mateo")
  d.press(.character("3"), .enter, .control("d"), .character("c"))
  guard case .form(let form)? = d.app.modal, case .call = form.purpose else {
    Issue.record("no call form")
    return
  }
  let now = d.app.session!.zone.localize(d.app.clock)
  let later = Timestamp(secondsSinceEpoch: now.secondsSinceEpoch + 7200, utcOffsetMinutes: now.utcOffsetMinutes)
  // Agency is prefilled; the time field is the fifth (index 4): Tab there and type a later hour.
  for _ in 0..<4 { d.press(.tab) }
  d.type(later.clockText)
  d.press(.control("d"))
  #expect(d.app.modal == nil, "\(String(describing: d.app.modal))")
  #expect(d.app.status?.contains("is later than now, so it is read as yesterday's") == true, "\(d.app.status ?? "")")
}

@Suite struct TextEditorTests {
  /// A suggested value (the time now, the step's agency) is replaced by what is typed, pasted,
  /// or by Backspace, as a selected field is; a cursor key keeps it for editing. It used to be
  /// appended to: "18:32" and a typed "16:00" gave "18:3216:00", refused as no time.
  @Test func aSuggestionIsReplacedByTypingAndKeptByACursorKey() {
    var typed = TextEditor("18:32", multiline: false, suggested: true)
    #expect(typed.replacesOnType)
    for ch in "16:00" { _ = typed.handle(.character(ch)) }
    #expect(typed.text == "16:00" && !typed.replacesOnType)
    var pasted = TextEditor("18:32", multiline: false, suggested: true)
    _ = pasted.handle(.paste("07:50"))
    #expect(pasted.text == "07:50")
    var erased = TextEditor("18:32", multiline: false, suggested: true)
    _ = erased.handle(.backspace)
    #expect(erased.text == "")
    var edited = TextEditor("18:32", multiline: false, suggested: true)
    _ = edited.handle(.left)
    _ = edited.handle(.backspace)
    _ = edited.handle(.character("0"))
    #expect(edited.text == "18:02")
    // Not a suggestion: typing adds, as before.
    var plain = TextEditor("Ana", multiline: false)
    _ = plain.handle(.character("!"))
    #expect(plain.text == "Ana!")
  }

  /// In the information question, typing a time replaces the time shown, and it is drawn as
  /// selected (reverse video) until then.
  @Test func theInformationQuestionTakesATypedTimeOverTheSuggestion() throws {
    var d = Driver(protocolID: "san-mateo")
    d.press(.character("3"), .enter)
    guard case .form(let form)? = d.app.modal, case .informationReceived = form.purpose else {
      Issue.record("no information question")
      return
    }
    let frame = d.render()
    let shown = form.fields[0].rawText
    let row = try #require(frame.lines.firstIndex { $0.trimmingCharacters(in: .whitespaces) == shown }, "\(shown) not drawn")
    #expect(frame[row, 5].style.reverse, "the suggested time is not drawn as selected:\n\(frame.lines[row])")
    d.type("07:15")
    guard case .form(let typed)? = d.app.modal else { return }
    #expect(typed.fields[0].rawText == "07:15")
  }

  @Test func editingKeysWorkAsUsual() {
    var e = TextEditor("hello world", multiline: false)
    _ = e.handle(.control("w"))
    #expect(e.text == "hello ")
    _ = e.handle(.control("a"))
    _ = e.handle(.character(">"))
    #expect(e.text == ">hello ")
    _ = e.handle(.control("k"))
    #expect(e.text == ">")
    _ = e.handle(.backspace)
    #expect(e.text == "")
    #expect(e.handle(.enter) == false, "Enter is the form's in a single-line field")
  }

  @Test func multilineJoinsAndSplitsLines() {
    var e = TextEditor("ab", multiline: true)
    _ = e.handle(.left)
    _ = e.handle(.enter)
    #expect(e.text == "a\nb")
    _ = e.handle(.backspace)
    #expect(e.text == "ab")
    _ = e.handle(.end)
    _ = e.handle(.enter)
    _ = e.handle(.character("c"))
    _ = e.handle(.up)
    _ = e.handle(.end)
    _ = e.handle(.delete)
    #expect(e.text == "abc")
  }

  @Test func aRunawayPasteIsBounded() {
    var e = TextEditor("", multiline: true)
    for _ in 0..<(TextEditor.maximumCharacters + 50) { _ = e.handle(.character("x")) }
    #expect(e.text.count == TextEditor.maximumCharacters)
  }

  @Test func directionControlsAreNeverTyped() {
    var editor = TextEditor("", multiline: true)
    _ = editor.handle(.paste("a\u{202E}gnp.exe\u{2066}b"))
    _ = editor.handle(.character("\u{202D}"))
    #expect(editor.text == "agnp.exeb")
  }
}
