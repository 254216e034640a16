package ai.factory.gateway.portal;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * A page's files, read from the jar once at start-up, served with the headers every page of ours
 * carries. A fixed list, so no request can name another file. Chart.js comes from its webjar:
 * no third-party origin, works offline.
 */
public final class PageAssets {

    /**
     * Only this origin's files may load or be fetched; no inline script or style; no framing;
     * forms never submit by themselves (the scripts send them, with the credential as a header).
     */
    public static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'";

    private static final String CHART_WEBJAR = "META-INF/resources/webjars/chart.js/";

    private record Asset(byte[] bytes, String contentType) {
    }

    private final Map<String, Asset> assets = new HashMap<>();

    /**
     * @param folder the page's resource folder, e.g. {@code portal}
     * @param files its files; a name starting with {@code common/} is read from the shared {@code pages/} folder
     */
    public PageAssets(String folder, String... files) {
        ClassLoader loader = PageAssets.class.getClassLoader();
        for (String file : files) {
            String resource = file.startsWith("common/") ? "pages/" + file.substring(7) : folder + "/" + file;
            assets.put(file, new Asset(read(loader, resource), type(file)));
        }
        assets.put("chart.umd.min.js", new Asset(read(loader, CHART_WEBJAR + chartJsVersion(loader)
                + "/dist/chart.umd.min.js"), type(".js")));
    }

    public MutableHttpResponse<byte[]> serve(String name) {
        Asset asset = assets.get(name);
        if (asset == null) {
            return secure(HttpResponse.notFound());
        }
        return secure(HttpResponse.ok(asset.bytes()).contentType(asset.contentType()));
    }

    /** The headers of every page response, the 404 included. */
    public static <T> MutableHttpResponse<T> secure(MutableHttpResponse<T> response) {
        return response.header("cache-control", "no-store")
                .header("x-content-type-options", "nosniff")
                .header("referrer-policy", "no-referrer")
                .header("x-frame-options", "DENY")
                .header("content-security-policy", CSP);
    }

    private static String type(String file) {
        if (file.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        return file.endsWith(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8";
    }

    /** The webjar's own record of its version, so upgrading the dependency needs no code change. */
    private static String chartJsVersion(ClassLoader loader) {
        try (InputStream in = loader.getResourceAsStream("META-INF/maven/org.webjars.npm/chart.js/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("the chart.js webjar is not on the classpath");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(ClassLoader loader, String path) {
        try (InputStream in = loader.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
