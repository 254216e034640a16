package ai.factory.simulation;

import ai.factory.emulator.Emulator;
import ai.factory.emulator.EmulatorConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** N emulated GPU servers with prefix KV caches, fresh (cold caches) for every run. */
final class Fleet implements AutoCloseable {

    private static final Pattern HITS = Pattern.compile("^vllm:prefix_cache_hits_total\\{[^}]*\\} (\\d+)", Pattern.MULTILINE);
    private static final Pattern QUERIES = Pattern.compile("^vllm:prefix_cache_queries_total\\{[^}]*\\} (\\d+)", Pattern.MULTILINE);

    private final List<Emulator> servers = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Fleet(Settings s, Scenario.FleetOptions options) {
        EmulatorConfig config = EmulatorConfig.builder().port(0)
                .ttftMillis(s.ttftMs()).interTokenMillis(s.itlMs()).batchSlowdown(s.batchSlowdown())
                .batchSlots(s.slots()).maxQueue(s.maxQueue())
                .kvCacheBlocks(options.prefixCache() ? s.kvBlocks() : 0).blockTokens(s.blockTokens())
                .prefillMicrosPerToken(s.prefillUsPerToken())
                .kvEventsEndpoint(options.kvEvents() ? "tcp://127.0.0.1:*" : "")
                .maxLoras(options.maxLoras()).loraLoadMillis(options.loraLoadMs())
                .servedModels(options.maxLoras() > 0 ? List.of(Workload.BASE_MODEL) : List.of())
                .build();
        for (int i = 0; i < s.endpoints(); i++) {
            servers.add(Emulator.start(config));
        }
    }

    List<URI> urls() {
        return servers.stream().map(e -> URI.create(e.baseUrl())).toList();
    }

    /** Each server's KV-event address, in the order of {@link #urls()}; null entries when off. */
    List<String> kvEventEndpoints() {
        return servers.stream().map(Emulator::kvEventsEndpoint).toList();
    }

    /** Prompt tokens found in / looked up in the prefix caches, summed over the fleet. */
    long[] prefixCounters() {
        long hits = 0;
        long queries = 0;
        for (Emulator server : servers) {
            try {
                String page = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/metrics")).GET().build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                hits += number(HITS, page);
                queries += number(QUERIES, page);
            } catch (Exception e) {
                throw new IllegalStateException("could not scrape " + server.baseUrl(), e);
            }
        }
        return new long[] {hits, queries};
    }

    private static long number(Pattern pattern, String page) {
        Matcher m = pattern.matcher(page);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    @Override
    public void close() {
        servers.forEach(Emulator::close);
    }
}
