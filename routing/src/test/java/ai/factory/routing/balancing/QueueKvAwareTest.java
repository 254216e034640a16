package ai.factory.routing.balancing;

import static ai.factory.routing.support.TestEndpoints.endpoints;
import static ai.factory.routing.support.TestEndpoints.load;
import static org.junit.jupiter.api.Assertions.assertSame;

import ai.factory.routing.pool.Endpoint;
import ai.factory.routing.pool.ServerLoad;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class QueueKvAwareTest {

    private final AtomicLong now = new AtomicLong(10_000_000_000L);
    private final QueueKvAware balancer = new QueueKvAware(Duration.ofMillis(500), now::get);

    private void scraped(Endpoint e, double waiting, double kv) {
        e.updateServerLoad(new ServerLoad(waiting, 8, kv, now.get()));
    }

    @Test
    void prefers_the_endpoint_with_the_shortest_server_queue() {
        List<Endpoint> pool = endpoints(3, 64);
        scraped(pool.get(0), 12, 0.5);
        scraped(pool.get(1), 0, 0.5);
        scraped(pool.get(2), 6, 0.5);
        assertSame(pool.get(1), balancer.acquire(pool));
    }

    @Test
    void prefers_free_kv_cache_when_queues_are_equal() {
        List<Endpoint> pool = endpoints(2, 64);
        scraped(pool.get(0), 0, 0.95);
        scraped(pool.get(1), 0, 0.20);
        assertSame(pool.get(1), balancer.acquire(pool));
    }

    @Test
    void counts_requests_sent_since_the_last_scrape() {
        List<Endpoint> pool = endpoints(2, 64);
        scraped(pool.get(0), 0, 0.3);
        scraped(pool.get(1), 0, 0.3);
        load(pool.get(0), 10);
        assertSame(pool.get(1), balancer.acquire(pool));
    }

    @Test
    void stale_metrics_count_as_saturated() {
        List<Endpoint> pool = endpoints(2, 64);
        scraped(pool.get(0), 0, 0.0);
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        scraped(pool.get(1), 20, 0.9);
        // Endpoint 0 looked idle, but a second ago: it may be down or swamped by now.
        assertSame(pool.get(1), balancer.acquire(pool));
    }

    @Test
    void with_no_fresh_metrics_at_all_falls_back_to_least_outstanding() {
        List<Endpoint> pool = endpoints(3, 64);
        load(pool.get(0), 4);
        load(pool.get(1), 1);
        load(pool.get(2), 3);
        assertSame(pool.get(1), balancer.acquire(pool));
    }
}
