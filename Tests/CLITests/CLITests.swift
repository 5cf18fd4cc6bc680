import Foundation  // tests only: Process runs the built binary
import Testing

/// Runs the built `csec-guide` binary the way a user does and checks its output and exit code.
struct CLI {
  struct Result {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  /// The binary beside this test bundle in the build products folder.
  static var binary: URL {
    var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    while !FileManager.default.isExecutableFile(atPath: dir.appendingPathComponent("csec-guide").path),
      dir.path != "/"
    {
      dir = dir.deletingLastPathComponent()
    }
    return dir.appendingPathComponent("csec-guide")
  }

  static func run(_ arguments: [String], environment: [String: String] = [:], directory: URL? = nil, input: String? = nil) throws -> Result {
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    var env = ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory(), "COLUMNS": "80", "XDG_DATA_DIRS": "/nonexistent"]
    env.merge(environment) { $1 }
    process.environment = env
    if let directory { process.currentDirectoryURL = directory }
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    let inputPipe = Pipe()
    process.standardInput = input == nil ? FileHandle.nullDevice : inputPipe
    try process.run()
    if let input {
      inputPipe.fileHandleForWriting.write(Data(input.utf8))
      try? inputPipe.fileHandleForWriting.close()
    }
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Result(
      status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
      stderr: String(decoding: stderr, as: UTF8.self))
  }

  static func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("csec-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }
}

let sampleProtocol = """
  format: csec-guide-protocol/1
  id: my-district
  title: My District Protocol
  jurisdiction: Example County
  documents:
    - {id: doc, title: Our protocol, publisher: Example Office}
  contacts:
    - {id: cps, name: County CPS, phone: 800-555-0100, when: To report, source: {document: doc, location: p1}}
  pathways:
    - id: at-risk
      title: At risk
      serves: [at-risk, suspected-recruitment, suspected-victim, confirmed-victim]
      source: {document: doc, location: p1}
      steps:
        - {id: report, title: Report, detail: Report to CPS., contact: cps, source: {document: doc, location: p1}}

  """

@Suite(.serialized) struct CLITests {
  @Test func listShowsTheFourBuiltins() throws {
    let result = try CLI.run(["protocol", "list"])
    #expect(result.status == 0)
    let lines = result.stdout.split(separator: "\n")
    #expect(lines.first?.hasPrefix("ID") == true)
    #expect(lines.dropFirst().map { String($0.prefix { $0 != " " }) } == ["san-mateo", "orange-county", "sro-model", "us-ed-sample"])
    #expect(lines.dropFirst().allSatisfy { $0.hasSuffix("built-in") })
  }

  @Test func showPrintsTheProtocolWithItsNumbers() throws {
    let result = try CLI.run(["protocol", "show", "san-mateo"])
    #expect(result.status == 0)
    #expect(result.stdout.contains("650-692-7273"))
    #expect(result.stdout.contains("Pathway: "))
    #expect(result.stdout.contains("Loaded from: built-in"))
    for line in result.stdout.split(separator: "\n") { #expect(line.count <= 80, "\(line)") }
  }

  @Test func showJSONIsOneObject() throws {
    let result = try CLI.run(["protocol", "show", "orange-county", "--json"])
    #expect(result.status == 0)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    #expect(object["id"] as? String == "orange-county")
    let contacts = try #require(object["contacts"] as? [[String: Any]])
    #expect(contacts.contains { $0["phone"] as? String == "800-207-4464" })
  }

  @Test func showOfAnUnknownProtocolIsAUsageError() throws {
    let result = try CLI.run(["protocol", "show", "atlantis"])
    #expect(result.status == 64)
    #expect(result.stderr.contains("there is no protocol 'atlantis'; the protocols are: san-mateo, orange-county, sro-model, us-ed-sample"))
  }

  @Test func validateAcceptsTheBuiltinsAndExitsZero() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let files = ["san-mateo", "orange-county", "sro-model", "us-ed-sample"].map { "Resources/protocols/\($0).yaml" }
    let result = try CLI.run(["protocol", "validate"] + files, directory: root)
    #expect(result.status == 0, "\(result.stdout)")
    #expect(result.stdout.split(separator: "\n").count == 4)
    #expect(result.stdout.contains("Resources/protocols/san-mateo.yaml: valid: san-mateo, 4 pathways, 21 steps"))
  }

  @Test func validateReportsEveryProblemWithItsPlaceAndExits65() throws {
    let dir = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let broken = sampleProtocol.replacingOccurrences(of: "contact: cps,", with: "contact: cpss,")
      .replacingOccurrences(of: "jurisdiction:", with: "jurisdictoin:")
    try broken.write(to: dir.appendingPathComponent("district.yaml"), atomically: true, encoding: .utf8)
    let result = try CLI.run(["protocol", "validate", "district.yaml"], directory: dir)
    #expect(result.status == 65)
    #expect(result.stdout == """
      district.yaml:4:1: unknown field 'jurisdictoin' in the protocol; did you mean 'jurisdiction'?
      district.yaml:15:70: step 'report' of pathway 'at-risk' names the contact 'cpss', but no contact has that id (contacts are: cps)
      district.yaml: 2 problems

      """)
  }

  @Test func validateWithoutFilesIsAUsageError() throws {
    let result = try CLI.run(["protocol", "validate"])
    #expect(result.status == 64)
    #expect(result.stderr.contains("name at least one protocol file to check"))
  }

  @Test func validateOfAMissingFileSaysSo() throws {
    let result = try CLI.run(["protocol", "validate", "/nonexistent/x.yaml"])
    #expect(result.status == 66)
    #expect(result.stderr.contains("/nonexistent/x.yaml: cannot be checked: cannot open it (No such file or directory)"))
  }

  @Test func aDistrictDirectoryAddsItsProtocols() throws {
    let dir = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    try sampleProtocol.write(to: dir.appendingPathComponent("mine.yaml"), atomically: true, encoding: .utf8)
    let viaOption = try CLI.run(["protocol", "list", "--protocol-dir", dir.path])
    #expect(viaOption.status == 0)
    #expect(viaOption.stdout.contains("my-district"))
    #expect(viaOption.stdout.contains(dir.appendingPathComponent("mine.yaml").path))
    let viaEnvironment = try CLI.run(["protocol", "show", "my-district"], environment: ["CSEC_GUIDE_PROTOCOL_DIR": dir.path])
    #expect(viaEnvironment.status == 0)
    #expect(viaEnvironment.stdout.contains("800-555-0100"))
    let xdg = dir.appendingPathComponent("data/csec-guide/protocols")
    try FileManager.default.createDirectory(at: xdg, withIntermediateDirectories: true)
    try sampleProtocol.write(to: xdg.appendingPathComponent("x.yaml"), atomically: true, encoding: .utf8)
    let viaXDG = try CLI.run(["protocol", "list"], environment: ["XDG_DATA_HOME": dir.appendingPathComponent("data").path])
    #expect(viaXDG.stdout.contains("my-district"))
    let missing = try CLI.run(["protocol", "list", "--protocol-dir", "/nonexistent/dir"])
    #expect(missing.status == 66)
    #expect(missing.stderr.contains("/nonexistent/dir: cannot open this protocol directory"))
  }

  @Test func versionAndHelpBehaveAsUsersExpect() throws {
    let version = try CLI.run(["--version"])
    #expect(version.status == 0)
    #expect(version.stdout == "0.1.0\n")
    let help = try CLI.run(["--help"])
    #expect(help.status == 0)
    #expect(help.stdout.contains("USAGE: csec-guide"))
    #expect(help.stdout.contains("protocol"))
  }

  @Test func runsFromAnyDirectory() throws {
    let result = try CLI.run(["protocol", "show", "sro-model"], directory: URL(fileURLWithPath: "/"))
    #expect(result.status == 0)
    #expect(result.stdout.contains("Updated: 8/27/11"))
  }
}
