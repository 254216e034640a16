package ai.factory.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.core.util.PathMatcher;
import java.util.List;
import org.junit.jupiter.api.Test;

class PathPatternsTest {

    private static final String[] PATTERNS = {"/admin/**", "/v1/usage", "/v1/limits", "/v1/products", "/v1/products/*",
        "/v1/openapi.json"};
    private static final List<String> PATHS = List.of("/admin", "/admin/", "/admin/tenants", "/admin/tenants/t1/keys",
            "//admin/tenants", "/administrator", "/Admin/tenants", "/x/admin", "/v1/usage", "/v1/usage/", "/v1/usage/x",
            "/V1/USAGE", "/v1/limits", "/v1/products", "/v1/products/", "/v1/products/chat", "/v1/products/chat/invoke",
            "/v1/openapi.json", "/v1/openapiXjson", "/v1/chat/completions", "/v1/completions", "/v1/embeddings",
            "/v1/models", "/health", "/prometheus", "/", "", "/v1//usage", "/v1/usage;x");

    @Test
    void matches_exactly_what_micronauts_ant_matcher_matches_for_a_filter() {
        PathPatterns patterns = new PathPatterns(PATTERNS);
        for (String path : PATHS) {
            boolean ant = false;
            for (String pattern : PATTERNS) {
                ant |= PathMatcher.ANT.matches(pattern, path);
            }
            assertEquals(ant, patterns.matches(path), path);
        }
    }

    @Test
    void the_proxy_paths_match_nothing_and_the_pages_do() {
        PathPatterns patterns = new PathPatterns(PATTERNS);
        assertFalse(patterns.matches("/v1/chat/completions"));
        assertFalse(patterns.matches(null));
        assertTrue(patterns.matches("/admin/tenants"));
        assertTrue(patterns.matches("/v1/products/chat"));
    }

    @Test
    void a_patterns_literal_is_its_longest_segment_without_a_wildcard() {
        assertEquals("openapi.json", PathPatterns.literal("/v1/openapi.json"));
        assertEquals("products", PathPatterns.literal("/v1/products/*"));
        assertEquals("admin", PathPatterns.literal("/admin/**"));
        assertEquals("", PathPatterns.literal("/**"));
    }
}
