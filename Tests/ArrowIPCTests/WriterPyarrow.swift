import Foundation

/// Reads a stream file with PyPI's pyarrow, in a `python3` child process, and returns what
/// pyarrow saw: the schema with each type's unit, zone, precision and scale, and every value
/// as text (see ``WriterText``).
enum WriterPyarrow {
    struct Reading: Decodable {
        let pyarrow: String
        let fields: [Field]
        let batches: [Batch]
    }

    struct Field: Decodable, Equatable, CustomStringConvertible {
        var name: String
        /// pyarrow's `str(field.type)`, e.g. `timestamp[us, tz=UTC]`.
        var type: String
        var nullable: Bool
        var unit: String?
        var tz: String?
        var precision: Int?
        var scale: Int?
        var bitWidth: Int?

        var description: String { "\(name): \(type)" }

        enum CodingKeys: String, CodingKey {
            case name, type, nullable, unit, tz, precision, scale
            case bitWidth = "bit_width"
        }
    }

    struct Batch: Decodable {
        let length: Int
        let columns: [Column]
    }

    struct Column: Decodable {
        let nullCount: Int
        let values: [String?]
        /// The integers under dates, times and timestamps, read back through a cast.
        let raw: [String?]?

        enum CodingKeys: String, CodingKey {
            case values, raw
            case nullCount = "null_count"
        }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs the script on `stream`; a missing python3 or pyarrow is an error that says so.
    static func read(_ stream: [UInt8]) throws -> Reading {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("arrow-writer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("written.arrows").path
        let output = directory.appendingPathComponent("reading.json").path
        let errors = directory.appendingPathComponent("errors.txt").path
        try Data(stream).write(to: URL(fileURLWithPath: input))

        // scripts/setup-referees installs the pinned pyarrow and names its interpreter.
        let python = ProcessInfo.processInfo.environment["SWITCHYARD_TEST_PYARROW_PYTHON"] ?? "python3"
        let status = try run(["/usr/bin/env", python, "-c", script, input], output: output, errors: errors)
        let complaint = (try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""
        switch status {
        case 0:
            return try JSONDecoder().decode(Reading.self, from: Data(contentsOf: URL(fileURLWithPath: output)))
        case 127:
            throw Failure(description: "python3 is not on PATH; these tests need Python 3 with pyarrow: \(complaint)")
        case 3:
            throw Failure(description: "\(complaint)These tests need pyarrow: scripts/setup-referees, then eval \"$(scripts/setup-referees env)\"")
        default:
            throw Failure(description: "pyarrow could not read the stream (exit status \(status)):\n\(complaint)")
        }
    }

    /// Starts `command` with `posix_spawn`, output and errors into files, and waits for its exit status.
    private static func run(_ command: [String], output: String, errors: String) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errors, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv = command.map { strdup($0) } + [nil]
        let envp = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var child = pid_t()
        let result = posix_spawn(&child, command[0], &actions, nil, argv, envp)
        guard result == 0 else { throw Failure(description: "cannot start \(command[0]): error \(result)") }
        var status: Int32 = 0
        while waitpid(child, &status, 0) == -1, errno == EINTR {}
        // WIFEXITED / WEXITSTATUS, which are macros Swift does not import.
        return status & 0x7F == 0 ? (status >> 8) & 0xFF : -1
    }

    /// Reads the stream named by argv[1] and prints the schema and every value as JSON.
    /// `batch.validate(full=True)` makes pyarrow check offsets, UTF-8 and decimal precision too.
    static let script = #"""
        import datetime, json, struct, sys
        try:
            import pyarrow as pa
            import pyarrow.ipc
        except ImportError as error:
            sys.stderr.write(f"pyarrow is not installed for {sys.executable}: {error}\n")
            sys.exit(3)

        def describe(field):
            t = field.type
            out = {"name": field.name, "type": str(t), "nullable": field.nullable}
            if pa.types.is_timestamp(t):
                out.update(unit=t.unit, tz=t.tz)
            if pa.types.is_time(t):
                out.update(unit=t.unit, bit_width=t.bit_width)
            if pa.types.is_date(t):
                out.update(bit_width=t.bit_width)
            if pa.types.is_decimal(t):
                out.update(precision=t.precision, scale=t.scale, bit_width=t.bit_width)
            return out

        def text(value, t):
            if value is None:
                return None
            if pa.types.is_boolean(t):
                return "true" if value else "false"
            if pa.types.is_integer(t):
                return str(value)
            if pa.types.is_floating(t):
                return str(struct.unpack("<q", struct.pack("<d", value))[0])
            if pa.types.is_string(t):
                return value
            if pa.types.is_binary(t):
                return value.hex()
            if pa.types.is_decimal(t):
                return format(value, "f")
            if pa.types.is_date(t):
                return value.isoformat()
            if pa.types.is_time(t):
                return value.isoformat(timespec="microseconds")
            if pa.types.is_timestamp(t):
                if t.tz is not None:
                    value = value.astimezone(datetime.timezone.utc)
                return value.isoformat(timespec="microseconds")
            raise TypeError(f"no text for {t}")

        def raw(column):
            t = column.type
            if not (pa.types.is_date(t) or pa.types.is_time(t) or pa.types.is_timestamp(t)):
                return None
            integers = column.cast(pa.int32() if t.bit_width == 32 else pa.int64())
            return [None if v is None else str(v) for v in integers.to_pylist()]

        with open(sys.argv[1], "rb") as source:
            reader = pa.ipc.open_stream(source)
            batches = []
            for batch in reader:
                batch.validate(full=True)
                batches.append({
                    "length": batch.num_rows,
                    "columns": [
                        {"null_count": c.null_count, "values": [text(v, c.type) for v in c.to_pylist()], "raw": raw(c)}
                        for c in batch.columns
                    ],
                })
            fields = [describe(f) for f in reader.schema]
        json.dump({"pyarrow": pa.__version__, "fields": fields, "batches": batches}, sys.stdout)
        """#
}
