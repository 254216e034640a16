package ai.factory.gateway.http;

import io.micronaut.core.util.PathMatcher;
import java.util.Arrays;

/**
 * Ant-style path patterns, matched as Micronaut matches a filter's, for a filter declared on
 * {@code /**}. Micronaut matches a filter with any other pattern on every request, tokenizing
 * pattern and path each time, and then sorts the request's filters again; a {@code /**} filter it
 * keeps in one sorted list. Here a path is given to the matcher only when it contains the
 * pattern's longest literal segment (no path without it can match), so the proxy paths never are.
 */
public final class PathPatterns {

    private final String[] patterns;
    private final String[] literals;

    public PathPatterns(String... patterns) {
        this.patterns = patterns.clone();
        this.literals = Arrays.stream(patterns).map(PathPatterns::literal).toArray(String[]::new);
    }

    public boolean matches(String path) {
        if (path == null) {
            return false;
        }
        for (int i = 0; i < patterns.length; i++) {
            if (path.contains(literals[i]) && PathMatcher.ANT.matches(patterns[i], path)) {
                return true;
            }
        }
        return false;
    }

    /** The longest segment without a wildcard: every path the pattern matches contains it. */
    static String literal(String pattern) {
        String longest = "";
        for (String segment : pattern.split("/")) {
            if (segment.indexOf('*') < 0 && segment.indexOf('?') < 0 && segment.indexOf('{') < 0
                    && segment.length() > longest.length()) {
                longest = segment;
            }
        }
        return longest;
    }
}
