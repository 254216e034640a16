package ai.factory.gateway.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.gateway.admin.KeyService;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/** perMethod() gives every test a gateway of its own: a fresh database, so nothing one test wrote is seen by the next. */
class GatewayFixturePerMethodIT {

    private static final Set<String> DATABASES = ConcurrentHashMap.newKeySet();

    @RegisterExtension
    static final GatewayFixture gw = GatewayFixture.builder().redisDatabase(54).tenant("acme").perMethod().build();

    @RepeatedTest(2)
    void each_test_starts_on_a_database_of_its_own(GatewayApp app) {
        assertTrue(DATABASES.add(gw.jdbcUrl()), "a new database for this test: " + gw.jdbcUrl());
        assertTrue(gw.redisUri().endsWith("/54"), gw.redisUri());
        KeyService keys = app.context().getBean(KeyService.class);
        assertEquals(List.of("acme"), keys.tenants().stream().map(t -> t.id()).toList(),
                "only the declared tenant: what the other repetition created is gone");
        keys.createTenant("left-over", "left-over");
    }
}
