// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let testSettings: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

let package = Package(
    name: "switchyard",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "switchyard", targets: ["SwitchyardCLI"])
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-openapi-hummingbird.git", from: "2.1.0"),
        .package(url: "https://github.com/apple/swift-openapi-generator.git", from: "1.14.3"),
        .package(url: "https://github.com/apple/swift-openapi-runtime.git", from: "1.13.4"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.13.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        // Domain: projects, connection configurations, validation, merging and redaction.
        .target(
            name: "SwitchyardCore",
            dependencies: [
                "SwitchyardSecrets",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // Envelope encryption of secrets: master key, per-project data keys.
        .target(
            name: "SwitchyardSecrets",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            swiftSettings: strict
        ),
        // The catalog: where projects and connections are stored.
        .target(
            name: "SwitchyardCatalog",
            dependencies: [
                "SwitchyardCore",
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        // Types and server stubs generated from openapi.yaml.
        .target(
            name: "SwitchyardAPI",
            dependencies: [
                "SwitchyardCore",
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
            ],
            // The generator writes a file per section, some of them empty, whose unused
            // imports warn; our own targets build without warnings.
            swiftSettings: [.unsafeFlags(["-suppress-warnings"])],
            plugins: [.plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator")]
        ),
        // The contract as written, served at /api/v0/openapi.yaml (SwitchyardAPI's openapi.yaml
        // is a link to this one).
        .target(name: "SwitchyardContract", resources: [.copy("openapi.yaml")], swiftSettings: strict),
        // HTTP wiring: handlers, authentication, error mapping, configuration.
        .target(
            name: "SwitchyardServer",
            dependencies: [
                "SwitchyardAPI",
                "SwitchyardContract",
                "ArrowIPC",
                "SwitchyardCatalog",
                "SwitchyardCore",
                "SwitchyardSecrets",
                "SwitchyardDrivers",
                "PostgresDriver",
                "MySQLDriver",
                "DuckDBDriver",
                "TrinoDriver",
                "BigQueryDriver",
                "SnowflakeDriver",
                "HTTPDriverKit",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            // The web console: plain HTML, CSS and JavaScript, served at /.
            resources: [.copy("Console")],
            swiftSettings: strict
        ),
        // What Switchyard asks of a database; each engine implements it in its own module.
        .target(
            name: "SwitchyardDrivers",
            dependencies: [.product(name: "NIOPosix", package: "swift-nio")],
            swiftSettings: strict
        ),
        .target(
            name: "PostgresDriver",
            dependencies: [
                "SwitchyardDrivers",
                "SwitchyardCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // glibc's allocator settings (malloc.h), which Swift's Glibc module leaves out.
        .systemLibrary(name: "CMalloc"),
        // MariaDB Connector/C (Debian's libmariadb-dev), for the mysql type.
        .systemLibrary(
            name: "CMariaDB",
            pkgConfig: "libmariadb",
            providers: [.apt(["libmariadb-dev"])]
        ),
        .target(
            name: "MySQLDriver",
            dependencies: [
                "SwitchyardDrivers", "SwitchyardCore", "CMariaDB",
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        // DuckDB's C API, bound at run time with dlopen so building never compiles DuckDB.
        .target(
            name: "CDuckDB",
            linkerSettings: [.linkedLibrary("dl")]
        ),
        .target(
            name: "DuckDBDriver",
            dependencies: [
                "SwitchyardDrivers", "SwitchyardCore", "CDuckDB",
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        // What drivers of services reached over HTTP share: the round trip with its deadline
        // and size cap, retry waits, and JSON read with every digit kept.
        .target(
            name: "HTTPDriverKit",
            dependencies: [
                "SwitchyardDrivers",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        // Arrow IPC streams read batch by batch (Snowflake sends results in them).
        .target(name: "ArrowIPC", swiftSettings: strict),
        // Trino (and Peaka) over Trino's client REST protocol.
        .target(
            name: "TrinoDriver",
            dependencies: [
                "SwitchyardDrivers", "SwitchyardCore", "HTTPDriverKit",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        // Google BigQuery over its REST API, signed in with a service-account key.
        .target(
            name: "BigQueryDriver",
            dependencies: [
                "SwitchyardDrivers", "SwitchyardCore", "SwitchyardSecrets", "HTTPDriverKit",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        // Snowflake over the REST protocol of its own connectors; results in Arrow or JSON.
        .target(
            name: "SnowflakeDriver",
            dependencies: [
                "SwitchyardDrivers", "SwitchyardCore", "SwitchyardSecrets", "HTTPDriverKit", "ArrowIPC",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "SwitchyardCLI",
            dependencies: [
                "SwitchyardServer",
                "HTTPDriverKit",
                .target(name: "CMalloc", condition: .when(platforms: [.linux])),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SwitchyardTests",
            dependencies: [
                "TestProcesses",
                "SwitchyardServer",
                "SwitchyardCore",
                "SwitchyardCatalog",
                "SwitchyardSecrets",
                "SwitchyardDrivers",
                "PostgresDriver",
                "MySQLDriver",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: testSettings
        ),
        // What several test targets share: programs the tests run (curl, psql, openssl, a
        // server binary), started and reaped without Foundation's Process, and a DuckDB
        // extension directory of a test's own.
        .target(name: "TestProcesses", path: "Tests/TestProcesses", swiftSettings: testSettings),
        // The fast lane: domain rules that need no database and no server.
        .testTarget(
            name: "SwitchyardCoreTests",
            dependencies: ["SwitchyardCore", "SwitchyardSecrets", "SwitchyardDrivers"],
            swiftSettings: testSettings
        ),
        // The drivers' shared toolkit (pool rules, value formatting), tested without a database.
        .testTarget(
            name: "SwitchyardDriversTests",
            dependencies: ["SwitchyardDrivers"],
            swiftSettings: testSettings
        ),
        .testTarget(
            name: "PostgresDriverTests",
            dependencies: ["PostgresDriver", "SwitchyardDrivers", "SwitchyardCore"],
            swiftSettings: testSettings
        ),
        .testTarget(
            name: "MySQLDriverTests",
            dependencies: ["MySQLDriver", "SwitchyardDrivers", "SwitchyardCore"],
            swiftSettings: testSettings
        ),
        // The Arrow reader against streams that PyPI's pyarrow wrote (Fixtures/make_fixtures.py).
        .testTarget(
            name: "ArrowIPCTests",
            dependencies: ["ArrowIPC"],
            resources: [.copy("Fixtures")],
            swiftSettings: testSettings
        ),
        .testTarget(
            name: "SnowflakeDriverTests",
            dependencies: [
                "TestProcesses", "SnowflakeDriver", "HTTPDriverKit", "SwitchyardDrivers", "SwitchyardCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: testSettings
        ),
        .testTarget(
            name: "BigQueryDriverTests",
            dependencies: [
                "TestProcesses",
                "BigQueryDriver", "HTTPDriverKit", "SwitchyardDrivers", "SwitchyardCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: testSettings
        ),
        .testTarget(
            name: "TrinoDriverTests",
            dependencies: [
                "TrinoDriver", "HTTPDriverKit", "SwitchyardDrivers", "SwitchyardCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: testSettings
        ),
        .testTarget(
            name: "DuckDBDriverTests",
            dependencies: [
                "TestProcesses", "DuckDBDriver", "SwitchyardDrivers", "SwitchyardCore",
            ],
            swiftSettings: testSettings
        ),
    ]
)
