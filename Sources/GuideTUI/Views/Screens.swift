import GuideEngine

/// Draws the whole window from the app state: a pure function into a `CellBuffer`, so every
/// screen can be tested without a terminal (ratatui's buffer-then-diff; curses sends the diff).
public enum Screens {
  /// Below this the screens cannot show a step legibly: a message asks for a larger window.
  public static let minimumWidth = 60
  public static let minimumHeight = 18

  public static func render(_ app: AppState, width: Int, height: Int, charset: TerminalCharset = .utf8) -> CellBuffer {
    var buffer = CellBuffer(width: width, height: height, charset: charset)
    guard width >= minimumWidth, height >= minimumHeight else {
      drawTooSmall(app, into: &buffer)
      return buffer
    }
    if let lock = app.lock {
      drawLock(lock, into: &buffer)
      return buffer
    }
    let footer = footerLine(app, width: width, charset: charset)
    let statusRow = height - 2
    drawTitle(app, into: &buffer)
    let bodyTop = 2
    let bodyHeight = statusRow - bodyTop
    // Long-form text (stories, debrief, reference, summary) stays at a readable measure on a
    // wide projector window; lists and forms use the whole width.
    var page = Page(width: isDocument(app) ? min(width - 2, 100) : width - 2)
    var scroll = 0
    var bottom: [String] = []

    // The quit question is asked over what it interrupted: a form stays in view behind it.
    let shown = app.modal == .confirmQuit ? app.quitReturn : app.modal
    switch shown {
    case .help?:
      help(app, into: &page)
      scroll = app.helpPage.scroll
    case .form(let form)?:
      formPage(form, into: &page)
    case .reference?:
      reference(app, into: &page)
      scroll = app.referencePage.scroll
    case .story?:
      story(app, into: &page)
      scroll = app.referencePage.scroll
    case .newInformation?:
      newInformation(app, into: &page)
      scroll = app.referencePage.scroll
    case .confirmFinish? where !(app.session?.finishWarnings(now: app.clock).isEmpty ?? true):
      finishCheck(app, into: &page)
    default:
      switch app.screen {
      case .start: start(app, into: &page)
      case .drafts: drafts(app, into: &page)
      case .situation: situation(app, into: &page)
      case .screening: bottom = screening(app, into: &page)
      case .notCovered: notCovered(app, into: &page)
      case .step: step(app, into: &page)
        scroll = app.stepPage.scroll
        bottom = reportPanel(app)
      case .report:
        report(app, into: &page)
        bottom = reportPanel(app)
      case .review:
        review(app, into: &page)
        scroll = app.reviewPage.scroll
      case .scenarios: scenarios(app, into: &page)
      case .briefing:
        briefing(app, into: &page)
        scroll = app.training?.scroll ?? 0
      case .debrief:
        debrief(app, into: &page)
        scroll = app.training?.scroll ?? 0
      }
    }
    var bottomLines = bottom.flatMap { TextWrap.lines($0, width: width - 2) }.prefix(max(0, bodyHeight - 6))
    if bottomLines.count + 1 > bodyHeight / 3, !bottom.isEmpty, [.step, .report].contains(app.screen), app.modal == nil {
      bottomLines = reportPanelShort(app).flatMap { TextWrap.lines($0, width: width - 2) }.prefix(max(0, bodyHeight - 6))
    }
    if !bottomLines.isEmpty {
      let ruleRow = statusRow - bottomLines.count - 1
      buffer.put(String(repeating: "─", count: width - 2), row: ruleRow, column: 1, style: CellStyle(dim: true))
      for (i, line) in bottomLines.enumerated() {
        buffer.put(line, row: ruleRow + 1 + i, column: 1, style: i == 0 ? .heading : .plain)
      }
    }
    buffer.cursor = (bodyTop, 1)
    buffer.scroll = page.draw(
      into: &buffer, top: bodyTop, height: bodyHeight - (bottomLines.isEmpty ? 0 : bottomLines.count + 1), left: 1,
      scroll: scroll)
    if app.training != nil {
      // On every training screen, under the title: never mistaken for a real case.
      buffer.put(trainingBanner, row: 1, column: 1, style: .heading, limit: width - 15)
    }
    drawStatus(app, into: &buffer, row: statusRow)
    buffer.put(footer, row: statusRow + 1, column: 0, style: .plain)
    return buffer
  }

  static func isDocument(_ app: AppState) -> Bool {
    switch app.modal {
    case .reference?, .story?, .newInformation?, .help?: return true
    case .form?: return false
    case .confirmQuit?, .confirmFinish?, nil: return [.briefing, .debrief, .review].contains(app.screen)
    }
  }

  // MARK: - Frame

  static func drawTooSmall(_ app: AppState, into buffer: inout CellBuffer) {
    var message = "Please enlarge the window to at least \(minimumWidth) columns by \(minimumHeight) lines (it is \(buffer.width) by \(buffer.height) now). Nothing is lost."
    // Keys do nothing here but quit and hide: say so, and ask the quit question here too.
    message += app.modal == .confirmQuit
      ? " " + quitQuestion(app)
      : " Ctrl-C quits" + (app.canHide ? ", Ctrl-G hides the screen." : ".")
    let lines = TextWrap.lines(message, width: max(1, buffer.width - 2))
    let top = max(0, (buffer.height - lines.count) / 2)
    for (i, line) in lines.enumerated() where top + i < buffer.height {
      buffer.put(line, row: top + i, column: max(0, (buffer.width - line.count) / 2), style: .heading)
    }
    buffer.cursor = (top, 0)
  }

  /// The lock screen shows nothing of the case: not the protocol, not the reference.
  static func drawLock(_ lock: LockScreen, into buffer: inout CellBuffer) {
    buffer.fill(row: 0, style: .focused)
    // Neutral to a passer-by: nothing says what program runs or what it is about.
    buffer.put(" Locked", row: 0, column: 0, style: .focused)
    var row = max(2, buffer.height / 2 - 3)
    let lines = TextWrap.lines(lock.reason + " Type the passphrase and press Enter to continue.", width: buffer.width - 4)
    for line in lines {
      buffer.put(line, row: row, column: 2, style: .heading)
      row += 1
    }
    row += 1
    let dots = String(repeating: buffer.charset == .utf8 ? "•" : "*", count: min(lock.passphrase.text.count, buffer.width - 16))
    let end = buffer.put("Passphrase: " + dots, row: row, column: 2)
    buffer.cursor = (row, min(buffer.width - 1, end))
    if let message = lock.message {
      buffer.put(message + (lock.failedAttempts > 0 ? " (\(lock.failedAttempts) of 3 tries)" : ""), row: row + 2, column: 2, style: .heading)
    }
    buffer.put(" Enter unlock", row: buffer.height - 1, column: 0)
  }

  static func drawTitle(_ app: AppState, into buffer: inout CellBuffer) {
    buffer.fill(row: 0, style: .focused)
    // The keys that work on every screen, always in the same place; in a form letters are
    // typed, so only the control key opens the reference there.
    var keys = "i reference  ? help "
    if case .form? = app.modal { keys = "^R reference " }
    // Where the user is matters most: when the line is too narrow, the program's name goes
    // first, then the protocol, then the case reference; only then is the screen's title cut.
    var parts = ["csec-guide"]
    if let session = app.session { parts.append(session.guide.id) }
    if let reference = app.session?.state.reference { parts.append("ref \(reference)") }
    let screen = screenTitle(app)
    let room = buffer.width - keys.count - 2
    while parts.count > 0, DisplayWidth.of(" " + (parts + [screen]).joined(separator: " · ")) > room {
      parts.removeFirst()
    }
    let title = " " + (parts + [screen]).joined(separator: " · ")
    buffer.put(title, row: 0, column: 0, style: .focused, limit: room)
    buffer.put(keys, row: 0, column: buffer.width - keys.count, style: .focused)
  }

  static func screenTitle(_ app: AppState) -> String {
    switch app.modal {
    case .help?: return "Help"
    case .form(let form)?: return form.title
    case .reference?: return "Reference"
    case .story?: return "The story"
    case .newInformation?: return "New information"
    default: break
    }
    switch app.screen {
    case .start: return "Choose the protocol"
    case .drafts: return "Resume a case"
    case .situation: return "Situation"
    case .screening: return "At-risk screening"
    case .notCovered: return "Not covered by this protocol"
    case .step:
      guard let session = app.session, let pathway = session.pathway else { return "Step" }
      return "Step \(session.state.currentStepIndex + 1) of \(pathway.steps.count)"
    case .report: return app.session?.guide.mandatedReport == nil ? "Report decision" : "Mandated report"
    case .review: return app.session?.state.isFinished == true ? "Summary (finished)" : "Review the summary"
    case .scenarios: return "Training scenarios"
    case .briefing: return "Scenario"
    case .debrief: return "Debrief"
    }
  }

  /// The quit question, the same at every size: what quitting now would lose or keep.
  static func quitQuestion(_ app: AppState) -> String {
    if app.training != nil {
      return "Leave the training walkthrough? Nothing is saved in training. y quits; any other key stays."
    }
    var text = "Quit now? "
    if app.wouldLoseWork {
      text += app.draft.keepsCase
        ? (app.session.map(DraftKeeper.afterQuitting) ?? "")
        : "What this case recorded since the summary was last saved will be lost."
    }
    if app.formHasTypedText { text += (app.wouldLoseWork ? " " : "") + "What you typed in the form is lost." }
    return text + " y quits; any other key stays."
  }

  static func drawStatus(_ app: AppState, into buffer: inout CellBuffer, row: Int) {
    var text: String?
    switch app.modal {
    case .confirmQuit?:
      text = quitQuestion(app)
    case .confirmFinish?:
      let warnings = app.session?.finishWarnings(now: app.clock) ?? []
      text = (warnings.isEmpty ? "Finish the case?" : "Finish the case anyway, with what is listed above?")
        + " A finished case cannot be changed. y finishes; any other key goes back."
    case .form(let form)?:
      if form.confirmingDiscard { text = "Discard what you typed? y discards, any other key keeps it." } else if let error = form.error {
        text = "! " + error
      } else if let notice = form.notice {
        text = "! " + notice
      }
    default:
      // A page read over the screen (the help, the reference, the story) is not covered by the
      // last status line; it shows again when the page closes.
      let reading = app.modal.map { $0 == .help || AppState.isReadingPage($0) } ?? false
      text = reading ? nil : app.status
    }
    guard let text else { return }
    // The status may cover the "more below" mark: what just happened matters more.
    // A long message takes the rows above as well (up to four at 24 lines, three at 18), so a
    // question or a resumed case's report status is not cut off; it goes with the next key.
    var lines = TextWrap.lines(text, width: buffer.width - 2)
    let most = max(2, min(4, buffer.height / 6))
    if lines.count > most { lines = Array(lines.prefix(most - 1)) + [lines[most - 1] + "…"] }
    let first = row - lines.count + 1
    for (i, line) in lines.enumerated() {
      buffer.fill(row: first + i, style: .plain)
      buffer.put(String(repeating: " ", count: buffer.width), row: first + i, column: 0)
      buffer.put(line, row: first + i, column: 1, style: .heading)
    }
    if case .confirmQuit? = app.modal { buffer.cursor = (first, 1) }
    if case .confirmFinish? = app.modal { buffer.cursor = (first, 1) }
  }

  /// The keys that work on this screen, in one line (`Footer` says which give way when narrow).
  static func footerLine(_ app: AppState, width: Int, charset: TerminalCharset = .utf8) -> String {
    // The bottom-right cell is never drawn (a terminal may scroll when it is written), so the
    // footer ends one column short of the edge.
    Footer.line(footerItems(app), width: width - 1, charset: charset)
  }

  /// The footer's pieces on this screen or dialog, before they are fitted to the window.
  static func footerItems(_ app: AppState) -> [FooterItem] {
    var items: [FooterItem]
    if app.lock != nil { return [FooterItem("Enter unlock", rank: 0)] }
    if let modal = app.modal {
      // The dialog's table, which the help opened over it reads too.
      items = KeyBindings.dialog(modal).compactMap(\.footerItem)
    } else {
      // The screen's table of key bindings, which the key handling and the help read too.
      items = KeyBindings.footerItems(app)
    }
    // Ctrl-G works over every dialog too; help says so itself.
    if app.modal != nil, app.modal != .help, app.canHide {
      items.insert(FooterItem("^G hide", rank: 0), at: 0)
    }
    return items
  }
}
