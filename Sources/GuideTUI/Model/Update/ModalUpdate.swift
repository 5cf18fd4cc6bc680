import GuideEngine

extension AppState {
  // MARK: Dialogs and text over the screen

  mutating func updateModal(_ modal: Modal, _ key: Key, now: Timestamp) -> [Effect] {
    // The reference opens over the text overlays too (in forms, letters are typed: Ctrl-R).
    if key == .character("i") {
      switch modal {
      case .help, .story, .newInformation:
        referencePage.scroll = 0
        self.modal = .reference(over: modal)
        return []
      default:
        break
      }
    }
    switch modal {
    case .help:
      switch key {
      case .down, .character("j"): helpPage.scroll += 1
      case .up, .character("k"): helpPage.scroll = max(0, helpPage.scroll - 1)
      case .pageDown: helpPage.scroll += 10
      case .pageUp: helpPage.scroll = max(0, helpPage.scroll - 10)
      default:
        self.modal = helpReturn
        helpReturn = nil
      }
    case .reference(let over):
      if !Self.scroll(&referencePage.scroll, key: key) { self.modal = over }
    case .story:
      if !Self.scroll(&referencePage.scroll, key: key) { self.modal = nil }
    case .newInformation:
      // Only Enter or Esc closes it: a key pressed in passing must not hide what changed.
      if !Self.scroll(&referencePage.scroll, key: key), key == .enter || key == .escape { self.modal = nil }
    case .confirmQuit:
      if key == .character("y") || key == .character("Y") { return [.quit] }
      self.modal = quitReturn
      quitReturn = nil
    case .confirmFinish:
      self.modal = nil
      if key == .character("y") || key == .character("Y"), send(.finished, now: now) {
        if var training {
          training.scroll = 0
          self.training = training
          route = .debrief
        } else {
          route = .review
          status = "The case is finished. Press s to save the summary."
            + (session.map(PendingReport.isPending) == true
              ? " Its written report is pending: the case stays in its encrypted draft until m marks it sent or closes the case." : "")
        }
      }
    case .form(var form):
      switch form.handle(key) {
      case .stay:
        self.modal = .form(form)
      case .cancel:
        self.modal = nil
        // Skipping when the information was received goes on to the form that was asked for.
        if case .informationReceived(let next?) = form.purpose { self.modal = .form(next) }
        if form.purpose == .continueOlderCopy {
          // Left as it is: nothing was written to it; the newer copy can still be looked for.
          olderCopy = nil
          status = "The draft was left as it is."
          return [.releaseOpenedDraft]
        }
        if form.purpose == .setPassphrase {
          // No passphrase, no real case: back to the protocol choice, nothing recorded.
          session = nil
          route = .start
        }
      case .save:
        if let missing = form.missingField {
          form.error = "'\(missing.label)' is needed."
          self.modal = .form(form)
        } else {
          switch submit(form, now: now) {
          case .refused(let error):
            form.error = error
            self.modal = .form(form)
          case .done(let effects):
            self.modal = nil
            return effects
          case .next(let next):
            self.modal = .form(next)
          }
        }
      }
    }
    return []
  }
}
