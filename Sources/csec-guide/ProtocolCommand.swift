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
      abstract: "Check protocol files and report every problem as FILE:LINE:COLUMN.",
      discussion: "Exit status: 0 when every file is valid, 65 when any has problems, 66 when a file cannot be read.")

    @Argument(help: ArgumentHelp("The protocol files to check.", valueName: "file"))
    var files: [String] = []

    func validate() throws {
      if files.isEmpty { throw ValidationError("name at least one protocol file to check") }
    }

    func run() throws {
      var invalid = 0
      var unreadable = 0
      var ids: [String: String] = [:]
      for file in files {
        switch FileAccess.readFile(file, limit: YAMLReader.maximumBytes + 1) {
        case .failure(let error):
          StandardError.write(["\(file): cannot be checked: \(error)"])
          unreadable += 1
        case .success(let bytes):
          let outcome = ProtocolDecoder.decode(bytes: bytes, file: file)
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
        }
      }
      if invalid > 0 { throw ExitStatus.dataError }
      if unreadable > 0 { throw ExitStatus.noInput }
    }
  }
}
