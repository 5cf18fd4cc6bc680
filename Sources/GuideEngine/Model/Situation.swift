/// The situations a school may face. Their raw values are the one vocabulary of pathway ids that
/// every protocol file uses, so that protocols differ in what they cover, never in their words.
public enum Situation: String, CaseIterable, Sendable, Hashable, Comparable {
  case atRisk = "at-risk"
  case suspectedRecruitment = "suspected-recruitment"
  case suspectedVictim = "suspected-victim"
  case confirmedVictim = "confirmed-victim"

  /// The name shown to the user.
  public var title: String {
    switch self {
    case .atRisk: return "At risk"
    case .suspectedRecruitment: return "Suspected recruitment or exploitation by a student"
    case .suspectedVictim: return "Suspected victim"
    case .confirmedVictim: return "Confirmed victim"
    }
  }

  /// One line on when the situation applies.
  public var whenItApplies: String {
    switch self {
    case .atRisk:
      return "At-risk factors or indicators are present; no exploitation is suspected yet."
    case .suspectedRecruitment:
      return "A student may be recruiting or exploiting other students."
    case .suspectedVictim:
      return "You suspect the student is being exploited or trafficked."
    case .confirmedVictim:
      return "The student's exploitation or trafficking has been confirmed."
    }
  }

  /// How serious the situation is: a case may escalate only to an equal or higher rank.
  public var rank: Int {
    switch self {
    case .atRisk: return 0
    case .suspectedRecruitment, .suspectedVictim: return 1
    case .confirmedVictim: return 2
    }
  }

  public static func < (lhs: Situation, rhs: Situation) -> Bool {
    allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
  }

  /// The vocabulary, for messages: "at-risk, suspected-recruitment, ...".
  public static var vocabulary: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
