import Foundation
import SwitchyardCore

/// Request bodies for every connection type, with the secret fields carrying a given marker
/// so tests can look for it anywhere it must not be.
enum Fixtures {
    static func json(_ value: Any) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]), as: UTF8.self)
    }

    static func pem(_ marker: String) -> String {
        "-----BEGIN PRIVATE KEY-----\nMIIB\(marker)\n-----END PRIVATE KEY-----"
    }

    /// A service-account key whose `private_key_id` carries the marker: the key itself must be
    /// a real RSA key, which the server checks when the connection is written.
    static func serviceAccountKey(_ marker: String) -> String {
        json([
            "type": "service_account", "project_id": "analytics-prod", "private_key_id": marker,
            "client_email": "reader@analytics-prod.iam.gserviceaccount.com", "private_key": testRSAKey,
        ])
    }

    /// A 2048-bit RSA key made for these tests only (`openssl genpkey -algorithm RSA`).
    static let testRSAKey = """
        -----BEGIN PRIVATE KEY-----
        MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCHo9HFQusR/wwM
        o0ok0d58smYCP8gYRRXF1qgGGUalA/eKovffPvBiafGuE/5baCxLtt0WWvcpJKX3
        CR++6MFlJ4IzvbTRJLGL5AGO00w7y9+FtFEBTiBl8uftw7NnMCRQurFhT35X19PT
        X+wvo2ROhxd6QCCmbxUOxnpRLIoP/uVjkfcNyYM8jQb7Qm9JrYoo0Oq6W+RxtkJJ
        p7v5L0YjyUFgYqK/gKzeEg2FK08Msab/sPH7jVAM2X2KObauMoxtZHcTLRlV3p23
        2nZ1jY5Nm4w8r3yk+DgJWw4Nur1F80RRsrCW++RcOjq9xIUTvjiyoALQ3HL90C6Q
        Wpkir8VZAgMBAAECggEAEMA48DkG6caLGOZzih+G7/RiJ6Xz0pd5jGCpiHNHp6pZ
        QDxHC0FtE2JND/f1Ihm32rPfEtsyCdk2S89LJdr9wz3BVR14/pke+g0y6g4LLJlN
        ZegyVsxssNpyLQlNlxE5cuTTchaMnlGPnduLQgjWIuKJEjZoMdWnDpeRVIQBGt9s
        Mxv+dpqxQrauwmGL4PwZEZD2KbgnFjkNLaJ1vqwejCXooQArB/A52wIYDQk6pD4F
        drBhLNAp7ySVa2GziSv3qRPp483k0m0QE43Yv3uSEUQJYxu56p/e1ly3lPwDbRca
        +Gt+iEBuuZ5ULYpkJXMYFPc4rJ7FhZfMnCZg7EpB2QKBgQC7CBtFsMzgkVyAZjsg
        uTTHTOdIVxqzbFiDwPM5J80MPX/uSvVDxfLIxHzmSu6L/kkjU+h6RfgVuzwR4iol
        g4cs70Mi3bEFT0RDKPLr++NOL3tuSiaAIrvXTERmOe6Uckwoo6sa4CGkm0+8ApWq
        35GzWsRi668w8yxStzCyX/tG1QKBgQC5qE2qfxBIOYspyuawFGL/cRSMpubknzIl
        Hv4CA9qq3+YDLC0EoqBCSaF0n24BNfTySpqXlinNrL3GwL6UihD9oIacOWnnEalQ
        l0n3BSUJq9eBNu6dIdlkWlpMfQhSu9F9p2d5QUijvEO/FlLXfRcK+rqI67nZqnEu
        OyefKPXOdQKBgDxzLE1kDXPvx5QAds/mzHY2FvK8pHalaB59eJ9ai92O6xBbzdXv
        3r6hMzVDtsIsl/sBHbyXbM2pTIsDLFgfoMsXMf3M5XAv5IJIc+tt6FPW6PAGq1by
        4v99OQZJZyE3qAHilGUFWBpZ0HWV6EXoKLFtftfyERejIQpDB0w/1XlZAoGBAJxF
        qnok0hO5PAZFn7/+qQXSrTVnF1rBFXhhifUwQVMre3SYLpyENtkVGS4NNI8YV8HK
        Qi3uW+mfyW4Ot1xYisyx3hyJxzaUiywm7D9cuTxWxOMi1d61q0LpOrC/Xc4mAcP+
        sP5DkV0hDvU9WSXBSTAYtAKkSJ+K9BGyATvbQmwxAoGAZo7bY7WlQQStUmhujnbi
        1HFLtfz5Bk7Do2mAYLR1tnBlacf0qvDNppbpVoC7Ig+0pVYn4KzJ34NZubC7+WQS
        yUAkBn4Wps3n5cqNZZWvCLDKQLzGoPifeOdUhWYmJlQ+jkC0nIqrV1IFHkgebLaH
        h3nPCSlM/J5kBT2rA9Kz5as=
        -----END PRIVATE KEY-----
        """

    static func bigquery(_ marker: String) -> [String: Any] {
        [
            "defaultProjectId": "analytics-prod", "billingProjectId": "analytics-billing", "location": "EU",
            "serviceAccountKeyJson": serviceAccountKey(marker + "-sa"), "maximumBytesBilled": "1000000000",
            "queryTimeoutMilliseconds": "60000",
        ]
    }

    static func snowflake(_ marker: String) -> [String: Any] {
        [
            "account": "xy12345.eu-west-1", "username": "REPORTER", "password": marker + "-sfpw",
            "privateKey": testRSAKey, "privateKeyPass": marker + "-sfpass", "warehouse": "COMPUTE_WH",
            "database": "SALES", "schema": "PUBLIC", "role": "ANALYST", "responseTimeoutMilliseconds": 30000,
        ]
    }

    static func postgres(_ marker: String) -> [String: Any] {
        [
            "host": "db.internal", "port": 5432, "databaseName": "sales", "userName": "reporter",
            "password": marker + "-pgpw",
            "connectionString": "postgresql://reporter:\(marker)-cspw@db.internal:5432/sales?sslmode=require",
        ]
    }

    /// The type object of `type`, complete, every secret field set and marked.
    static func object(_ type: ConnectionType, marker: String) -> [String: Any] {
        switch type {
        case .postgres: postgres(marker)
        case .mysql:
            ["host": "mysql.internal", "port": 3306, "database": "shop", "user": "reader", "password": marker + "-mypw"]
        case .bigquery: bigquery(marker)
        case .snowflake: snowflake(marker)
        case .duckdb:
            [
                "attachedDatabases": [
                    ["name": "warehouse", "type": "postgres", "postgresConnection": postgres(marker + "-att")],
                    ["name": "lake", "type": "s3", "s3Connection": [
                        "accessKeyId": "AKIAEXAMPLE", "secretAccessKey": marker + "-s3secret", "region": "eu-west-1",
                        "endpoint": "http://127.0.0.1:9000", "sessionToken": marker + "-s3token",
                    ]],
                    ["name": "gcs_bucket", "type": "gcs", "gcsConnection": ["keyId": "GOOG1EXAMPLE", "secret": marker + "-gcs"]],
                    ["name": "bq", "type": "bigquery", "bigqueryConnection": bigquery(marker + "-att")],
                    ["name": "sf", "type": "snowflake", "snowflakeConnection": snowflake(marker + "-att")],
                ]
            ]
        case .motherduck: ["accessToken": marker + "-mdtoken", "database": "my_db"]
        case .trino:
            [
                "server": "https://trino.internal", "port": 8443, "catalog": "hive", "schema": "default",
                "user": "reader", "password": marker + "-trpw", "peakaKey": marker + "-peaka",
            ]
        }
    }

    /// A POST or PATCH body carrying only `type`'s object.
    static func body(_ type: ConnectionType, marker: String = "m") -> String {
        json([type.settingsKey: object(type, marker: marker)])
    }

    /// The duckdb object exactly as the platform's PATCH page shows it: one attached database
    /// of type bigquery that carries all five kinds of settings object.
    static func seedDuckDB(_ marker: String) -> [String: Any] {
        [
            "attachedDatabases": [
                [
                    "name": "test_connection", "type": "bigquery",
                    "attributes": ["dialectName": "standardsql", "isPool": true, "canPersist": true, "canStream": true],
                    "bigqueryConnection": bigquery(marker),
                    "snowflakeConnection": snowflake(marker),
                    "postgresConnection": postgres(marker),
                    "gcsConnection": ["keyId": "GOOG1EXAMPLE", "secret": marker + "-gcs"],
                    "s3Connection": [
                        "accessKeyId": "AKIAEXAMPLE", "secretAccessKey": marker + "-s3", "region": "us-east-1",
                        "endpoint": "https://s3.amazonaws.com", "sessionToken": marker + "-s3tok",
                    ],
                ]
            ]
        ]
    }

    /// Each of the seed's seven objects with real values in place of its placeholders.
    static func seedObject(_ type: ConnectionType, marker: String = "m") -> String {
        json([type.settingsKey: type == .duckdb ? seedDuckDB(marker) : object(type, marker: marker)])
    }
}
