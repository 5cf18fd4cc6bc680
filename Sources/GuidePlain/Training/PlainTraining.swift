import GuideEngine

extension PlainGuide {
  /// A training walkthrough: choose a scenario (or take `scenarioID`), read the story, walk the
  /// case with the real protocol, then the debrief with the score. Nothing is saved.
  public mutating func runTraining(_ scenarios: [TrainingScenario], scenarioID: String? = nil) -> PlainOutcome {
    say("csec-guide training, plain mode: one question at a time. Type the answer and press Enter.")
    say(Self.globalHint + " v shows the story again.")
    do throws(PlainStop) {
      repeat {
        // The last walkthrough is dropped when the next one is chosen (kept for its debrief
        // until then).
        current = nil
        training = nil
        let scenario: TrainingScenario
        if let id = scenarioID, let chosen = scenarios.first(where: { $0.id == id }) {
          scenario = chosen
        } else {
          guard let chosen = try chooseScenario(scenarios) else { return PlainOutcome(status: 0, messages: []) }
          scenario = chosen
        }
        guard let guide = guides.first(where: { $0.id == scenario.protocolID }) else {
          say("This scenario walks the protocol '\(scenario.protocolID)', which is not loaded.")
          if scenarioID != nil { return PlainOutcome(status: 0, messages: []) }
          continue
        }
        training = TrainingRun(scenario: scenario)
        say()
        say(document: scenario.briefingDocument(protocolTitle: guide.title))
        say("End of the story. Walk the case as you would a real one.")
        open(guide, mode: .training)
        try walkCase()
      } while scenarioID == nil
      if let refusal { return ended(by: refusal) }
      return PlainOutcome(status: 0, messages: [])
    } catch {
      return ended(by: error)
    }
  }

  private mutating func chooseScenario(_ scenarios: [TrainingScenario]) throws(PlainStop) -> TrainingScenario? {
    guard !scenarios.isEmpty else {
      say("There are no training scenarios.")
      return nil
    }
    say()
    say("TRAINING: a fictional case. Nothing is saved.")
    say("Which scenario?")
    let index = try choose(
      prompt: "Scenario (1-\(scenarios.count)):", scenarios.map(\.title),
      details: scenarios.map { scenario in
        scenario.setting(guides.first { $0.id == scenario.protocolID }) + "."
      },
      help: ["Each scenario is a fictional case walked with a real protocol. Nothing is saved."])
    return scenarios[index]
  }

  /// The trainee's choices compared with the expected ones, the score, and the debrief points.
  mutating func debrief() {
    guard let run = training, let open = current else { return }
    let assessment = run.scenario.assess(open.state, guide: open.guide)
    say()
    say(document: run.scenario.debriefDocument(assessment))
    say("End of the debrief. Score: \(assessment.scoreText).")
  }
}
