package ai.factory.gateway.portal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.emulator.EmulatorConfig;
import ai.factory.gateway.ops.HeadlessChromium;
import ai.factory.gateway.ops.PageChecks;
import ai.factory.gateway.support.Admin;
import ai.factory.gateway.accounting.UsageFixtures;
import ai.factory.gateway.support.Await;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.GatewayFixture;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A developer opens /portal in a real headless Chromium against a real gateway (emulated GPU pool,
 * real PostgreSQL and Redis): signs in with a tenant key, sees exactly the tenant's products, runs
 * two through "try it" (one streamed), watches the usage grow, reads limits and snippets, with no
 * console errors. Screenshots go to target/screenshots/.
 */
class PortalPageBrowserIT {

    private static ChromeDriver browser;

    @RegisterExtension
    static final GatewayFixture gw = GatewayFixture.builder()
            .emulator("gpu", EmulatorConfig.profileBuilder("fast"))
            .alias("chat-default", "gpu")
            .alias("embed-default", "gpu")
            .property("gateway.products.default-entitlement", "list")
            .property("gateway.products.default-products", List.of("summarize", "sentiment", "translate"))
            .redisDatabase(16)
            .properties(UsageFixtures.quickFlush())
            .tenant("acme")
            .build();

    @BeforeAll
    static void start() {
        GatewayApp app = gw.app();
        Admin.call(app, "PUT", "/admin/tenants/acme/products/translate", "{\"enabled\":false}");
        Admin.call(app, "PUT", "/admin/tenants/acme/products/keywords", "{\"enabled\":true}");
        Admin.policy(app, "acme", "{\"rpm\":100,\"daily_tokens\":500000}");
        browser = HeadlessChromium.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
    }

    private static WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    private static Object js(String script) {
        return browser.executeScript(script);
    }

    private static void signIn(String withKey) {
        browser.get(gw.app().uri("/portal").toString());
        js("sessionStorage.clear()");
        browser.navigate().refresh();
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("key"))).sendKeys(withKey);
        browser.findElement(By.cssSelector("#login button[type=submit]")).click();
    }

    private static long usageTokens() {
        // Count loads before clicking: a fast answer could otherwise land before the count is read.
        Object loaded = js("return window.portalState.usageLoaded");
        long before = loaded == null ? 0 : ((Number) loaded).longValue();
        browser.findElement(By.id("usage-refresh")).click();
        waiting().until(d -> {
            Object error = js("return window.portalState.error");
            if (error != null) {
                throw new AssertionError("the page failed: " + error + " / " + browser.findElement(By.id("status")).getText()
                        + " / console: " + PageChecks.consoleErrors(browser));
            }
            Object now = js("return window.portalState.usageLoaded");
            return now != null && ((Number) now).longValue() > before;
        });
        return ((Number) js("return window.portalState.usage.totals.total_tokens")).longValue();
    }

    private static void tryProduct(String product, boolean stream) {
        browser.findElement(By.cssSelector("#product-list li[data-product='" + product + "']")).click();
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("try-form")));
        browser.findElement(By.id("try-example")).click();
        waiting().until(d -> !browser.findElements(By.cssSelector("#try-form textarea, #try-form input[type=text]")).stream()
                .allMatch(e -> e.getAttribute("value").isEmpty()));
        if (!stream && !browser.findElements(By.id("try-stream")).isEmpty()) {
            browser.findElement(By.id("try-stream")).click();
        }
        js("window.portalState.answer = null; window.portalState.chunks = 0");
        browser.findElement(By.id("try-run")).click();
        waiting().until(d -> {
            String problem = browser.findElement(By.id("try-error")).getText()
                    + browser.findElements(By.cssSelector("#answer.error")).stream().map(WebElement::getText)
                            .reduce("", String::concat);
            if (!problem.isBlank()) {
                throw new AssertionError(product + " failed in the page: " + problem);
            }
            return js("return window.portalState.answer") != null;
        });
    }

    @Test
    void developer_signs_in_sees_its_products_tries_them_and_watches_usage_grow(GatewayApp app) throws Exception {
        String key = gw.key("acme");
        signIn(key);
        waiting().until(d -> Boolean.TRUE.equals(js("return window.portalState.signedIn")));
        PageChecks.consoleErrors(browser);

        Set<String> shown = new TreeSet<>();
        for (WebElement li : browser.findElements(By.cssSelector("#product-list li[data-product]"))) {
            shown.add(li.getAttribute("data-product"));
        }
        assertEquals(new TreeSet<>(List.of("keywords", "sentiment", "summarize")), shown,
                "exactly the entitled products: the default list, minus translate, plus keywords");

        browser.findElement(By.cssSelector("#tabs button[data-tab=usage], .tabs button[data-tab=usage]")).click();
        long tokensBefore = usageTokens();
        List<WebElement> rpm = browser.findElements(By.cssSelector("#limits tr[data-scope=tenant][data-name=requests_per_minute]"));
        assertEquals(1, rpm.size(), "the tenant's requests-per-minute limit is shown");
        assertTrue(rpm.get(0).getText().contains("100"), rpm.get(0).getText());

        browser.findElement(By.cssSelector(".tabs button[data-tab=products]")).click();
        tryProduct("sentiment", false);
        String answer = browser.findElement(By.id("answer")).getText();
        assertTrue(answer.contains("sentiment"), "the JSON answer is shown: " + answer);
        assertTrue(browser.findElement(By.id("answer-meta")).getText().contains("request "), "request id shown");
        assertTrue(browser.findElement(By.cssSelector("#product-detail table.schema")).getText().contains("text"),
                "the input schema is documented");

        tryProduct("summarize", true);
        long chunks = ((Number) js("return window.portalState.chunks")).longValue();
        assertTrue(chunks > 1, "the answer arrived as a stream of chunks: " + chunks);
        assertFalse(browser.findElement(By.id("answer")).getText().isBlank());
        PageChecks.screenshot(browser, "portal-try-it");

        browser.findElement(By.cssSelector(".tabs button[data-tab=usage]")).click();
        Await.until(Duration.ofSeconds(30), PortalPageBrowserIT::usageTokens, tokensAfter -> tokensAfter > tokensBefore,
                "usage grew: from " + tokensBefore);
        Object used = js("return window.portalState.limits.limits.find(l => l.scope === 'tenant'"
                + " && l.name === 'daily_tokens').used");
        assertTrue(((Number) used).longValue() > 0, "the daily token budget shows what was used");
        browser.findElement(By.id("csv")).click();
        waiting().until(d -> js("return window.portalState.csv") != null);
        assertTrue(((String) js("return window.portalState.csv")).startsWith("bucket"), "CSV downloaded");
        PageChecks.screenshot(browser, "portal-usage");

        browser.findElement(By.cssSelector(".tabs button[data-tab=snippets]")).click();
        String snippets = browser.findElement(By.id("snippets")).getText();
        String base = app.uri("/v1").toString();
        for (String expected : List.of("base_url=\"" + base + "\"", "baseURL: \"" + base + "\"", ".baseUrl(\"" + base + "\")",
                "curl -s " + base + "/chat/completions", base + "/products/summarize/invoke")) {
            assertTrue(snippets.contains(expected), "snippet with " + expected + " in:\n" + snippets);
        }
        assertFalse(snippets.contains(key), "the key itself is never printed");
        PageChecks.screenshot(browser, "portal-snippets");

        assertEquals(List.of(), PageChecks.consoleErrors(browser), "console errors");
    }

    @Test
    void a_refused_try_shows_the_apis_own_message(GatewayApp app) {
        signIn(gw.key("acme"));
        waiting().until(d -> Boolean.TRUE.equals(js("return window.portalState.signedIn")));
        browser.findElement(By.cssSelector("#product-list li[data-product='sentiment']")).click();
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("try-form")));
        browser.findElement(By.id("try-run")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("try-error"), "text is required"));
        Admin.call(app, "PUT", "/admin/tenants/acme/products/sentiment", "{\"enabled\":false}");
        try {
            browser.findElement(By.id("try-text")).sendKeys("Lovely day.");
            browser.findElement(By.id("try-run")).click();
            waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#answer.error"),
                    "not entitled to the product 'sentiment'"));
        } finally {
            Admin.call(app, "PUT", "/admin/tenants/acme/products/sentiment", "{\"enabled\":true}");
        }
    }

    @Test
    void a_wrong_key_is_refused_with_a_clear_message_and_nothing_is_shown() {
        signIn("sk-gw-not-a-real-key");
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("login-error"), "refused"));
        String message = browser.findElement(By.id("login-error")).getText();
        assertTrue(message.contains("This key was refused") && message.contains("invalid API key"), message);
        assertTrue(browser.findElement(By.id("portal")).getAttribute("hidden") != null, "no data shown");
        assertEquals(null, js("return sessionStorage.getItem('gateway.portal.key')"), "the refused key is forgotten");
        PageChecks.screenshot(browser, "portal-wrong-key");
    }

    @Test
    void pages_and_their_apis_are_never_cached_framed_or_scripted_inline(GatewayApp app) {
        for (String path : List.of("/portal", "/portal/main.js", "/portal/common/api.js", "/portal/nope.js", "/ops",
                "/ops/main.js", "/ops/common/dom.js")) {
            HttpResponse<String> response = app.get(path, null);
            String csp = response.headers().firstValue("content-security-policy").orElse("");
            assertTrue(csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'")
                    && csp.contains("style-src 'self'") && !csp.contains("unsafe-inline"), path + ": " + csp);
            assertEquals("no-store", response.headers().firstValue("cache-control").orElse(""), path);
            assertTrue(response.headers().firstValue("set-cookie").isEmpty(), path);
        }
        for (String path : List.of("/portal", "/ops")) {
            String html = app.get(path, null).body();
            assertFalse(html.matches("(?s).*<script(?![^>]*\\ssrc=)[^>]*>.*"), path + " has an inline script");
            assertFalse(html.contains("style=") || html.contains("<style"), path + " has inline style");
            assertFalse(html.matches("(?s).*(src|href)=\"https?://.*"), path + " loads from another origin");
        }
        for (String path : List.of("/v1/limits", "/v1/usage", "/v1/products", "/v1/openapi.json")) {
            assertEquals("no-store", app.get(path, gw.key("acme")).headers().firstValue("cache-control").orElse(""),
                    path);
        }
        for (String path : List.of("/admin/tenants", "/admin/requests")) {
            assertEquals("no-store", app.get(path, GatewayApp.ADMIN_TOKEN).headers().firstValue("cache-control")
                    .orElse(""), path);
        }
    }
}
