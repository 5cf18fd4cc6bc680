import GuideEngine
import GuideSession

extension AppState {
  // MARK: Start: choosing the protocol

  mutating func updateStart(_ action: KeyAction, _ key: Key, now: Timestamp) -> [Effect] {
    if Self.moveInList(&startScreen, count: protocols.count, action, key) { return [] }
    switch action {
    case .choose:
      guard protocols.indices.contains(startScreen.index) else { return [] }
      let guide = protocols[startScreen.index].guide
      session = CaseSession.opened(guide, mode: .real, at: now, zone: zone)
      route = .casePhase
      situationScreen.index = 0
      if draft.enabled && !draft.hasPassphrase {
        modal = .form(Form(
          title: "Set a passphrase for this case",
          intro: [
            "Everything you record is saved at once to a draft encrypted with this passphrase, so a dropped connection loses nothing. The same passphrase unlocks the screen and resumes the case ('csec-guide resume').",
            "Use at least \(PassphraseRule.minimumLength) characters. It cannot be recovered: without it the draft cannot be opened.",
          ],
          fields: [.secret("Passphrase"), .secret("The same passphrase again")], purpose: .setPassphrase))
      }
      return [.rememberProtocol(guide.id)]
    case .quitHere:
      return [.quit]
    default:
      break
    }
    return []
  }

  // MARK: Drafts: resuming a case

  mutating func updateDrafts(_ action: KeyAction, _ key: Key) {
    if Self.moveInList(&draftScreen, count: drafts.count, action, key, longList: true) { return }
    switch action {
    case .choose:
      guard drafts.indices.contains(draftScreen.index) else { return }
      let chosen = drafts[draftScreen.index]
      if let problem = chosen.problem {
        status = "This draft cannot be opened: \(problem)"
        return
      }
      modal = .form(Form(
        title: "Resume case" + (chosen.reference.map { " \($0)" } ?? ""),
        intro: ["Type the passphrase set when the case started."],
        fields: [.secret("Passphrase")], purpose: .resume(id: chosen.id)))
    case .back:
      route = .start
    default:
      break
    }
  }
}
