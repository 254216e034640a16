package ai.factory.gateway.config;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import java.util.List;
import java.util.Map;

/**
 * {@code gateway.pools.<name>}: a pool of model servers.
 *
 * <pre>
 * gateway.pools.gpu-a:
 *   protocol: openai
 *   api-key: ...            # sent to the backends, never the tenant's key
 *   endpoints:
 *     - url: http://10.0.0.7:8000
 *       weight: 2
 *       max-concurrent: 64
 * </pre>
 */
@EachProperty("gateway.pools")
public final class PoolConfig {

    private final String name;
    private String protocol = "openai";
    private String apiKey;
    private int defaultMaxConcurrent = 64;
    private List<Map<String, Object>> endpoints = List.of();

    public PoolConfig(@Parameter String name) {
        this.name = name;
    }

    public String getName() {
        return name;
    }

    public String getProtocol() {
        return protocol;
    }

    public void setProtocol(String protocol) {
        this.protocol = protocol;
    }

    public String getApiKey() {
        return apiKey;
    }

    public void setApiKey(String apiKey) {
        this.apiKey = apiKey;
    }

    public int getDefaultMaxConcurrent() {
        return defaultMaxConcurrent;
    }

    public void setDefaultMaxConcurrent(int defaultMaxConcurrent) {
        this.defaultMaxConcurrent = defaultMaxConcurrent;
    }

    public List<Map<String, Object>> getEndpoints() {
        return endpoints;
    }

    public void setEndpoints(List<Map<String, Object>> endpoints) {
        this.endpoints = endpoints;
    }
}
