package ai.factory.observability.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/**
 * Every query of the dashboards ({@code dashboards/*.json}, Grafana) and alert rules
 * ({@code alerts/*.yaml}, Prometheus) under one observability folder, so a test can check that
 * each metric they name is one the gateway exports: a renamed metric must not leave a panel blank
 * or an alert silent.
 */
public final class QueryCatalog {

    private final List<Query> queries;
    private final Set<String> recorded;

    private QueryCatalog(List<Query> queries, Set<String> recorded) {
        this.queries = List.copyOf(queries);
        this.recorded = Set.copyOf(recorded);
    }

    public static QueryCatalog load(Path observabilityDir) {
        List<Query> queries = new ArrayList<>();
        Set<String> recorded = new HashSet<>();
        for (Path file : files(observabilityDir.resolve("dashboards"), ".json")) {
            GrafanaQueries.read(readJson(file), name(observabilityDir, file), queries);
        }
        for (Path file : files(observabilityDir.resolve("alerts"), ".yaml")) {
            RuleQueries.read(readYaml(file), name(observabilityDir, file), queries, recorded);
        }
        return new QueryCatalog(queries, recorded);
    }

    public List<Query> queries() {
        return queries;
    }

    /**
     * Each metric the queries read, with the queries that read it. Names that a recording rule
     * in the same folder produces are left out: Prometheus makes those, not the gateway.
     */
    public Map<String, List<Query>> metricsQueried() {
        Map<String, List<Query>> byMetric = new TreeMap<>();
        for (Query query : queries) {
            for (String metric : query.metricNames()) {
                if (!recorded.contains(metric)) {
                    byMetric.computeIfAbsent(metric, m -> new ArrayList<>()).add(query);
                }
            }
        }
        return byMetric;
    }

    private static List<Path> files(Path dir, String suffix) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> listing = Files.list(dir)) {
            return listing.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String name(Path root, Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }

    private static JsonNode readJson(Path file) {
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("not valid JSON: " + file, e);
        }
    }

    private static Object readYaml(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return new Yaml().load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(file.toString(), e);
        }
    }
}
