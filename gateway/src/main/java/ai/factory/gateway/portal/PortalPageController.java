package ai.factory.gateway.portal;

import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;

/**
 * The developers' portal at {@code /portal}: static files, public on purpose. The page holds no
 * data; it signs in with a tenant key (kept in the tab's sessionStorage, sent as a Bearer header,
 * never a cookie) and reads the tenant's own APIs: products, usage, limits, the OpenAPI document.
 */
@Controller("/portal")
public class PortalPageController {

    private final PageAssets assets = new PageAssets("portal", "index.html", "portal.css", "main.js", "catalog.js",
            "schema-doc.js", "try-it.js", "usage.js", "snippets.js", "common/dom.js", "common/api.js");

    @Get
    public MutableHttpResponse<byte[]> page() {
        return assets.serve("index.html");
    }

    @Get("/{name}")
    public MutableHttpResponse<byte[]> asset(@PathVariable String name) {
        return assets.serve(name);
    }

    @Get("/common/{name}")
    public MutableHttpResponse<byte[]> common(@PathVariable String name) {
        return assets.serve("common/" + name);
    }
}
