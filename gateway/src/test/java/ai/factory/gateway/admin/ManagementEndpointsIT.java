package ai.factory.gateway.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.GatewayFixture;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import io.micronaut.web.router.Router;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Management endpoints answer operators only: anonymous callers get 401 or 404 on every one of
 * them, however the path is spelled, except a status-only {@code /health}.
 */
class ManagementEndpointsIT {

    private static final List<String> KNOWN = List.of("/beans", "/info", "/health", "/health/liveness",
            "/health/readiness", "/loggers", "/metrics", "/prometheus", "/refresh", "/routes", "/env", "/threaddump",
            "/stop", "/caches", "/loggers/ROOT", "/metrics/jvm.memory.used", "/env/micronaut", "/caches/x");
    private static final Set<String> HEALTH = Set.of("/health", "/health/liveness", "/health/readiness");

    @RegisterExtension
    static final GatewayFixture gw = GatewayFixture.builder()
            .property("gateway.admin.scrape-token", "scrape-secret")
            .tenant("acme")
            .build();

    /** Every path the running app serves that is not one of ours, plus Micronaut's known ones. */
    private static Set<String> managementPaths() {
        Set<String> paths = new TreeSet<>(KNOWN);
        gw.app().context().getBean(Router.class).uriRoutes()
                .filter(route -> !route.getDeclaringType().getPackageName().startsWith("ai.factory"))
                .map(route -> route.getUriMatchTemplate().expand(Map.of()).replaceAll("\\{[^}]*}", "x"))
                .forEach(paths::add);
        return paths;
    }

    private static List<String> spellings(String path) {
        String name = path.substring(1);
        return List.of(path, "/" + path, path + "/", "/%" + Integer.toHexString(name.charAt(0)) + name.substring(1),
                path + ";x", path.toUpperCase(), "/./" + name, "/x/.." + path);
    }

    private static HttpResponse<String> call(String method, String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(gw.app().uri("").toString() + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, method.equals("GET") || method.equals("HEAD") ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString("{}"))
                .header("content-type", "application/json");
        if (token != null) {
            builder.header("authorization", "Bearer " + token);
        }
        return gw.app().send(builder.build());
    }

    @Test
    void anonymous_callers_get_401_or_404_on_every_management_path_however_spelled() {
        List<String> open = new ArrayList<>();
        for (String path : managementPaths()) {
            for (String spelling : spellings(path)) {
                for (String method : List.of("GET", "HEAD", "POST", "DELETE")) {
                    HttpResponse<String> response = call(method, spelling, null);
                    int status = response.statusCode();
                    boolean health = path.startsWith("/health") && (method.equals("GET") || method.equals("HEAD"));
                    if (health && (status == 200 || status == 503)) {
                        if (response.body().contains("details")) {
                            open.add(method + " " + spelling + " -> " + status + " with details");
                        }
                    } else if (status != 401 && status != 404 && status != 405) {
                        open.add(method + " " + spelling + " -> " + status);
                    }
                }
            }
        }
        assertTrue(open.isEmpty(), "open to anonymous callers: " + open);
    }

    @Test
    void health_stays_anonymous_with_the_status_only() {
        for (String path : HEALTH) {
            HttpResponse<String> response = call("GET", path, null);
            assertEquals(200, response.statusCode(), path + " " + response.body());
            assertTrue(response.body().contains("\"status\""), response.body());
            assertFalse(response.body().contains("details"), response.body());
        }
    }

    @Test
    void the_admin_token_opens_health_details_and_prometheus() {
        HttpResponse<String> health = call("GET", "/health", GatewayApp.ADMIN_TOKEN);
        assertEquals(200, health.statusCode(), health.body());
        assertTrue(health.body().contains("details"), health.body());
        HttpResponse<String> metrics = call("GET", "/prometheus", GatewayApp.ADMIN_TOKEN);
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains("# HELP"), metrics.body());
        assertEquals(401, call("GET", "/prometheus", "wrong-token").statusCode());
    }

    @Test
    void the_scrape_token_reads_prometheus_and_nothing_else() {
        assertEquals(200, call("GET", "/prometheus", "scrape-secret").statusCode());
        HttpResponse<String> health = call("GET", "/health", "scrape-secret");
        assertFalse(health.body().contains("details"), health.body());
        assertEquals(401, call("GET", "/admin/tenants", "scrape-secret").statusCode());
    }

    @Test
    void endpoints_without_a_use_are_switched_off_even_for_the_operator() {
        for (String path : List.of("/beans", "/routes", "/threaddump", "/env", "/loggers", "/refresh", "/info",
                "/metrics", "/caches", "/stop")) {
            assertEquals(404, call("GET", path, GatewayApp.ADMIN_TOKEN).statusCode(), path);
            assertEquals(404, call("POST", path, GatewayApp.ADMIN_TOKEN).statusCode(), path);
        }
    }

    @Test
    void admin_routes_refuse_odd_spellings_without_the_token() {
        for (String spelling : spellings("/admin/tenants")) {
            int status = call("GET", spelling, null).statusCode();
            assertTrue(status == 401 || status == 404, spelling + " -> " + status);
        }
        assertEquals(200, call("GET", "/admin/tenants", GatewayApp.ADMIN_TOKEN).statusCode());
    }
}
