import GuideEngine

/// What a key does. `update` acts on these, never on a key itself, so a key it handles is a
/// key of the screen's table (htop's Action_setBindings: one table, read by the key handling,
/// the footer and the help alike, so they cannot disagree).
public enum KeyAction: Equatable, Sendable {
  // Every screen
  case help, reference, quit, hideScreen, story
  // Lists and pages
  case move, moveToNumber, scroll, choose, back, quitHere
  // A case
  case setReference, review, openReport
  // The screening
  case toggleItem, concludeScreening
  // A step
  case nextStep, previousStep, scrollUp, scrollDown, markDone, notApplicable, addNote, recordCall, reopen, escalate
  // The report
  case markUnknown, reportMade, notReporting, writtenReportSent, closeCase, informationReceived
  // The review
  case export, finish
  // Dialogs: forms, questions and pages read over the screen
  case nextField, previousField, save, cancel, yes, no, close
}

/// One row of a screen's table: its keys, what they do, and how the footer and help say it.
public struct KeyBinding: Equatable, Sendable {
  public var keys: [Key]
  /// Digits 1-9 (and numbers on long lists) are this binding's keys too.
  public var digits = false
  public var action: KeyAction
  /// Its words in the footer ("d done"); nil: named in the help only.
  public var footer: String?
  /// Which footer words give way first when the footer is wider than the window (see
  /// `FooterItem`): 0 never, then the highest first.
  public var footerRank: Int
  /// The keys as the help names them.
  public var names: String
  /// What it does, for the help.
  public var help: String

  public init(
    _ keys: [Key], digits: Bool = false, _ action: KeyAction, footer: String?, rank: Int = 1, names: String, help: String
  ) {
    self.keys = keys
    self.digits = digits
    self.action = action
    self.footer = footer
    self.footerRank = rank
    self.names = names
    self.help = help
  }

  public func matches(_ key: Key) -> Bool {
    if keys.contains(key) { return true }
    if digits, case .character(let ch) = key, ch.wholeNumberValue != nil { return true }
    return false
  }

  /// The help's line: "d or Enter: mark the step done…".
  public var helpLine: String { "\(names): \(help)" }

  /// Its piece of the footer, if it has one: the help key's says "all keys" once others give way.
  public var footerItem: FooterItem? {
    footer.map { action == .help ? .help(String($0.prefix { $0 != " " })) : FooterItem($0, rank: footerRank) }
  }
}

public enum KeyBindings {
  static let listKeys: [Key] = [
    .up, .down, .character("k"), .character("j"), .home, .end, .character("g"), .character("G"), .pageUp, .pageDown,
    .tab, .backTab,
  ]
  static let pageKeys: [Key] = [
    .up, .down, .character("k"), .character("j"), .pageUp, .pageDown, .character(" "), .home, .end, .character("g"),
    .character("G"),
  ]
  static let chooseKeys: [Key] = [.enter, .character(" "), .right]
  static let backKeys: [Key] = [.escape, .backspace, .left]

  static func move(_ footer: String? = "↑↓ choose") -> KeyBinding {
    KeyBinding(listKeys, .move, footer: footer, rank: 2, names: "Up/Down or j/k, PgUp/PgDn, Home/End (g/G), Tab", help: "move in the list")
  }

  /// The keys that work on every screen (a dialog or the lock screen aside).
  public static func global(_ app: AppState) -> [KeyBinding] {
    var table: [KeyBinding] = []
    if app.canHide {
      table.append(KeyBinding(
        [AppState.panicKey], .hideScreen, footer: "^G hide", rank: 0, names: "Ctrl-G",
        help: "hide the screen at once (for when someone walks up); the passphrase brings it back"))
    }
    if app.training?.active != nil, app.session != nil {
      table.append(KeyBinding([.character("v")], .story, footer: "v story", names: "v", help: "the scenario's story again"))
    }
    table += [
      KeyBinding(
        [.character("i"), AppState.referenceKey], .reference, footer: nil, names: "i (or Ctrl-R, even while typing)",
        help: "the reference: definitions, risk factors, indicators and this protocol's contacts, with their sources"),
      KeyBinding([.character("?"), .f1], .help, footer: "? help", rank: 0, names: "? or F1 (F1 also in a form, where ? is typed)", help: "this help"),
      KeyBinding(
        [.character("q"), .control("c")], .quit, footer: "q quit", rank: 0, names: "q or Ctrl-C",
        help: "quit (asks first when something would be lost)"),
    ]
    return table
  }

  /// The table of the screen shown now; the footer shows its rows in this order.
  public static func screen(_ app: AppState) -> [KeyBinding] {
    let hasReportForm = app.session?.guide.mandatedReport != nil
    switch app.screen {
    case .start:
      return [
        move(),
        KeyBinding([], digits: true, .moveToNumber, footer: nil, names: "digits", help: "move to that protocol"),
        KeyBinding(chooseKeys, .choose, footer: "Enter start", names: "Enter or Space", help: "open a case under the protocol"),
        KeyBinding([.escape], .quitHere, footer: nil, names: "Esc", help: "quit"),
      ]
    case .drafts:
      return [
        move(),
        KeyBinding([], digits: true, .moveToNumber, footer: nil, names: "digits", help: "move to that draft"),
        KeyBinding(chooseKeys, .choose, footer: "Enter open", names: "Enter or Space", help: "type the draft's passphrase and continue it"),
        KeyBinding(backKeys, .back, footer: "Esc new case", names: "Esc or Backspace", help: "start a new case instead"),
      ]
    case .situation:
      return [
        move(),
        KeyBinding([], digits: true, .moveToNumber, footer: nil, names: "digits", help: "move to that situation"),
        KeyBinding(chooseKeys, .choose, footer: "Enter select", names: "Enter or Space", help: "choose the situation, or the screening"),
        KeyBinding([.character("r")], .setReference, footer: "r case ref", rank: 3, names: "r", help: "set your own case reference"),
        KeyBinding(
          [.character("f")], .review, footer: "f review", rank: 2, names: "f",
          help: "review the summary (for example after a screening that was not met)"),
        KeyBinding(
          [.character("m")], .openReport, footer: nil, names: "m",
          help: "the mandated report's contents and deadline, and the decision to report or not"),
        KeyBinding(backKeys, .back, footer: "Esc back", names: "Esc or Backspace", help: "go back"),
      ]
    case .screening:
      return [
        KeyBinding(listKeys, .move, footer: "↑↓ move", rank: 2, names: "Up/Down or j/k, PgUp/PgDn, Home/End (g/G), Tab", help: "move between the factors"),
        KeyBinding(
          [.character(" "), .enter, .character("x")], .toggleItem, footer: "Space mark", names: "Space, Enter or x",
          help: "mark a factor present or absent; Enter on the last line records the determination"),
        KeyBinding(
          [.character("c")], .concludeScreening, footer: "c record result", names: "c",
          help: "record the determination; when the criteria are not met, you record the reason and what was decided"),
        KeyBinding(backKeys, .back, footer: "Esc back", names: "Esc or Backspace", help: "leave the screening"),
      ]
    case .notCovered:
      return [
        move(),
        KeyBinding([], digits: true, .moveToNumber, footer: nil, names: "digits", help: "move to that choice"),
        KeyBinding([.enter, .character(" ")], .choose, footer: "Enter select", names: "Enter or Space", help: "follow the closest pathway, or choose another situation"),
        KeyBinding(backKeys, .back, footer: "Esc back", names: "Esc or Backspace", help: "choose another situation"),
      ]
    case .step:
      return [
        KeyBinding(
          [.character("d"), .enter], .markDone, footer: "d done", names: "d or Enter",
          help: "mark the step done, with an optional note and reference (a report number); Enter on a marked step goes on"),
        KeyBinding([.character("x")], .notApplicable, footer: "x n/a", rank: 2, names: "x", help: "the step does not apply (a reason is required)"),
        KeyBinding([.character("a")], .addNote, footer: "a note", rank: 3, names: "a", help: "add a note"),
        KeyBinding(
          [.character("c")], .recordCall, footer: "c call", names: "c",
          help: "record a call: agency, person, ID or badge, referral number, time and outcome (including an agency that declined the report)"),
        KeyBinding([.character("u")], .reopen, footer: "u reopen", rank: 3, names: "u", help: "reopen a marked step"),
        KeyBinding(
          [.right, .character("l"), .character("n"), .tab, .pageDown], .nextStep, footer: "←→ step",
          names: "Right (or l, n, Tab, PgDn)", help: "next step"),
        KeyBinding(
          [.left, .character("h"), .character("p"), .backTab, .pageUp, .escape, .backspace], .previousStep, footer: nil,
          names: "Left (or h, p, Shift-Tab, PgUp, Esc)", help: "previous step"),
        KeyBinding([], digits: true, .moveToNumber, footer: nil, names: "digits", help: "go to that step"),
        KeyBinding([.down, .character("j")], .scrollDown, footer: nil, names: "Down or j", help: "scroll down"),
        KeyBinding([.up, .character("k")], .scrollUp, footer: nil, names: "Up or k", help: "scroll up"),
        KeyBinding(
          [.character("e")], .escalate, footer: "e escalate", rank: 3, names: "e",
          help: "escalate (at risk to suspected to confirmed); everything recorded stays"),
        KeyBinding(
          [.character("m")], .openReport, footer: hasReportForm ? "m report" : "m decision", names: "m",
          help: "the mandated report's contents and deadline, and the decision to report or not"),
        KeyBinding([.character("r")], .setReference, footer: nil, names: "r", help: "set your own case reference"),
        informationReceivedKey(app),
        KeyBinding([.character("f")], .review, footer: "f finish", names: "f", help: "review the summary and finish"),
      ]
    case .report:
      // With the written report pending, what is left is to mark it sent or close the case.
      let pending = app.session.map(PendingReport.isPending) == true
      let hasWrittenReport = app.session?.guide.mandatedReport?.writtenReportHours != nil
      if app.session?.state.isFinished == true {
        // A finished case cannot change, but for the written report while it is pending (the
        // engine refuses the rest): only those keys are offered.
        var table = [KeyBinding(listKeys, .move, footer: nil, names: "Up/Down or j/k, Tab", help: "move between the rows")]
        if pending {
          table += [
            KeyBinding(
              [.enter, .character(" ")], .choose, footer: nil, names: "Enter or Space",
              help: "on the written report's row: mark it sent (a finished case's fields cannot change)"),
            KeyBinding(
              [.character("w")], .writtenReportSent, footer: "w sent at", names: "w",
              help: "mark the written report sent, at the time it was sent (empty: now)"),
            KeyBinding(
              [.character("c")], .closeCase, footer: "c close case", names: "c",
              help: "close the case without marking the written report sent (a reason is required)"),
            informationReceivedKey(app),
          ]
        }
        return table + [
          KeyBinding(backKeys, .back, footer: "Esc back", names: "Esc or Backspace", help: "back to the summary"),
          KeyBinding([.character("f")], .review, footer: nil, names: "f", help: "review the summary"),
        ]
      }
      var table = [
        KeyBinding(listKeys, .move, footer: hasReportForm ? "↑↓ move" : nil, rank: 3, names: "Up/Down or j/k, Tab", help: "move between the rows"),
        KeyBinding(
          [.enter, .character(" ")], .choose, footer: hasReportForm ? "Enter edit" : "Enter decide", names: "Enter or Space",
          help: "edit the field, or record the decision"),
      ]
      if hasReportForm {
        table.append(KeyBinding(
          [.character("u")], .markUnknown, footer: "u unknown", rank: 3, names: "u",
          help: "mark the field unknown (the report is made even when some fields are unknown)"))
      }
      table += [
        KeyBinding([.character("y")], .reportMade, footer: "y report made", names: "y", help: "record that a report is being made"),
        KeyBinding([.character("n")], .notReporting, footer: "n no report", rank: 2, names: "n", help: "record a decision not to report, with its reason"),
      ]
      if hasWrittenReport {
        table.append(KeyBinding(
          [.character("w")], .writtenReportSent, footer: "w sent at", rank: 3, names: "w",
          help: "mark the written report sent, at the time it was sent (empty: now)"))
      }
      table += [
        informationReceivedKey(app),
        KeyBinding(backKeys, .back, footer: "Esc back", names: "Esc or Backspace", help: "back to the case"),
        KeyBinding([.character("f")], .review, footer: nil, names: "f", help: "review the summary"),
      ]
      return table
    case .review:
      let finished = app.session?.state.isFinished == true
      let training = app.training != nil
      return [
        KeyBinding(pageKeys, .scroll, footer: "↑↓ PgUp PgDn scroll", rank: 3, names: "Up/Down, PgUp/PgDn, Space, Home/End", help: "scroll"),
        KeyBinding(
          [.character("s")], .export, footer: training ? nil : "s save", names: "s",
          help: training
            ? "nothing: a training case is never saved"
            : "save the summary: text, Markdown or JSON, to a new file, to the terminal after the guide closes, or to your clipboard"),
        KeyBinding(
          [.character("f")], .finish, footer: finished ? nil : (training ? "f finish and debrief" : "f finish"), names: "f",
          help: training ? "finish the case and see the debrief" : "finish the case: a finished case cannot be changed"),
        KeyBinding(backKeys, .back, footer: finished ? nil : "Esc back", names: "Esc or Backspace", help: "back to the case, until it is finished"),
      ] + (app.session.map(PendingReport.isPending) == true
        ? [KeyBinding(
          [.character("m")], .openReport, footer: "m written report", names: "m",
          help: "the written report is pending: mark it sent at the time it was sent, or close the case with a reason")]
        : [])
    case .scenarios:
      return [
        move(),
        KeyBinding([], digits: true, .moveToNumber, footer: nil, names: "digits", help: "move to that scenario"),
        KeyBinding(chooseKeys, .choose, footer: "Enter open", names: "Enter or Space", help: "open the scenario's story"),
        KeyBinding([.escape], .quitHere, footer: nil, names: "Esc", help: "quit"),
      ]
    case .briefing:
      return [
        KeyBinding(pageKeys.filter { $0 != .character(" ") }, .scroll, footer: "↑↓ scroll", rank: 2, names: "Up/Down, PgUp/PgDn", help: "scroll the story"),
        KeyBinding(chooseKeys, .choose, footer: "Enter start", names: "Enter or Space", help: "walk the case as you would a real one"),
        KeyBinding(backKeys, .back, footer: "Esc back", names: "Esc or Backspace", help: "back to the list"),
      ]
    case .debrief:
      return [
        KeyBinding(pageKeys.filter { $0 != .character(" ") }, .scroll, footer: "↑↓ PgUp PgDn scroll", rank: 2, names: "Up/Down, PgUp/PgDn", help: "scroll"),
        KeyBinding([.enter] + backKeys, .choose, footer: "Enter scenario list", names: "Enter or Esc", help: "back to the list of scenarios"),
      ]
    }
  }

  /// t on the step and report screens: when the information was received (the report panel
  /// says so; the footer has no room for it).
  static func informationReceivedKey(_ app: AppState) -> KeyBinding {
    KeyBinding(
      [.character("t")], .informationReceived, footer: nil, names: "t",
      help: app.session?.countsFromInformationReceived == true
        ? "record or change when the information was received: the written report's deadline counts from it"
        : "nothing: this protocol has no rule that counts from when the information was received")
  }

  /// The action of `key` on the screen shown now (the screen's table first, then the keys of
  /// every screen), or nil: the key does nothing here.
  public static func action(for key: Key, in app: AppState) -> KeyAction? {
    for binding in screen(app) + global(app) where binding.matches(key) { return binding.action }
    return nil
  }

  /// The footer's words: the screen's keys, with the keys of every screen around them.
  public static func footer(_ app: AppState) -> [String] { footerItems(app).map(\.text) }

  /// The footer's pieces with their ranks, for `Footer.line` to fit to the window.
  public static func footerItems(_ app: AppState) -> [FooterItem] {
    let global = global(app)
    let first = global.filter { $0.action == .hideScreen || $0.action == .story }
    let last = global.filter { $0.action != .hideScreen && $0.action != .story }
    return (first + screen(app) + last).compactMap(\.footerItem)
  }

  // MARK: - Dialogs

  /// The keys of a dialog over the screen (a form, a question, a page read over the case), for
  /// its footer and for the help opened over it. `update` handles dialogs in ModalUpdate and
  /// Form; KeyBindingTests presses each key listed here and checks it does what the row says.
  public static func dialog(_ modal: Modal) -> [KeyBinding] {
    let scroll = KeyBinding(
      [.up, .down, .character("k"), .character("j"), .pageUp, .pageDown], .scroll, footer: "↑↓ scroll", rank: 2,
      names: "Up/Down or j/k, PgUp/PgDn", help: "scroll")
    let help = KeyBinding([.character("?"), .f1], .help, footer: "? help", rank: 0, names: "? or F1", help: "the help, which returns here")
    switch modal {
    case .help:
      return [scroll, KeyBinding([], .close, footer: "any other key closes help", rank: 0, names: "any other key", help: "close the help")]
    case .reference:
      return [
        KeyBinding(scroll.keys, .scroll, footer: "↑↓ PgUp PgDn scroll", rank: 2, names: scroll.names, help: "scroll"), help,
        KeyBinding([], .close, footer: "any other key closes the reference", rank: 0, names: "any other key (or Ctrl-R again)", help: "close the reference and go back"),
      ]
    case .story:
      return [scroll, help, KeyBinding([], .close, footer: "any other key returns to the case", rank: 0, names: "any other key", help: "back to the case")]
    case .newInformation:
      return [
        scroll, help,
        KeyBinding([.enter, .escape], .close, footer: "Enter return to the case", rank: 0, names: "Enter or Esc", help: "back to the case (other keys do nothing, so the news is not missed)"),
      ]
    case .confirmQuit, .confirmFinish:
      return [
        KeyBinding([.character("y"), .character("Y")], .yes, footer: "y yes", rank: 0, names: "y", help: "yes"),
        KeyBinding([], .no, footer: "any other key: no", rank: 0, names: "any other key", help: "no"),
      ]
    case .form(let form) where form.confirmingDiscard:
      return [
        KeyBinding([.character("y"), .character("Y")], .cancel, footer: "y discard", rank: 0, names: "y", help: "discard what was typed and close the form"),
        KeyBinding([], .no, footer: "any other key: keep", rank: 0, names: "any other key", help: "keep the form and what was typed"),
      ]
    case .form(let form):
      // Ctrl-D does what the form's first button says: save, continue, open, export.
      let verb = form.submitLabel.split(separator: " ").first.map { $0.lowercased() } ?? "save"
      return [
        KeyBinding([.tab], .nextField, footer: "Tab next field", names: "Tab", help: "the next field, then the buttons"),
        KeyBinding([.backTab], .previousField, footer: "Shift-Tab back", rank: 2, names: "Shift-Tab", help: "the field before"),
        KeyBinding(
          [.up, .down], .move, footer: nil, names: "Up/Down, or the option's number",
          help: "in a list of options (( ) and (*)), choose another; in a note of several lines, move between its lines"),
        KeyBinding(
          [.control("d")], .save, footer: "Ctrl-D \(verb)", rank: 0, names: "Ctrl-D (or Enter on the first button)",
          help: "\(form.submitLabel.lowercased()): carry the form out"),
        KeyBinding(
          [.escape], .cancel, footer: "Esc cancel", rank: 0, names: "Esc (or Enter on Cancel)",
          help: "cancel (asks first when something was typed)"),
        KeyBinding([.f1], .help, footer: "F1 help", rank: 0, names: "F1", help: "the help; ? is typed as text here"),
        KeyBinding([AppState.referenceKey], .reference, footer: nil, names: "Ctrl-R", help: "the reference, which returns to the form"),
      ]
    }
  }
}
