package ai.factory.gateway.hostile;

import ai.factory.gateway.hostile.HostileRequest.Tenant;
import ai.factory.gateway.hostile.RawHttp.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Sends generated requests to a gateway over raw sockets, many at once, and keeps every answer. */
final class HostileRun {

    /** A request and what came back (status 0: no response). */
    record Outcome(HostileRequest request, Response response) {
    }

    /** Bad keys come from another loopback address, so a limit on failed logins per address never touches the tenants. */
    static final String STRANGER = "127.0.0.2";

    private HostileRun() {
    }

    static List<Outcome> run(int port, Map<Tenant, String> keys, List<HostileRequest> requests, int threads)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Outcome>> futures = new ArrayList<>(requests.size());
            for (int i = 0; i < requests.size(); i++) {
                HostileRequest r = requests.get(i);
                long seed = i;
                futures.add(pool.submit(() -> new Outcome(r, RawHttp.exchange(port,
                        r.tenant() == Tenant.NONE ? STRANGER : null, head(r, keys), r.body(), r.delivery(), seed, timeout(r)))));
            }
            List<Outcome> outcomes = new ArrayList<>(requests.size());
            for (Future<Outcome> f : futures) {
                outcomes.add(f.get());
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    /** A request whose framing lies (no truthful length) may leave the server waiting for bytes that never come. */
    private static int timeout(HostileRequest r) {
        return r.contentLength() ? 20_000 : 5_000;
    }

    static byte[] head(HostileRequest r, Map<Tenant, String> keys) {
        List<String> lines = new ArrayList<>();
        lines.add("host: localhost");
        lines.add("connection: close");
        String key = keys.get(r.tenant());
        boolean ownAuth = r.headers().stream().anyMatch(l -> l.toLowerCase(Locale.ROOT).startsWith("authorization"));
        if (key != null && !ownAuth) {
            lines.add("authorization: Bearer " + key);
        }
        for (String line : r.headers()) {
            lines.add(key == null ? line : line.replace("{KEY}", key));
        }
        if (r.contentLength()) {
            lines.add("content-length: " + r.body().length);
        }
        return RawHttp.head(r.requestLine(), lines);
    }
}
