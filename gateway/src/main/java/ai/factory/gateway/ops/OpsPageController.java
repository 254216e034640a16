package ai.factory.gateway.ops;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;

/**
 * The operators' dashboard at {@code /ops}: static files, public on purpose. The page holds no
 * data; it signs in with the admin token (kept in the tab's sessionStorage) and reads the
 * protected {@code /admin/usage} and {@code /admin/ops/metrics} APIs with it.
 */
@Controller("/ops")
public class OpsPageController {

    private final OpsAssets assets = new OpsAssets();

    @Get
    public HttpResponse<byte[]> page() {
        return serve("index.html");
    }

    @Get("/{name}")
    public HttpResponse<byte[]> asset(@PathVariable String name) {
        return serve(name);
    }

    private HttpResponse<byte[]> serve(String name) {
        OpsAssets.Asset asset = assets.get(name);
        if (asset == null) {
            return HttpResponse.notFound();
        }
        return HttpResponse.ok(asset.bytes()).contentType(asset.contentType())
                .header("cache-control", "no-cache")
                .header("x-content-type-options", "nosniff")
                // Everything the page needs is on this origin: no CDN, and nothing else may run.
                // No other site may frame it (clickjacking the operator's signed-in tab).
                .header("content-security-policy",
                        "default-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'")
                .header("x-frame-options", "DENY");
    }
}
