package ai.factory.gateway.support;

import ai.factory.emulator.EmulatorConfig;
import java.util.List;

/**
 * One backend a {@link GatewayFixture} declares: what runs it, and each endpoint's concurrency
 * limit; {@code pool} false for a server the gateway reaches through a property (a chat
 * platform's API) rather than as a pool.
 */
record PoolSpec(String name, Kind kind, int count, EmulatorConfig.Builder emulator, List<String> urls,
                int maxConcurrent, boolean pool, String server) {

    static final int DEFAULT_MAX_CONCURRENT = 64;

    enum Kind { EMULATOR, WIREMOCK, URLS, ON_SERVER }

    static PoolSpec emulators(String name, int count, EmulatorConfig.Builder config) {
        return new PoolSpec(name, Kind.EMULATOR, count, config, List.of(), DEFAULT_MAX_CONCURRENT, true, null);
    }

    static PoolSpec wiremock(String name) {
        return new PoolSpec(name, Kind.WIREMOCK, 1, null, List.of(), DEFAULT_MAX_CONCURRENT, true, null);
    }

    static PoolSpec urls(String name, String... urls) {
        return new PoolSpec(name, Kind.URLS, urls.length, null, List.of(urls), DEFAULT_MAX_CONCURRENT, true, null);
    }

    /** Endpoints at {@code paths} under a server declared earlier: several "backends" on one WireMock. */
    static PoolSpec onServer(String name, String server, String... paths) {
        return new PoolSpec(name, Kind.ON_SERVER, paths.length, null, List.of(paths), DEFAULT_MAX_CONCURRENT, true,
                server);
    }

    PoolSpec notAPool() {
        return new PoolSpec(name, kind, count, emulator, urls, maxConcurrent, false, server);
    }

    PoolSpec withMaxConcurrent(int limit) {
        return new PoolSpec(name, kind, count, emulator, urls, limit, pool, server);
    }
}
