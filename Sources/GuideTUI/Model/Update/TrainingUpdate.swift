import GuideEngine
import GuideSession

extension AppState {
  // MARK: Training: the scenarios, a scenario's story, the debrief

  mutating func updateScenarios(_ action: KeyAction, _ key: Key) -> [Effect] {
    guard var training else { return [] }
    defer { self.training = training }
    if action != .moveToNumber { training.typedNumber = "" }
    switch action {
    case .move:
      _ = Self.move(&training.listIndex, count: training.scenarios.count, key: key)
    case .moveToNumber:
      if let n = Self.number(key, count: training.scenarios.count, typed: &training.typedNumber) { training.listIndex = n }
    case .choose:
      guard training.scenarios.indices.contains(training.listIndex) else { return [] }
      training.active = training.scenarios[training.listIndex]
      training.newInformationShown = false
      training.scroll = 0
      route = .briefing
    case .quitHere:
      return [.quit]
    default:
      break
    }
    return []
  }

  mutating func updateBriefing(_ action: KeyAction, _ key: Key, now: Timestamp) {
    guard var training, let scenario = training.active else { return }
    switch action {
    case .scroll:
      _ = Self.scroll(&training.scroll, key: key)
      self.training = training
    case .choose:
      guard let guide = protocols.first(where: { $0.guide.id == scenario.protocolID })?.guide else {
        status = "This scenario walks the protocol '\(scenario.protocolID)', which is not loaded."
        return
      }
      session = CaseSession.opened(guide, mode: .training, at: now, zone: zone)
      training.newInformationShown = false
      self.training = training
      route = .casePhase
      situationScreen.index = 0
      screeningScreen.index = 0
      stepPage.scroll = 0
    case .back:
      training.active = nil
      self.training = training
      route = .scenarios
    default:
      break
    }
  }

  mutating func updateDebrief(_ action: KeyAction, _ key: Key) {
    guard var training else { return }
    switch action {
    case .scroll:
      _ = Self.scroll(&training.scroll, key: key)
      self.training = training
    case .choose:
      // The fictional case is dropped; the next scenario starts from the list.
      training.active = nil
      training.scroll = 0
      self.training = training
      session = nil
      route = .scenarios
    default:
      break
    }
  }
}
