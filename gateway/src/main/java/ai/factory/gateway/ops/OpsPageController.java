package ai.factory.gateway.ops;

import ai.factory.gateway.portal.PageAssets;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;

/**
 * The operators' console at {@code /ops}: static files, public on purpose. The page holds no
 * data; it signs in with the admin token (kept in the tab's sessionStorage, sent as a Bearer
 * header, never a cookie) and uses only the protected admin API: usage, live metrics, tenants,
 * keys, policies, entitlements, the request explorer. Headers: {@link PageAssets#secure}.
 */
@Controller("/ops")
public class OpsPageController {

    private final PageAssets assets = new PageAssets("ops", "index.html", "ops.css", "main.js", "dashboard.js",
            "manage.js", "tenant.js", "explorer.js", "forms.js", "common/dom.js", "common/api.js");

    @Get
    public HttpResponse<byte[]> page() {
        return assets.serve("index.html");
    }

    @Get("/{name}")
    public HttpResponse<byte[]> asset(@PathVariable String name) {
        return assets.serve(name);
    }

    @Get("/common/{name}")
    public HttpResponse<byte[]> common(@PathVariable String name) {
        return assets.serve("common/" + name);
    }
}
