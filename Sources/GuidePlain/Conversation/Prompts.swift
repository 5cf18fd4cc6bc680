import GuideEngine

/// One answer a menu accepts: a number from a list, or a letter for an action.
struct MenuChoice {
  var key: String
  var label: String
  var detail: String?
  /// Other words accepted for it ("done" for d); the first also names it in a short list.
  var words: [String] = []
  /// How the answer is said back when a number follows the key ("go to step" for "g 4").
  var withArgument: String?

  init(_ key: String, _ label: String, detail: String? = nil, words: [String] = [], withArgument: String? = nil) {
    self.key = key
    self.label = label
    self.detail = detail
    self.words = words
    self.withArgument = withArgument
  }
}

/// How a menu's answers are shown before its question.
enum MenuListing {
  /// One line for each answer.
  case full
  /// One line naming them all ("d done, x na, ..."): for a question asked again and again,
  /// such as the action on each step, so a screen reader is not read the whole list each time.
  case compact
  case none
}

extension PlainGuide {
  /// Reads one answer. The global commands (help, reference, quit, and the story in training)
  /// are carried out here and the question asked again; `#` lines are comments; a leading
  /// backslash makes the rest literal (`\q` is the answer "q"). Inside a form, `cancel` cancels it.
  mutating func ask(_ prompt: String, help: [String], globals: Bool = true, cancellable: Bool = false) throws(PlainStop) -> String {
    var showPrompt = true
    while true {
      if showPrompt { io.write(PlainText.printable(prompt) + " ") }
      showPrompt = true
      guard let raw = io.readLine() else {
        if !io.inputIsEchoed { io.write("\n") }
        throw .inputEnded
      }
      let line = PlainText.typed(raw).trimmingWhitespace()
      if line.hasPrefix("#") {
        // A comment in an answers file: not an answer, and not shown.
        showPrompt = io.inputIsEchoed
        continue
      }
      if !io.inputIsEchoed { io.write(line + "\n") }
      if globals {
        switch line.lowercased() {
        case "?", "help":
          showHelp(help, cancellable: cancellable)
          continue
        case "r", "reference":
          showReference()
          continue
        case "q", "quit":
          try confirmQuit()
          continue
        case "v" where training != nil, "story" where training != nil:
          showStory()
          continue
        default:
          break
        }
      }
      if cancellable, line.lowercased() == "cancel" { throw .cancelled }
      return line.hasPrefix("\\") ? String(line.dropFirst()) : line
    }
  }

  /// Lists `choices` (when `list` is set) and reads until one of them is typed. A menu that
  /// accepts `numbers` also takes a bare number (returned with the key "#"). The answer is said
  /// back: "Chosen: 2. Suspected victim".
  mutating func menu(
    _ choices: [MenuChoice], prompt: String, help: [String], listing: MenuListing = .full,
    numbers: ClosedRange<Int>? = nil, cancellable: Bool = false
  ) throws(PlainStop) -> (key: String, argument: String) {
    switch listing {
    case .full: listChoices(choices)
    case .compact:
      say("Actions: " + choices.map { "\($0.key) \($0.words.first ?? $0.label)" }.joined(separator: ", ") + "; ? explains them.")
    case .none: break
    }
    while true {
      let answer = try ask(prompt, help: help + choices.map { "\($0.key). \($0.label)" }, cancellable: cancellable)
      let parts = answer.split(separator: " ", maxSplits: 1).map(String.init)
      let word = parts.first?.lowercased() ?? ""
      let argument = parts.count > 1 ? parts[1].trimmingWhitespace() : ""
      if let choice = choices.first(where: { $0.key == word || $0.words.contains(word) }) {
        if let withArgument = choice.withArgument, !argument.isEmpty {
          say("Chosen: \(withArgument) \(argument).")
        } else {
          say("Chosen: \(choice.key). \(choice.label)")
        }
        return (choice.key, argument)
      }
      if let numbers, let n = Int(answer), numbers.contains(n) { return ("#", answer) }
      say(answer.isEmpty ? "Type one of the answers: \(describe(choices, numbers))." : "'\(answer)' is not one of the answers here: type \(describe(choices, numbers)).")
    }
  }

  private func describe(_ choices: [MenuChoice], _ numbers: ClosedRange<Int>?) -> String {
    let numbered = choices.filter { Int($0.key) != nil }
    let letters = choices.filter { Int($0.key) == nil }.map(\.key)
    var parts: [String] = []
    if let first = numbered.first, let last = numbered.last {
      parts.append(first.key == last.key ? "the number \(first.key)" : "a number from \(first.key) to \(last.key)")
    } else if let numbers {
      parts.append("a number from \(numbers.lowerBound) to \(numbers.upperBound)")
    }
    if !letters.isEmpty { parts.append((letters.count == 1 ? "the letter " : "one of the letters ") + letters.joined(separator: ", ")) }
    return parts.joined(separator: ", or ") + " (? for help)"
  }

  mutating func listChoices(_ choices: [MenuChoice]) {
    for choice in choices {
      say("  \(choice.key). \(choice.label)")
      if let detail = choice.detail { say("     \(detail)") }
    }
  }

  /// A numbered list: returns the index chosen.
  mutating func choose(
    prompt: String, _ labels: [String], details: [String?] = [], help: [String], cancellable: Bool = false
  ) throws(PlainStop) -> Int {
    let choices = labels.enumerated().map { i, label in
      MenuChoice("\(i + 1)", label, detail: details.indices.contains(i) ? details[i] : nil)
    }
    let (key, _) = try menu(choices, prompt: prompt, help: help, cancellable: cancellable)
    return (Int(key) ?? 1) - 1
  }

  /// A yes-or-no question; the answer is said back as `yes` or `no` words.
  mutating func yesNo(
    _ prompt: String, help: [String], saying words: (yes: String, no: String) = ("yes", "no"), globals: Bool = true
  ) throws(PlainStop) -> Bool {
    while true {
      switch try ask(prompt + " (y or n):", help: help + ["Type y for yes or n for no."], globals: globals).lowercased() {
      case "y", "yes":
        say("Answer: \(words.yes).")
        return true
      case "n", "no":
        say("Answer: \(words.no).")
        return false
      default:
        say("Type y for yes or n for no.")
      }
    }
  }

  /// A field of a form: one line of text. An empty line keeps `initial`, or leaves an optional
  /// field empty; a needed field asks again. `cancel` cancels the form.
  mutating func text(
    _ label: String, needed: Bool = false, initial: String? = nil, hint: String? = nil, help: [String] = []
  ) throws(PlainStop) -> String {
    let prompt: String
    if let initial, !initial.isEmpty {
      prompt = "\(label) [\(initial)] (Enter keeps it):"
    } else {
      prompt = "\(label) (\(needed ? "needed" : "optional, Enter for none")):"
    }
    if let hint { say(hint) }
    let fieldHelp = help + [
      "Type it on one line and press Enter." + (needed ? "" : " An empty line leaves it empty."),
      "Type cancel to go back without recording anything.",
    ]
    while true {
      var value = try ask(prompt, help: fieldHelp, cancellable: true)
      if value.isEmpty, let initial { value = initial }
      if value.isEmpty, needed {
        say("'\(label)' is needed: type it, or type cancel to go back.")
        continue
      }
      say("\(label): \(value.isEmpty ? "none" : value)")
      return value
    }
  }

  /// Ends a form that was cancelled (`cancel` typed in it) with nothing recorded; any other
  /// stop goes on up.
  mutating func cancelled(_ stop: PlainStop) throws(PlainStop) {
    guard stop == .cancelled else { throw stop }
    say("Cancelled: nothing was recorded.")
  }
}
