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

    static func serviceAccountKey(_ marker: String) -> String {
        json([
            "type": "service_account", "project_id": "analytics-prod",
            "client_email": "reader@analytics-prod.iam.gserviceaccount.com", "private_key": pem(marker),
        ])
    }

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
            "privateKey": pem(marker + "-sfkey"), "privateKeyPass": marker + "-sfpass", "warehouse": "COMPUTE_WH",
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
