import ArgumentParser
@testable import csec_guide
import Testing

/// The guide's own options are read without swift-argument-parser when they are plain; this
/// checks that the quick reading agrees with the parser, and leaves everything else to it.
@Suite struct QuickArgumentsTests {
  static let plain: [[String]] = [
    [],
    ["--protocol", "san-mateo"],
    ["--benchmark-screening", "san-mateo", "--idle-lock-minutes", "0"],
    ["--restricted"],
    ["--protocol-dir", "/srv/protocols", "--config", "/etc/x", "--draft-days", "7", "--protocol", "orange-county"],
    ["--idle-lock-seconds", "3", "--debug-crash", "--idle-lock-minutes", "010"],
    ["--plain"],
    ["--answers", "answers.txt", "--protocol", "sro-model", "--fixed-time", "2026-01-15T09:00:00-08:00"],
  ]

  @Test(arguments: plain) func plainOptionsAreReadAsTheParserReadsThem(_ argv: [String]) throws {
    let quick = try #require(GuideArguments.quick(argv))
    let parsed = try #require(try CSECGuide.parseAsRoot(argv) as? GuideCommand)
    #expect(quick == parsed.arguments)
  }

  static let others: [[String]] = [
    ["--help"], ["-h"], ["--version"], ["guide"], ["guide", "--protocol", "x"], ["resume"], ["protocol", "list"],
    ["--protocol=san-mateo"], ["--protocol"], ["--protocol", "--restricted"], ["--protocol", ""],
    ["--protocol", "a", "--protocol", "b"], ["--draft-days", "-1"], ["--draft-days", "+1"], ["--draft-days", "x"],
    ["--draft-days", "99999999999999999999"], ["--generate-completion-script", "bash"], ["--unknown"], ["extra"],
    ["--restricted", "--restricted"], ["train"], ["train", "--plain"], ["--answers"],
  ]

  @Test(arguments: others) func anythingElseGoesToTheParser(_ argv: [String]) {
    #expect(GuideArguments.quick(argv) == nil)
  }
}
