import ArgumentParser
import GuideEngine
import GuideProtocols

/// `csec-guide protocol ...`: list, show and validate protocols.
struct ProtocolCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "protocol",
    abstract: "List, show and check protocols.",
    subcommands: [List.self, Show.self, Validate.self]
  )

  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "list",
      abstract: "List the protocols: id, title, jurisdiction and where each was loaded from.")

    @OptionGroup var source: ProtocolSourceOptions

    func run() throws {
      let catalog = source.catalog()
      StandardError.write(catalog.problems)
      let rows = catalog.protocols.map {
        [$0.guide.id, $0.guide.title, $0.guide.jurisdiction, $0.origin.description]
      }
      print(Table.render(header: ["ID", "TITLE", "JURISDICTION", "FROM"], rows: rows), terminator: "")
      if catalog.problems.contains(where: { $0.hasPrefix(source.protocolDir ?? "\u{0}") && $0.contains("cannot open this protocol directory") }) {
        throw ExitStatus.noInput
      }
    }
  }

  struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "show",
      abstract: "Show a whole protocol as the program understood it.")

    @OptionGroup var source: ProtocolSourceOptions

    @Argument(help: ArgumentHelp("The protocol's id (see 'csec-guide protocol list').", valueName: "id"))
    var id: String

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    func run() throws {
      let catalog = source.catalog()
      guard let loaded = catalog.find(id) else {
        StandardError.write(catalog.problems)
        let ids = catalog.protocols.map(\.guide.id).joined(separator: ", ")
        StandardError.write(["csec-guide: there is no protocol '\(id)'; the protocols are: \(ids)"])
        throw ExitStatus.usage
      }
      if json {
        print(loaded.guide.json.rendered(), terminator: "")
      } else {
        print(loaded.guide.describedAsText(width: TerminalWidth.columns()), terminator: "")
        print("\nLoaded from: \(loaded.origin)")
      }
    }
  }

  struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "validate",
      abstract: "Check protocol and training scenario files and report every problem as FILE:LINE:COLUMN.",
      discussion: """
        A scenario (format csec-guide-scenario/1) or a district's contacts file (format \
        csec-guide-district/1) is checked against the protocol it names: a \
        built-in one, one in the protocol directories, or one of the files checked with it. \
        Exit status: 0 when every file is valid, 65 when any has problems, 66 when a file cannot be read.
        """)

    @OptionGroup var source: ProtocolSourceOptions

    @Argument(help: ArgumentHelp("The protocol or scenario files to check.", valueName: "file"))
    var files: [String] = []

    func validate() throws {
      if files.isEmpty { throw ValidationError("name at least one protocol file to check") }
    }

    func run() throws {
      var invalid = 0
      var unreadable = 0
      var ids: [String: String] = [:]
      // Protocols first, so that a scenario can walk a protocol checked in the same run.
      var read: [(file: String, bytes: [UInt8]?)] = []
      var protocolOutcomes: [String: ProtocolDecoder.Outcome] = [:]
      for file in files {
        switch FileAccess.readFile(file, limit: YAMLReader.maximumBytes + 1) {
        case .failure(let error):
          StandardError.write(["\(file): cannot be checked: \(error)"])
          unreadable += 1
          read.append((file, nil))
        case .success(let bytes):
          read.append((file, bytes))
          if DataFileKind.of(bytes: bytes) == .guideProtocol {
            protocolOutcomes[file] = ProtocolDecoder.decode(bytes: bytes, file: file)
          }
        }
      }
      var known = source.catalog().protocols.map(\.guide)
      for outcome in protocolOutcomes.values {
        if let guide = outcome.guide, !known.contains(where: { $0.id == guide.id }) { known.append(guide) }
      }
      for (file, bytes) in read {
        guard let bytes else { continue }
        if let outcome = protocolOutcomes[file] {
          for diagnostic in outcome.diagnostics { print(diagnostic.description) }
          if let guide = outcome.guide {
            if let other = ids[guide.id] {
              print("\(file):1:1: its id '\(guide.id)' is also used by \(other); two protocols cannot share an id")
              invalid += 1
            } else {
              ids[guide.id] = file
              print("\(file): valid: \(guide.id), \(guide.pathways.count) pathway\(guide.pathways.count == 1 ? "" : "s"), \(guide.pathways.reduce(0) { $0 + $1.steps.count }) steps")
            }
          } else {
            let n = outcome.diagnostics.count
            print("\(file): \(n) problem\(n == 1 ? "" : "s")")
            invalid += 1
          }
        } else if DataFileKind.of(bytes: bytes) == .district {
          let outcome = DistrictDecoder.decode(bytes: bytes, file: file, protocols: known)
          for diagnostic in outcome.diagnostics { print(diagnostic.description) }
          if let district = outcome.district {
            print("\(file): valid: \(district.contacts.count) district contact\(district.contacts.count == 1 ? "" : "s") for \(district.protocolID)")
          } else {
            let n = outcome.diagnostics.count
            print("\(file): \(n) problem\(n == 1 ? "" : "s")")
            invalid += 1
          }
        } else {
          let outcome = ScenarioDecoder.decode(bytes: bytes, file: file, protocols: known)
          for diagnostic in outcome.diagnostics { print(diagnostic.description) }
          if let scenario = outcome.scenario {
            print("\(file): valid: scenario \(scenario.id) for \(scenario.protocolID), \(scenario.expected.situation?.rawValue ?? "no pathway")" + (scenario.newInformation.map { ", escalating to \($0.escalateTo.rawValue)" } ?? ""))
          } else {
            let n = outcome.diagnostics.count
            print("\(file): \(n) problem\(n == 1 ? "" : "s")")
            invalid += 1
          }
        }
      }
      if invalid > 0 { throw ExitStatus.dataError }
      if unreadable > 0 { throw ExitStatus.noInput }
    }
  }
}
