import GuideEngine
@testable import GuideTUI
import Testing

/// The key handling, the footer and the help read one table per screen: these check that they
/// cannot disagree, on every screen, in each of its variants.
@Suite struct KeyBindingTests {
  /// One state of every screen (and of each variant of a screen's keys).
  static func screens() -> [(String, AppState)] {
    var states: [(String, AppState)] = []
    var d = Driver()
    states.append(("start", d.app))
    d.send(.draftsListed([MessageTests.draft], open: nil))
    states.append(("drafts", d.app))
    d = Driver(protocolID: "san-mateo")
    states.append(("situation", d.app))
    var screening = d
    screening.press(.character("5"), .enter)
    states.append(("screening", screening.app))
    var notCovered = Driver(protocolID: "orange-county")
    notCovered.press(.character("4"), .enter)
    states.append(("notCovered", notCovered.app))
    d.press(.character("3"), .enter, .escape, .character("y"), .character("y"))
    states.append(("step", d.app))
    var report = d
    report.press(.character("m"), .escape, .character("y"))
    states.append(("report", report.app))
    var noForm = report
    if var session = noForm.app.session {
      var guide = session.guide
      guide.mandatedReport = nil
      let events = session.events
      session = CaseSession.resumed(guide, events: events).session
      noForm.app.session = session
    }
    states.append(("report without a form", noForm.app))
    var review = d
    review.press(.character("f"))
    states.append(("review", review.app))
    review.press(.character("f"), .character("y"))
    states.append(("review, finished", review.app))
    var pending = d
    // When the information was received, recorded first (t, now): the report screen then asks nothing.
    pending.press(.character("t"), .control("d"), .character("m"), .character("y"), .escape, .character("f"), .character("f"), .character("y"))
    states.append(("review, written report pending", pending.app))
    pending.press(.character("m"))
    states.append(("report, written report pending", pending.app))
    var training = Driver()
    training.app = AppState(protocols: TUIFixtures.choices, training: TrainingFixtures.scenarios)
    states.append(("scenarios", training.app))
    training.press(.enter)
    states.append(("briefing", training.app))
    training.press(.enter)
    states.append(("training situation", training.app))
    training.press(.character("f"))
    states.append(("training review", training.app))
    training.press(.character("f"), .character("y"))
    states.append(("debrief", training.app))
    return states
  }

  /// Every key a user could press that the program tells apart.
  static let allKeys: [Key] =
    (32...126).map { Key.character(Character(UnicodeScalar(UInt8($0)))) }
    + "abcdefghijklmnopqrstuvwxyz".map(Key.control)
    + [.up, .down, .left, .right, .home, .end, .pageUp, .pageDown, .enter, .tab, .backTab, .backspace, .delete, .escape]

  @Test func everyKeyThatDoesSomethingIsInTheTable() {
    for (name, state) in Self.screens() {
      #expect(state.modal == nil && state.lock == nil, "\(name): a screen, not a dialog")
      for key in Self.allKeys where KeyBindings.action(for: key, in: state) == nil {
        // Ctrl-R (the reference) and Ctrl-G (hide) are in the global table where they apply.
        // Every message sets the clock the report panel counts from; nothing else may change.
        let now = Timestamp(secondsSinceEpoch: 1_764_090_000)
        var before = state
        before.clock = now
        var app = before
        let effects = app.update(key, now: now)
        #expect(app == before && effects.isEmpty, "\(name): \(key) does something but is in no table, so neither the footer nor the help names it")
      }
    }
  }

  @Test func everyBindingIsReachableAndEveryFooterKeyIsInTheHelp() {
    for (name, state) in Self.screens() {
      let table = KeyBindings.screen(state) + KeyBindings.global(state)
      for binding in table {
        // Not shadowed by an earlier row: at least one of its keys reaches it.
        let reachable = binding.digits
          || binding.keys.contains { KeyBindings.action(for: $0, in: state) == binding.action }
        #expect(reachable, "\(name): no key reaches '\(binding.helpLine)'")
      }
      let helpText = Self.helpText(state)
      for binding in table {
        #expect(helpText.contains(binding.helpLine), "\(name): the help does not say '\(binding.helpLine)'")
      }
      for word in KeyBindings.footer(state) {
        #expect(table.contains { $0.footer == word }, "\(name): footer '\(word)' is no binding")
      }
      // The footer as drawn is the table's, whole when there is room.
      let footer = Screens.footerLine(state, width: 1000)
      #expect(footer == " " + KeyBindings.footer(state).joined(separator: "  "), "\(name)")
    }
  }

  @Test func theFootersOfTheScreensAreAsBefore() {
    let states = Dictionary(uniqueKeysWithValues: Self.screens())
    #expect(KeyBindings.footer(states["step"]!) == [
      "^G hide", "d done", "x n/a", "a note", "c call", "u reopen", "←→ step", "e escalate", "m report", "f finish", "? help", "q quit",
    ])
    #expect(KeyBindings.footer(states["report without a form"]!) == [
      "^G hide", "Enter decide", "y report made", "n no report", "Esc back", "? help", "q quit",
    ])
    // A finished San Mateo suspected-victim case has its written report pending (issue 12).
    #expect(KeyBindings.footer(states["review, finished"]!) == ["^G hide", "↑↓ PgUp PgDn scroll", "s save", "m written report", "? help", "q quit"])
    #expect(KeyBindings.footer(states["training review"]!) == [
      "v story", "↑↓ PgUp PgDn scroll", "f finish and debrief", "Esc back", "? help", "q quit",
    ])
  }

  /// At 80 and 60 columns, in UTF-8 and ASCII, every screen's footer is one line that fits:
  /// pieces give way whole, highest rank first, and hide, help and quit stay. Printed so a
  /// reader can see what each screen keeps.
  @Test(arguments: [80, 60])
  func everyFooterIsOneLineThatFits(width: Int) {
    // The dialogs too: a form, the reference and the help over a step.
    let step = Dictionary(uniqueKeysWithValues: Self.screens())["step"]!
    let dialogs = [("form", Key.character("d")), ("reference", .character("i")), ("help", .character("?"))].map { name, key in
      var d = Driver()
      d.app = step
      d.press(key)
      return (name, d.app)
    }
    for (name, state) in Self.screens() + dialogs {
      let items = Screens.footerItems(state)
      for charset in [TerminalCharset.utf8, .ascii] {
        let line = Screens.footerLine(state, width: width, charset: charset)
        let fold = { (text: String) in charset == .ascii ? text.map(ASCIIText.fold).joined() : text }
        #expect(DisplayWidth.of(line) < width, "\(name) at \(width): '\(line)' reaches the bottom-right cell")
        let pieces = line.dropFirst().components(separatedBy: "  ")
        let kept = items.filter { item in pieces.contains(fold(item.text)) || pieces.contains(fold(item.shortened ?? "")) }
        #expect(kept.count == pieces.count, "\(name) at \(width): a piece is cut or unknown: '\(line)'")
        // What gave way is of a rank at least as high as everything kept (but rank 0).
        let dropped = items.filter { item in !kept.contains(item) }
        #expect(dropped.allSatisfy { $0.rank > 0 }, "\(name) at \(width): a key that never gives way is gone: '\(line)'")
        // The help key ("? help", "F1 help" in a form) says when keys were left out; on the help itself there is none.
        let help = items.first { $0.shortened != nil }
        if let lowestDropped = dropped.map(\.rank).min() {
          #expect(kept.allSatisfy { $0.rank <= lowestDropped }, "\(name) at \(width): '\(line)'")
          if let help { #expect(pieces.contains(help.shortened!), "\(name) at \(width): the help key does not say keys were left out: '\(line)'") }
        } else if let help {
          #expect(pieces.contains(help.text), "\(name) at \(width): '\(line)'")
        }
        #expect(help != nil || name == "help", "\(name): the footer names no help key")
        if charset == .utf8 { print("footer \(width) \(name): \(line)") }
      }
    }
  }

  /// The rule alone: the rightmost of the highest rank goes first, and rank 0 never.
  @Test func footerPiecesGiveWayByRank() {
    let items = [
      FooterItem("^G hide", rank: 0), FooterItem("d done"), FooterItem("a note", rank: 3), FooterItem("c call", rank: 2),
      FooterItem("u reopen", rank: 3), FooterItem.help("?"), FooterItem("q quit", rank: 0),
    ]
    #expect(Footer.line(items, width: 100) == " ^G hide  d done  a note  c call  u reopen  ? help  q quit")
    #expect(Footer.line(items, width: 52) == " ^G hide  d done  a note  c call  ? all keys  q quit")
    #expect(Footer.line(items, width: 45) == " ^G hide  d done  c call  ? all keys  q quit")
    #expect(Footer.line(items, width: 37) == " ^G hide  d done  ? all keys  q quit")
    #expect(Footer.line(items, width: 10) == " ^G hide  ? all keys  q quit")
  }

  /// One state of every dialog: a form, the reference, the help, the quit and finish questions
  /// over a step, and the story and new information of a training case.
  static func dialogs() -> [(String, AppState)] {
    let step = Dictionary(uniqueKeysWithValues: screens())["step"]!
    var states: [(String, AppState)] = []
    for (name, keys) in [
      ("form", [Key.character("d")]), ("reference", [.character("i")]), ("help", [.character("?")]),
      ("confirmQuit", [.character("d"), .control("d"), .character("q")]), ("confirmFinish", [.character("f"), .character("f")]),
    ] {
      var d = Driver()
      d.app = step
      for key in keys { d.press(key) }
      states.append((name, d.app))
    }
    var story = Driver()
    story.app = Dictionary(uniqueKeysWithValues: screens())["training situation"]!
    story.press(.character("v"))
    states.append(("story", story.app))
    let scenario = TrainingFixtures.scenarios.first { $0.newInformation != nil }!
    var news = ScenarioPlayer(scenario)
    news.chooseSituation(scenario.expected.situation ?? .atRisk)
    news.walk(asExpected: true, until: scenario.newInformation?.afterStep)
    states.append(("newInformation", news.d.app))
    return states
  }

  /// Each key a dialog's table lists (its footer and the help opened over it read the table)
  /// does what its row says, and "any other key" rows hold for a key no row names.
  @Test func everyDialogKeyDoesWhatItsTableSays() throws {
    let now = Timestamp(secondsSinceEpoch: 1_764_090_000)
    for (name, state) in Self.dialogs() {
      let modal = try #require(state.modal, "\(name): no dialog")
      #expect(Self.dialogName(modal) == name, "\(name): the state shows \(modal)")
      let table = KeyBindings.dialog(modal)
      let named = table.flatMap(\.keys)
      for binding in table {
        // "Any other key": a key no row names (x is no key of any dialog).
        let keys = binding.keys.isEmpty ? [Key.character("x")] : binding.keys
        #expect(!named.contains(Key.character("x")))
        for key in keys {
          var app = state
          let effects = app.update(key, now: now)
          let what = "\(name): \(key) for '\(binding.helpLine)'"
          switch binding.action {
          case .scroll: #expect(app.modal == state.modal, "\(what) closed the dialog")
          case .move:
            if case .form? = app.modal {} else { Issue.record("\(what) left the form") }
          case .close: #expect(app.modal == nil || app.modal != state.modal, "\(what) did not close it")
          case .help: #expect(app.modal == .help, "\(what) did not open the help")
          case .reference: if case .reference? = app.modal {} else { Issue.record("\(what) did not open the reference") }
          case .yes: #expect(effects.contains(.quit) || app.session?.state.isFinished == true, "\(what) did not answer yes")
          case .no: #expect(app.modal != state.modal && effects.isEmpty && app.session?.state.isFinished != true, "\(what)")
          case .nextField, .previousField:
            guard case .form(let before)? = state.modal, case .form(let after)? = app.modal else {
              Issue.record("\(what) left the form")
              continue
            }
            #expect(after.focus == (before.focus + (binding.action == .nextField ? 1 : before.fields.count + 1)) % (before.fields.count + 2), "\(what)")
          case .save: #expect(app.modal != state.modal, "\(what) did not carry the form out")
          case .cancel: #expect(app.modal == nil, "\(what) did not cancel")
          default: Issue.record("\(what): no check for \(binding.action)")
          }
        }
      }
      // The footer is the table's, and the help opened over the dialog lists every row.
      var app = state
      if case .form? = state.modal { _ = app.update(.f1, now: now) } else if state.modal != .help { _ = app.update(.character("?"), now: now) }
      if state.modal != .help, state.modal != .confirmQuit, state.modal != .confirmFinish {
        var page = Page(width: 10_000)
        Screens.help(app, into: &page)
        let text = page.lines.map(\.text).joined(separator: "\n")
        for binding in table { #expect(text.contains(binding.helpLine), "\(name): the help does not say '\(binding.helpLine)'") }
      }
    }
  }

  static func dialogName(_ modal: Modal) -> String {
    switch modal {
    case .form: return "form"
    case .reference: return "reference"
    case .help: return "help"
    case .confirmQuit: return "confirmQuit"
    case .confirmFinish: return "confirmFinish"
    case .story: return "story"
    case .newInformation: return "newInformation"
    }
  }

  /// The help page's text, joined: its lines are wrapped, so the words are compared unwrapped.
  static func helpText(_ state: AppState) -> String {
    var page = Page(width: 10_000)
    Screens.help(state, into: &page)
    return page.lines.map(\.text).joined(separator: "\n")
  }
}
