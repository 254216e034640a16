package ai.factory.gateway.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.gateway.support.TestServers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code gateway.jar migrate} against a real, empty PostgreSQL database. */
class MigrateCommandIT {

    @Test
    void migrates_an_empty_database_once_and_is_a_no_op_the_second_time() throws Exception {
        String url = TestServers.newDatabaseUrl();
        Map<String, String> env = Map.of("DATASOURCES_DEFAULT_URL", url, "DATASOURCES_DEFAULT_USERNAME", "postgres");

        assertTrue(MigrateCommand.run(env).migrationsExecuted > 0);
        assertEquals(0, MigrateCommand.run(env).migrationsExecuted);

        try (Connection c = DriverManager.getConnection(url, "postgres", "");
                ResultSet rs = c.createStatement().executeQuery("select count(*) from tenants")) {
            rs.next();
            assertEquals(0, rs.getInt(1));
        }
    }

    @Test
    void refuses_to_run_without_a_database_url() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MigrateCommand.run(Map.of()));
        assertTrue(e.getMessage().contains("DATASOURCES_DEFAULT_URL"));
    }
}
