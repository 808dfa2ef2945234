// swift-tools-version:6.1
import PackageDescription

// The rate at which postgres-nio alone hands over a result's rows, for bench/stream-query and
// bench/arrow-out to set beside the server's: it reads each row's cells the way the server's
// PostgreSQL driver does and does nothing with them, so no reader built on the library can be
// faster.
let package = Package(
    name: "postgres-nio-read",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
    ],
    targets: [
        .executableTarget(
            name: "postgres-nio-read",
            dependencies: [.product(name: "PostgresNIO", package: "postgres-nio")]
        ),
    ]
)
