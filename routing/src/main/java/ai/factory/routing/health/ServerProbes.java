package ai.factory.routing.health;

import ai.factory.routing.pool.Endpoint;
import ai.factory.routing.pool.Pool;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Polls every endpoint of the pools it is given: {@code GET /health} for active health checks,
 * {@code GET /metrics} for the queue- and KV-aware balancer. One timer thread only fires the
 * probes; the JDK client sends them asynchronously, so a slow server delays nothing but its own
 * probe, and a probe still out when the next tick comes is not sent twice. Each tick reads the
 * pool's current endpoint list, so endpoints added or removed by a reload are picked up. The
 * client is built by the first probe, on the timer thread: building it takes about 100 ms of
 * CPU, which the gateway's start (on its main thread) and a deployment without probes need not pay.
 */
public final class ServerProbes implements AutoCloseable {

    /** Only read and written on the timer thread. */
    private HttpClient client;
    private final ScheduledExecutorService timer;
    private final Set<String> outstanding = ConcurrentHashMap.newKeySet();

    public ServerProbes() {
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "routing-probes");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Checks {@code /health} every {@code interval}; a 200 within {@code timeout} is healthy. */
    public void watchHealth(Pool pool, Duration interval, Duration timeout) {
        every(pool, interval, endpoint -> probe(endpoint, "/health", timeout,
                response -> endpoint.guard().onHealthCheck(response != null && response.statusCode() == 200)));
    }

    /** Scrapes {@code /metrics} every {@code interval} into each endpoint's {@link Endpoint#serverLoad()}. */
    public void scrapeMetrics(Pool pool, Duration interval, Duration timeout) {
        every(pool, interval, endpoint -> probe(endpoint, "/metrics", timeout, response -> {
            if (response != null && response.statusCode() == 200) {
                try {
                    endpoint.updateServerLoad(PrometheusText.load(response.body(), System.nanoTime()));
                } catch (RuntimeException unreadable) {
                    // Left stale on purpose: the balancer treats stale metrics as saturation.
                }
            }
        }));
    }

    private void every(Pool pool, Duration interval, Consumer<Endpoint> probe) {
        timer.scheduleWithFixedDelay(() -> pool.endpoints().forEach(probe), 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Sends one probe unless the previous one to the same URL is still out; null response = no answer. */
    private void probe(Endpoint endpoint, String path, Duration timeout, Consumer<HttpResponse<String>> onAnswer) {
        URI uri = endpoint.resolve(path);
        String key = uri.toString();
        if (!outstanding.add(key)) {
            return;
        }
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        client().sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
            outstanding.remove(key);
            onAnswer.accept(error == null ? response : null);
        });
    }

    private HttpClient client() {
        if (client == null) {
            client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(1)).build();
        }
        return client;
    }

    /** Whether a probe has been sent, so the client exists (tests). */
    boolean clientBuilt() {
        try {
            return timer.submit(() -> client != null).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
