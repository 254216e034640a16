package ai.factory.gateway.ops;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;

/**
 * The /ops page's files, read from the jar once at start-up: the page itself (resources
 * {@code ops/}) and Chart.js from its webjar. A fixed list, so no request can name another file.
 */
final class OpsAssets {

    record Asset(byte[] bytes, String contentType) {
    }

    private static final String WEBJAR = "META-INF/resources/webjars/chart.js/";

    private final Map<String, Asset> assets;

    OpsAssets() {
        ClassLoader loader = OpsAssets.class.getClassLoader();
        String chartJs = WEBJAR + chartJsVersion(loader) + "/dist/chart.umd.min.js";
        this.assets = Map.of(
                "index.html", new Asset(read(loader, "ops/index.html"), "text/html; charset=utf-8"),
                "ops.js", new Asset(read(loader, "ops/ops.js"), "text/javascript; charset=utf-8"),
                "ops.css", new Asset(read(loader, "ops/ops.css"), "text/css; charset=utf-8"),
                "chart.umd.min.js", new Asset(read(loader, chartJs), "text/javascript; charset=utf-8"));
    }

    Asset get(String name) {
        return assets.get(name);
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
