import GuideEngine
import Testing

@Suite struct ScreeningTests {
  @Test func oneCriterionOneFactorMeetsTheConcern() throws {
    let screening = try #require(try Fixtures.guide("san-mateo").screening)
    let c1 = screening.criteria[0]
    var answers = ScreeningAnswers()
    answers.set(criterion: c1.id, item: c1.items[0].id, present: true)
    let result = screening.evaluate(answers)
    #expect(result.determination == .met)
    #expect(result.leadsTo == .atRisk)
    #expect(result.reason.contains("Criterion 1 met: 1 of 3 factors present (at least 1 needed): \(c1.items[0].short)"))
  }

  @Test func oneCriterionTwoIndicatorIsNotEnough() throws {
    let screening = try #require(try Fixtures.guide("orange-county").screening)
    let c2 = screening.criteria[1]
    var answers = ScreeningAnswers()
    answers.set(criterion: c2.id, item: c2.items[2].id, present: true)
    let result = screening.evaluate(answers)
    #expect(result.determination == .notMet)
    #expect(result.leadsTo == nil)
    #expect(result.reason.hasPrefix("At-risk concern not met: no criterion reached its minimum."))
    #expect(result.reason.contains("Criterion 2 not met: 1 of 5"))
  }

  @Test func twoCriterionTwoIndicatorsMeetTheConcern() throws {
    let screening = try #require(try Fixtures.guide("san-mateo").screening)
    let c2 = screening.criteria[1]
    var answers = ScreeningAnswers()
    answers.set(criterion: c2.id, item: c2.items[0].id, present: true)
    answers.set(criterion: c2.id, item: c2.items[4].id, present: true)
    let result = screening.evaluate(answers)
    #expect(result.determination == .met)
    #expect(result.criteria[1].met == true)
    #expect(result.criteria[0].met == false)
    #expect(result.reason.contains("Criterion 2 met: 2 of 5 indicators present (at least 2 needed)"))
  }

  @Test func unsettingAnItemUndoesIt() throws {
    let screening = try #require(try Fixtures.guide("san-mateo").screening)
    let c1 = screening.criteria[0]
    var answers = ScreeningAnswers()
    answers.set(criterion: c1.id, item: c1.items[1].id, present: true)
    answers.set(criterion: c1.id, item: c1.items[1].id, present: false)
    #expect(answers.isEmpty)
    #expect(screening.evaluate(answers).determination == .notMet)
  }

  @Test func observationChecklistsDecideNothing() throws {
    let screening = try #require(try Fixtures.guide("us-ed-sample").screening)
    #expect(screening.isObservationOnly)
    var answers = ScreeningAnswers()
    for item in screening.criteria[0].items.prefix(5) {
      answers.set(criterion: screening.criteria[0].id, item: item.id, present: true)
    }
    let result = screening.evaluate(answers)
    #expect(result.determination == .observationsRecorded)
    #expect(result.leadsTo == nil)
    #expect(result.reason == "5 observations recorded; this checklist sets no threshold.")
  }

  @Test func allCriteriaRuleNeedsEveryCriterion() throws {
    var screening = try #require(try Fixtures.guide("san-mateo").screening)
    screening.rule = .allCriteria
    let c1 = screening.criteria[0]
    var answers = ScreeningAnswers()
    answers.set(criterion: c1.id, item: c1.items[0].id, present: true)
    #expect(screening.evaluate(answers).determination == .notMet)
    for item in screening.criteria[1].items.prefix(2) {
      answers.set(criterion: screening.criteria[1].id, item: item.id, present: true)
    }
    #expect(screening.evaluate(answers).determination == .met)
  }

  /// Exhaustive over every subset of San Mateo's eight items: the determination is met exactly
  /// when at least one criterion-1 factor or at least two criterion-2 indicators are present.
  @Test func determinationMatchesTheRuleForEverySubset() throws {
    let screening = try #require(try Fixtures.guide("san-mateo").screening)
    let c1 = screening.criteria[0]
    let c2 = screening.criteria[1]
    let all = c1.items.map { (c1.id, $0.id) } + c2.items.map { (c2.id, $0.id) }
    #expect(all.count == 8)
    for mask in 0..<(1 << all.count) {
      var answers = ScreeningAnswers()
      var count1 = 0
      var count2 = 0
      for (i, (criterion, item)) in all.enumerated() where mask & (1 << i) != 0 {
        answers.set(criterion: criterion, item: item, present: true)
        if criterion == c1.id { count1 += 1 } else { count2 += 1 }
      }
      let expected: ScreeningResult.Determination = (count1 >= 1 || count2 >= 2) ? .met : .notMet
      #expect(screening.evaluate(answers).determination == expected, "mask \(mask)")
    }
  }
}
