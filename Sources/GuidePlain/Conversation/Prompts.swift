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

extension String {
  /// "1." as "1": a number is typed as the list shows it. Anything else as it is.
  var numberWithoutPeriod: String {
    guard hasSuffix("."), Int(dropLast()) != nil else { return self }
    return String(dropLast())
  }

  /// A sentence to go inside another one: no final period, and no capital unless the second
  /// letter has one too ("The case is finished." to "the case is finished"; "SRO" stays).
  var asClause: String {
    let text = hasSuffix(".") ? String(dropLast()) : self
    guard let first = text.first, first.isUppercase, text.dropFirst().first?.isUppercase != true else { return text }
    return first.lowercased() + text.dropFirst()
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
  /// A line refused whole (too long, not UTF-8): from a script the run stops, as its answers are
  /// out of step with the questions; at a terminal the person is told why and asked again.
  private mutating func refuseLine(script: String, person: String) throws(PlainStop) {
    linesRead += 1
    if !io.inputIsEchoed { io.write("\n") }
    guard io.inputIsTerminal else { throw .doesNotFit("answers line \(linesRead): \(script)") }
    say(person)
  }

  /// Reads one answer. The global commands (help, reference, quit, and the story in training)
  /// are carried out here and the question asked again; `#` lines are comments; a leading
  /// backslash makes the rest literal (`\q` is the answer "q"). Inside a form, `cancel` cancels it.
  /// Ctrl-C, and Ctrl-D at a terminal, are taken as `q`; from a script the end of the input ends
  /// the conversation.
  mutating func ask(_ prompt: String, help: [String], globals: Bool = true, cancellable: Bool = false) throws(PlainStop) -> String {
    // A script's action was refused: stop before its next answer lands on the wrong question.
    if let refusal { throw refusal }
    var showPrompt = true
    while true {
      if showPrompt { io.write(PlainText.printable(prompt) + " ") }
      showPrompt = true
      let raw: String
      switch io.nextInput() {
      case .line(let line):
        raw = line
        linesRead += 1
      case .ended:
        io.write("\n")
        guard io.inputIsTerminal else { throw .inputEnded }
        try confirmQuit(.endOfInput)
        continue
      case .interrupted:
        io.write("\n")
        try confirmQuit(.interrupt)
        continue
      case .hangUp(let signal):
        io.write("\n")
        throw .signal(signal)
      case .tooLong(let limit):
        try refuseLine(
          script: "the line is longer than \(limit) bytes; it was refused whole, not split into answers",
          person: "That line is longer than \(limit) bytes and was not taken. Type a shorter answer.")
        continue
      case .notUTF8:
        try refuseLine(
          script: "the line is not UTF-8 text; it was refused whole",
          person: "That line has a letter that is not UTF-8, so none of it was taken: set the terminal to UTF-8 (most are), or type the letter without its accent. Type the answer again.")
        continue
      }
      let (typed, removed) = PlainText.typed(raw)
      let line = typed.trimmingWhitespace()
      if line.hasPrefix("#") {
        // A comment in an answers file: not an answer, and not shown.
        showPrompt = io.inputIsEchoed
        continue
      }
      if !io.inputIsEchoed { io.write(line + "\n") }
      if removed { say("Control characters were removed from what you typed.") }
      if let limit = io.terminalLineLimit, raw.utf8.count >= limit, try !keepCutLine(limit) {
        continue
      }
      lastPrompt = prompt
      lastAnswer = line
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

  /// A line typed at a terminal filled its line buffer: the terminal cut the rest off without a
  /// word. Says so; true keeps what was read, false has it typed again.
  private mutating func keepCutLine(_ limit: Int) throws(PlainStop) -> Bool {
    say("This line reached the terminal's limit of \(limit) characters: the rest was cut. Add the rest with another note.")
    let keep = try yesNo(
      "Keep the part that was read?",
      help: ["y keeps the line as it was cut (add the rest afterwards, with a note); n drops it, to type it again shorter."],
      globals: false)
    if !keep { say("Dropped: type the answer again.") }
    return keep
  }

  /// The answer just read does not fit its question. At a terminal, `message` says why and the
  /// caller asks again. From a script the run stops: the answers that follow were written for
  /// other questions, and would be recorded on the wrong ones. `why` adds a short reason.
  mutating func doesNotFit(_ message: String, why: String? = nil) throws(PlainStop) {
    guard io.inputIsTerminal else {
      var question = PlainText.printable(lastPrompt).trimmingWhitespace()
      if question.hasSuffix(":") { question.removeLast() }
      throw .doesNotFit(
        "answers line \(linesRead): \(quoted(lastAnswer)) does not answer '\(question)'" + (why.map { ": \($0)" } ?? ""))
    }
    say(message)
  }

  /// An answer as the messages quote it: 'maybe', or "an empty line".
  func quoted(_ answer: String) -> String { answer.isEmpty ? "an empty line" : "'\(answer)'" }

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
      // "1." is the number 1, as a list shows it.
      let word = (parts.first?.lowercased() ?? "").numberWithoutPeriod
      let argument = parts.count > 1 ? parts[1].trimmingWhitespace().numberWithoutPeriod : ""
      if let choice = choices.first(where: { $0.key == word || $0.words.contains(word) }) {
        if let withArgument = choice.withArgument, !argument.isEmpty {
          say("Chosen: \(withArgument) \(argument).")
        } else {
          say("Chosen: \(choice.key). \(choice.label)")
        }
        return (choice.key, argument)
      }
      if let numbers, parts.count == 1, let n = Int(word), numbers.contains(n) { return ("#", "\(n)") }
      try doesNotFit(answer.isEmpty ? "Type one of the answers: \(describe(choices, numbers))." : "'\(answer)' is not one of the answers here: type \(describe(choices, numbers)).")
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
        try doesNotFit("Type y for yes or n for no.")
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
        try doesNotFit("'\(label)' is needed: type it, or type cancel to go back.")
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
