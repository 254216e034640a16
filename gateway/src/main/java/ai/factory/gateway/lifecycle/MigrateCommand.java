package ai.factory.gateway.lifecycle;

import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * {@code java -jar gateway.jar migrate}: applies the database migrations and exits. Deployments
 * run it once per release (a Kubernetes Job, a Cloud Run job) and start the servers with
 * {@code GATEWAY_MIGRATE_ON_START=false}, so no instance's start waits on Flyway. Plain Flyway,
 * no application context: it needs nothing but the database settings.
 */
public final class MigrateCommand {

    static final String LOCATION = "classpath:db/migration";

    private MigrateCommand() {
    }

    public static MigrateResult run(Map<String, String> env) {
        String url = setting(env, "DATASOURCES_DEFAULT_URL", "datasources.default.url");
        if (url == null) {
            throw new IllegalArgumentException("migrate needs DATASOURCES_DEFAULT_URL (a jdbc:postgresql:// URL)");
        }
        String user = setting(env, "DATASOURCES_DEFAULT_USERNAME", "datasources.default.username");
        String password = setting(env, "DATASOURCES_DEFAULT_PASSWORD", "datasources.default.password");
        return Flyway.configure()
                .dataSource(url, user, password == null ? "" : password)
                .locations(LOCATION)
                .load()
                .migrate();
    }

    private static String setting(Map<String, String> env, String variable, String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = env.get(variable);
        }
        return value == null || value.isBlank() ? null : value;
    }
}
