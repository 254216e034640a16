package ai.factory.gateway.local;

import ai.factory.gateway.admin.AdminConfig;
import ai.factory.gateway.admin.KeyService;
import ai.factory.gateway.auth.ApiKeyCodec;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local run's demo tenant and key: {@code GATEWAY_DEMO_KEY} if set, else the key kept in
 * {@code data/demo-key}, else a new one. Printed at start-up with a request to try.
 */
@Singleton
@Requires(env = "local")
public class DemoTenant implements ApplicationEventListener<ServerStartupEvent> {

    static final String TENANT = "demo";
    private static final Logger LOG = LoggerFactory.getLogger(DemoTenant.class);

    private final KeyService keys;
    private final AdminConfig admin;
    private final Path dataDir;
    private final String configuredKey;

    public DemoTenant(KeyService keys, AdminConfig admin, @Value("${gateway.local.data-dir:data}") String dataDir,
            @Value("${gateway.demo.key:}") String configuredKey) {
        this.keys = keys;
        this.admin = admin;
        this.dataDir = Path.of(dataDir);
        this.configuredKey = configuredKey;
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        Path keyFile = dataDir.resolve("demo-key");
        String key;
        if (configuredKey != null && !configuredKey.isBlank()) {
            key = configuredKey.trim();
            LocalSecrets.write(keyFile, key);
        } else {
            // A checksummed key like any other (older data dirs keep their unversioned sk-gw-demo… key).
            key = LocalSecrets.readOrCreate(keyFile, ApiKeyCodec::newKey);
        }
        if (keys.tenants().stream().noneMatch(t -> t.id().equals(TENANT))) {
            keys.createTenant(TENANT, "Demo tenant");
        }
        if (!keys.keyExists(key)) {
            keys.issueKey(TENANT, "demo", List.of(), null, key);
        }
        int port = event.getSource().getPort();
        // Secrets are never logged: the banner says where they are kept, so a shared terminal or a
        // collected log does not hand out the operator's token or the demo key.
        LOG.info("""

                ==========================================================================
                 AI Factory Gateway (local run) on http://localhost:{}
                 demo tenant '{}', API key in {}
                 admin token {}
                 try:
                   curl -s localhost:{}/v1/chat/completions -H "Authorization: Bearer $(cat {})" \\
                     -H 'content-type: application/json' \\
                     -d '{"model":"chat-default","messages":[{"role":"user","content":"Hello"}]}'
                ==========================================================================""",
                port, TENANT, keyFile, adminTokenWhere(), port, keyFile);
    }

    /** Where the admin token comes from, never the token itself. */
    private String adminTokenWhere() {
        Path file = dataDir.resolve("admin-token");
        try {
            if (admin.token() != null && Files.exists(file) && Files.readString(file).trim().equals(admin.token())) {
                return "in " + file;
            }
        } catch (IOException e) {
            // unreadable: say only that it is configured
        }
        return admin.token() == null || admin.token().isBlank()
                ? "not set: the admin API is disabled (set GATEWAY_ADMIN_TOKEN)"
                : "from GATEWAY_ADMIN_TOKEN (gateway.admin.token)";
    }
}
