import Foundation
import TestProcesses
import Testing

/// DuckDB connections with object-store and community-extension attachments, through the HTTP
/// API: S3 against moto and GCS against fake-gcs-server, each behind a recording proxy
/// (`scripts/test-emulators env` names them). Neither emulator checks a signature, so these
/// tests check what Switchyard signs with (the credential scope and session token of every
/// request the proxy saw), not whether a wrong key would be refused by a real store.
@Suite struct ObjectStoreRoutesTests {
    private func environment(_ name: String) throws -> String {
        try #require(ProcessInfo.processInfo.environment[name], "\(name) is not set: run scripts/test-emulators start")
    }

    private static func unique(_ prefix: String) -> String {
        prefix + String(UInt64.random(in: 0...UInt64.max), radix: 36)
    }

    private func makeS3Bucket(_ bucket: String) async throws {
        let status = try await Curl.output([
            "-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "10", "-X", "PUT",
            try environment("SWITCHYARD_TEST_S3_EMULATOR_URL") + "/" + bucket,
        ])
        try #require(status == "200", "moto did not make bucket \(bucket): \(status)")
    }

    /// A bucket in fake-gcs-server with `objects` uploaded through its JSON API (its XML API,
    /// the one DuckDB speaks, does not take writes).
    private func makeGCSBucket(_ bucket: String, objects: [(name: String, file: String)]) async throws {
        let url = try environment("SWITCHYARD_TEST_GCS_EMULATOR_URL")
        _ = try await Curl.output([
            "-s", "--fail", "--max-time", "10", "-H", "Content-Type: application/json", "--data", #"{"name":"\#(bucket)"}"#,
            url + "/storage/v1/b",
        ])
        for object in objects {
            _ = try await Curl.output([
                "-s", "--fail", "--max-time", "10", "--data-binary", "@\(object.file)",
                "\(url)/upload/storage/v1/b/\(bucket)/o?uploadType=media&name=\(object.name)",
            ])
        }
    }

    private func s3Attachment(name: String, keyId: String, secret: String, token: String) throws -> [String: Any] {
        [
            "name": name, "type": "s3",
            "s3Connection": [
                "accessKeyId": keyId, "secretAccessKey": secret, "region": "eu-west-1",
                "endpoint": try environment("SWITCHYARD_TEST_S3_URL"), "sessionToken": token,
            ],
        ]
    }

    private func duckdbBody(_ attachments: [[String: Any]]) -> String {
        Fixtures.json(["duckdbConnection": ["attachedDatabases": attachments]])
    }

    /// Every request the proxy at `variable` saw for `bucket`.
    private func requests(_ variable: String, bucket: String) async throws -> [[String: Any]] {
        try await RecordingProxy(variable).requests().filter { ($0["path"] as? String)?.hasPrefix("/\(bucket)") == true }
    }

    @Test func s3ReadsWritesAndGlobsWithItsOwnCredentials() async throws {
        try Engine.requireDuckDB()
        let bucket = Self.unique("lake-"), keyId = Self.unique("AKIA").uppercased()
        let secret = Self.unique("s3-secret-"), token = Self.unique("s3-token-")
        try await makeS3Bucket(bucket)
        let logs = LogCapture()
        let server = TestServer(logs: logs)
        let replies = ReplyLog()
        try await server.runInProject { client in
            let body = duckdbBody([try s3Attachment(name: "lake", keyId: keyId, secret: secret, token: token)])
            #expect(try await client.send(.post, "/api/v0/projects/p/connections/duck", json: body).status == .created)
            for sql in [
                "COPY (SELECT range AS n, 'row ' || range AS label FROM range(1000)) TO 's3://\(bucket)/parquet/part-1.parquet'",
                "COPY (SELECT range + 1000 AS n, 'row ' || range AS label FROM range(500)) TO 's3://\(bucket)/parquet/part-2.parquet'",
                "COPY (SELECT 7 AS n, 'from csv' AS label) TO 's3://\(bucket)/csv/one.csv' (HEADER)",
            ] {
                _ = try await client.rows("p", "duck", sql)
            }
            let glob = try await client.rows("p", "duck", "SELECT count(*) AS c, sum(n) AS s FROM read_parquet('s3://\(bucket)/parquet/*.parquet')")
            #expect(glob.first?["c"] as? Int == 1500)
            #expect(glob.first?["s"] as? Int == (0..<1500).reduce(0, +))
            let csv = try await client.rows("p", "duck", "SELECT n, label FROM read_csv('s3://\(bucket)/csv/one.csv')")
            #expect(csv.first?["label"] as? String == "from csv")
            #expect(csv.first?["n"] as? Int == 7)
            let listed = try await client.rows("p", "duck", "SELECT file FROM glob('s3://\(bucket)/*/*') ORDER BY file")
            #expect(listed.compactMap { $0["file"] as? String } == [
                "s3://\(bucket)/csv/one.csv", "s3://\(bucket)/parquet/part-1.parquet", "s3://\(bucket)/parquet/part-2.parquet",
            ])

            // Only what the attachment opened: no local file, no other scheme, no plain HTTP, no
            // secret of the client's own pointing s3:// elsewhere.
            let emulator = try environment("SWITCHYARD_TEST_S3_EMULATOR_URL")
            for sql in [
                "SELECT * FROM read_text('/etc/hostname')",
                "SELECT * FROM read_csv('gs://\(bucket)/csv/one.csv')",
                "SELECT * FROM read_csv('\(emulator)/\(bucket)/csv/one.csv')",
                "CREATE SECRET mine (TYPE s3, ENDPOINT '127.0.0.1:9', URL_STYLE 'path', USE_SSL false)",
                "DETACH lake",
            ] {
                let reply = try await client.query("p", "duck", sql)
                replies.add(reply)
                #expect((400..<500).contains(reply.status.code), "\(sql) → \(reply.status) \(reply.body)")
            }

            // A store that refuses the signature: its answer comes back, as a client error.
            _ = try await client.rows("p", "duck", "COPY (SELECT 8 AS n) TO 's3://\(bucket)/refused/two.csv' (HEADER)")
            try await RecordingProxy("SWITCHYARD_TEST_S3_URL").configure(Fixtures.json([
                "answer_next": 5, "answer_path": "/\(bucket)/refused/", "answer_status": 403,
                "answer_body": ["Code": "SignatureDoesNotMatch"],
            ]))
            let refused = try await client.query("p", "duck", "SELECT * FROM read_csv('s3://\(bucket)/refused/two.csv')")
            replies.add(refused)
            #expect((400..<600).contains(refused.status.code))
            #expect(refused.message.contains("403"), "\(refused.body)")

            for catalog in ["duckdb_secrets()", "duckdb_databases()", "duckdb_settings()"] {
                let reply = try await client.query("p", "duck", "SELECT * FROM \(catalog)")
                #expect(reply.status == .ok)
                replies.add(reply)
            }
            replies.add(try await client.get("/api/v0/projects/p/connections/duck"))
        }
        let seen = try await requests("SWITCHYARD_TEST_S3_URL", bucket: bucket)
        #expect(seen.count >= 6)
        for request in seen {
            let headers = try #require(request["headers"] as? [String: String])
            let authorization = headers["authorization"] ?? ""
            #expect(authorization.hasPrefix("AWS4-HMAC-SHA256 Credential=\(keyId)/"), "\(authorization)")
            #expect(authorization.contains("/eu-west-1/s3/aws4_request"), "\(authorization)")
            #expect(headers["x-amz-security-token"] == token)
            #expect(!"\(request)".contains(secret), "the secret key went over the wire")
        }
        #expect(replies.count == 10)
        for leaked in [secret, token] {
            #expect(!replies.text.contains(leaked), "a response carried a secret")
            #expect(!logs.text.contains(leaked), "a log line carried a secret")
        }
        #expect(replies.text.contains(keyId), "duckdb_secrets() should list the key id, which is not a secret")
    }

    @Test func gcsReadsByPathAndGlobThroughTheConfiguredEndpoint() async throws {
        try Engine.requireDuckDB()
        let bucket = Self.unique("gcs-"), staging = Self.unique("staging-")
        let keyId = Self.unique("GOOG").uppercased(), secret = Self.unique("gcs-secret-")
        try await makeS3Bucket(staging)
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(Self.unique("gcs-files-"))
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        try "n,label\n1,first\n2,second\n".write(to: scratch.appendingPathComponent("a.csv"), atomically: true, encoding: .utf8)
        try "n,label\n3,third\n".write(to: scratch.appendingPathComponent("b.csv"), atomically: true, encoding: .utf8)

        let logs = LogCapture()
        var server = TestServer(logs: logs)
        server.configuration.gcsURL = try environment("SWITCHYARD_TEST_GCS_URL")
        try await server.runInProject { client in
            // A parquet file, written through an S3 attachment and fetched from the store as is.
            let writer = duckdbBody([try s3Attachment(name: "staging", keyId: "AKIASTAGING", secret: "staging-secret", token: "t")])
            try await client.send(.post, "/api/v0/projects/p/connections/writer", json: writer)
            _ = try await client.rows("p", "writer", "COPY (SELECT range AS n FROM range(250)) TO 's3://\(staging)/data.parquet'")
            let parquet = scratch.appendingPathComponent("data.parquet").path
            // moto refuses anonymous reads of private objects; curl signs the request itself.
            let fetched = try await Curl.output([
                "-s", "-o", parquet, "-w", "%{http_code}", "--aws-sigv4", "aws:amz:eu-west-1:s3", "--user", "AKIASTAGING:staging-secret",
                try environment("SWITCHYARD_TEST_S3_EMULATOR_URL") + "/\(staging)/data.parquet",
            ])
            try #require(fetched == "200", "fetching the parquet file from moto: \(fetched)")
            try await makeGCSBucket(bucket, objects: [
                ("csv/a.csv", scratch.appendingPathComponent("a.csv").path),
                ("csv/b.csv", scratch.appendingPathComponent("b.csv").path),
                ("parquet/data.parquet", parquet),
            ])

            let body = duckdbBody([["name": "gcs", "type": "gcs", "gcsConnection": ["keyId": keyId, "secret": secret]]])
            #expect(try await client.send(.post, "/api/v0/projects/p/connections/gduck", json: body).status == .created)
            let csv = try await client.rows("p", "gduck", "SELECT n, label FROM read_csv('gs://\(bucket)/csv/*.csv') ORDER BY n")
            #expect(csv.compactMap { $0["label"] as? String } == ["first", "second", "third"])
            let parquetRows = try await client.rows("p", "gduck", "SELECT count(*) AS c, max(n) AS m FROM read_parquet('gs://\(bucket)/parquet/data.parquet')")
            #expect(parquetRows.first?["c"] as? Int == 250)
            #expect(parquetRows.first?["m"] as? Int == 249)
            // The GCS attachment opens gs:// and nothing else.
            for sql in ["SELECT * FROM read_parquet('s3://\(staging)/data.parquet')", "SELECT * FROM read_text('/etc/hostname')"] {
                let reply = try await client.query("p", "gduck", sql)
                #expect((400..<500).contains(reply.status.code), "\(sql) → \(reply.status) \(reply.body)")
                #expect(!reply.body.contains(secret))
            }
            let secrets = try await client.query("p", "gduck", "SELECT * FROM duckdb_secrets()")
            #expect(secrets.status == .ok && !secrets.body.contains(secret))
        }
        let seen = try await requests("SWITCHYARD_TEST_GCS_URL", bucket: bucket)
        #expect(seen.count >= 3)
        for request in seen {
            let headers = try #require(request["headers"] as? [String: String])
            #expect(headers["authorization"]?.hasPrefix("AWS4-HMAC-SHA256 Credential=\(keyId)/") == true, "\(headers)")
            #expect(!"\(request)".contains(secret))
        }
        #expect(!logs.text.contains(secret))
    }

    /// BigQuery and Snowflake attachments need DuckDB community extensions that no package here
    /// provides. Missing, a statement answers 501 naming the extension; present but not a
    /// loadable extension, 501 saying it could not be loaded. Neither shows a secret.
    @Test func communityExtensionsMissingOrInvalidAreNamed() async throws {
        try Engine.requireDuckDB()
        let extensions = try ExtensionDirectory()
        defer { extensions.remove() }
        try extensions.add("bigquery.duckdb_extension", Data("not an extension".utf8))
        let canary = Self.unique("CANARY")
        let logs = LogCapture()
        var server = TestServer(logs: logs)
        server.configuration.duckDBExtensionDirectory = extensions.root.path
        let replies = ReplyLog()
        try await server.runInProject { client in
            let bigquery = duckdbBody([["name": "bq", "type": "bigquery", "bigqueryConnection": Fixtures.bigquery(canary)]])
            let snowflake = duckdbBody([["name": "sf", "type": "snowflake", "snowflakeConnection": Fixtures.snowflake(canary)]])
            try await client.send(.post, "/api/v0/projects/p/connections/bq", json: bigquery)
            try await client.send(.post, "/api/v0/projects/p/connections/sf", json: snowflake)
            for (connection, expected) in [("bq", "DuckDB bigquery extension on this server could not be loaded"), ("sf", "DuckDB snowflake extension is not installed")] {
                let reply = try await client.query("p", connection, "SELECT 1")
                replies.add(reply)
                #expect(reply.status == .notImplemented)
                #expect(reply.message.contains(expected), "\(reply.body)")
                let tested = try await client.send(.post, "/api/v0/projects/p/connections/\(connection)/test")
                replies.add(tested)
                #expect(tested.json["status"] as? String == "failed")
                #expect((tested.json["errorMessage"] as? String)?.contains(expected) == true, "\(tested.body)")
            }
        }
        #expect(!replies.text.contains(canary))
        #expect(!logs.text.contains(canary))
    }

    /// Every attachment type's secret fields, with what DuckDB's own catalog functions show.
    @Test func attachmentSecretsNeverShow() async throws {
        try Engine.requireDuckDB()
        let engine = try Engine.postgres()
        let canary = Self.unique("CANARY")
        let bucket = Self.unique("canary-")
        try await makeS3Bucket(bucket)
        let logs = LogCapture()
        var server = TestServer(logs: logs)
        server.configuration.gcsURL = try environment("SWITCHYARD_TEST_GCS_URL")
        let replies = ReplyLog()
        try await server.runInProject { client in
            let body = duckdbBody([
                [
                    "name": "warehouse", "type": "postgres",
                    "postgresConnection": [
                        "host": engine.host, "port": engine.port, "databaseName": engine.database,
                        "userName": engine.user, "password": engine.password,
                    ],
                ],
                try s3Attachment(name: "lake", keyId: "AKIACANARYTEST", secret: canary + "-s3", token: canary + "-token"),
                ["name": "gcs", "type": "gcs", "gcsConnection": ["keyId": "GOOGCANARYTEST", "secret": canary + "-gcs"]],
            ])
            replies.add(try await client.send(.post, "/api/v0/projects/p/connections/duck", json: body))
            for sql in [
                "SELECT * FROM duckdb_secrets()", "SELECT * FROM duckdb_databases()", "SELECT * FROM duckdb_settings()",
                "SELECT * FROM which_secret('s3://\(bucket)/x', 's3')", "SELECT * FROM which_secret('gs://\(bucket)/x', 'gcs')",
                "SELECT * FROM read_csv('s3://\(bucket)/missing.csv')", "SELECT * FROM read_csv('gs://\(bucket)-none/missing.csv')",
                "SELECT * FROM warehouse.public.no_such_table",
            ] {
                replies.add(try await client.query("p", "duck", sql))
            }
            replies.add(try await client.get("/api/v0/projects/p/connections/duck"))
            replies.add(try await client.get("/api/v0/projects/p/connections/duck/schemas"))
        }
        #expect(replies.count == 11)
        #expect(replies.text.contains("warehouse"), "duckdb_databases() should list the attachment")
        for leaked in [canary, engine.password] {
            #expect(!replies.text.contains(leaked), "a response carried a secret")
            #expect(!logs.text.contains(leaked), "a log line carried a secret")
        }
    }
}
