import SwitchyardServer
import Testing

@Suite struct ConfigurationTests {
    @Test func warmPostgresConnectionsAreReadAndBounded() throws {
        #expect(try Configuration(environment: [:]).postgresWarmConnections == 2)
        #expect(try Configuration(environment: ["SWITCHYARD_POSTGRES_WARM_CONNECTIONS": "0"]).postgresWarmConnections == 0)
        #expect(try Configuration(environment: ["SWITCHYARD_POSTGRES_WARM_CONNECTIONS": "8"]).postgresWarmConnections == 8)
        for wrong in ["9", "-1", "two"] {
            let error = #expect(throws: Configuration.Invalid.self) {
                try Configuration(environment: ["SWITCHYARD_POSTGRES_WARM_CONNECTIONS": wrong])
            }
            #expect(error?.description.contains("SWITCHYARD_POSTGRES_WARM_CONNECTIONS") == true)
        }
    }
}
