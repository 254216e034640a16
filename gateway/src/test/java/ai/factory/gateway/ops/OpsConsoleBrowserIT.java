package ai.factory.gateway.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.emulator.EmulatorConfig;
import ai.factory.gateway.support.Admin;
import ai.factory.gateway.support.Await;
import ai.factory.gateway.support.Bodies;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.GatewayFixture;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * An operator manages the gateway from /ops in a real headless Chromium, only through the admin
 * API: creates a tenant and a key, sees the key once, calls the API with it, finds that request in
 * the explorer by its id, sets limits and entitlements, revokes the key and sees the next call
 * refused. Forms refuse bad values before sending; the API's refusals are shown as it words them.
 */
class OpsConsoleBrowserIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static ChromeDriver browser;

    @RegisterExtension
    static final GatewayFixture gw = GatewayFixture.builder()
            .emulator("gpu", EmulatorConfig.profileBuilder("fast"))
            .alias("chat-default", "gpu")
            .tenant("acme")
            .build();

    @BeforeAll
    static void start() {
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

    private static WebElement byId(String id) {
        return waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id(id)));
    }

    private static void type(String id, String text) {
        WebElement input = byId(id);
        input.clear();
        input.sendKeys(text);
    }

    private static void signIn() {
        browser.get(gw.app().uri("/ops").toString());
        browser.executeScript("sessionStorage.clear()");
        browser.navigate().refresh();
        type("token", GatewayApp.ADMIN_TOKEN);
        browser.findElement(By.cssSelector("#login button[type=submit]")).click();
        waiting().until(d -> Boolean.TRUE.equals(browser.executeScript("return window.opsState.loaded")));
    }

    private static void tab(String name) {
        browser.findElement(By.cssSelector("#tabs button[data-tab=" + name + "]")).click();
    }

    private static HttpResponse<String> chat(String key, String requestId) {
        return gw.app().post("/v1/chat/completions", key, Bodies.chat("chat-default").maxTokens(8).user("hi").json(),
                "x-request-id", requestId);
    }

    private static JsonNode admin(String path) throws Exception {
        return JSON.readTree(Admin.call(gw.app(), "GET", path, null).body());
    }

    /** Runs the explorer's search once; the row of {@code requestId}, or null while the ledger lacks it. */
    private static WebElement search(String requestId) {
        browser.findElement(By.cssSelector("#explore button[type=submit]")).click();
        Await.quiet(Duration.ofMillis(500)); // the page's fetch and re-render, as a person would wait
        // Found by the id the caller sent (the ledger's own id is the gateway's).
        List<WebElement> rows = browser.findElements(By.cssSelector("#requests tr[data-client-request='" + requestId + "']"));
        return rows.isEmpty() ? null : rows.get(0);
    }

    @Test
    void operator_creates_a_tenant_and_key_finds_the_request_and_revokes_the_key() throws Exception {
        signIn();
        PageChecks.consoleErrors(browser);
        tab("manage");
        byId("new-tenant-id");

        // Checked before sending: nothing reaches the API.
        type("new-tenant-id", "Not An Id!");
        browser.findElement(By.cssSelector("#new-tenant button[type=submit]")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("new-tenant-error"), "tenant id must be"));
        assertEquals(1, admin("/admin/tenants").get("data").size(), "the invalid tenant was never sent");

        type("new-tenant-id", "initech");
        type("new-tenant-name", "Initech");
        new org.openqa.selenium.support.ui.Select(byId("new-tenant-tier")).selectByValue("free");
        browser.findElement(By.cssSelector("#new-tenant button[type=submit]")).click();
        waiting().until(d -> {
            List<WebElement> failed = browser.findElements(By.cssSelector("#tenant-panel > p.error"));
            if (!failed.isEmpty()) {
                throw new AssertionError(failed.get(0).getText());
            }
            return browser.findElements(By.cssSelector("#tenant-panel h2")).stream()
                    .anyMatch(h -> h.getText().contains("initech"));
        });
        assertEquals("free", admin("/admin/tenants/initech").get("tier").asText());

        type("key-name", "backend");
        browser.findElement(By.cssSelector("#key-form button[type=submit]")).click();
        String key = byId("new-key-value").getText();
        assertTrue(key.startsWith("sk-"), key);
        String keyId = admin("/admin/tenants/initech/keys").at("/data/0/id").asText();
        PageChecks.screenshot(browser, "ops-tenant-key-created");

        // Limits and entitlements through the page's forms; a bad value is refused in the page.
        type("limit-rpm", "many");
        browser.findElement(By.cssSelector("#limits-form button[type=submit]")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("limits-error"), "whole number"));
        type("limit-rpm", "30");
        type("limit-daily_cost_usd", "2.5");
        browser.findElement(By.cssSelector("#limits-form button[type=submit]")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("overrides"), "requests/min 30"));
        JsonNode override = admin("/admin/tenants/initech/policy").at("/overrides/0");
        assertEquals(30, override.get("rpm").asLong());
        assertEquals(2.5, override.get("daily_cost_usd").asDouble());
        byId("entitlements").findElement(By.cssSelector("input[data-product=summarize]")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("entitlements-ok"), "summarize disabled"));
        assertEquals(false, admin("/admin/tenants/initech/products").at("/products/summarize").asBoolean());

        String requestId = "ops-it-" + UUID.randomUUID();
        assertEquals(200, chat(key, requestId).statusCode(), "the new key works");

        tab("explorer");
        type("f-request", requestId);
        WebElement row = Await.until(Duration.ofSeconds(30), () -> search(requestId), found -> found != null,
                "the request reached the explorer from the ledger");
        row.click();
        WebElement detail = byId("request-detail");
        assertEquals("initech", detail.findElement(By.cssSelector("dd[data-field=tenant]")).getText());
        assertEquals(keyId, detail.findElement(By.cssSelector("dd[data-field=key_id]")).getText());
        assertTrue(Long.parseLong(detail.findElement(By.cssSelector("dd[data-field=output_tokens]")).getText()) > 0);
        for (String field : List.of("cost_usd", "latency_ms", "ttft_ms", "fallbacks", "cache", "trace_id",
                "client_request_id")) {
            assertEquals(1, detail.findElements(By.cssSelector("dd[data-field=" + field + "]")).size(), field);
        }
        PageChecks.screenshot(browser, "ops-explorer");

        tab("manage");
        // The tab reloads the list and the panel re-renders: click whatever is current.
        waiting().ignoring(StaleElementReferenceException.class).until(d -> {
            d.findElement(By.cssSelector("#tenants tr[data-tenant=initech]")).click();
            return true;
        });
        waiting().ignoring(StaleElementReferenceException.class).ignoring(NoSuchElementException.class).until(d -> {
            List<WebElement> buttons = d.findElements(By.cssSelector("#keys button[data-key='" + keyId + "']"));
            if (!buttons.isEmpty()) {
                buttons.get(0).click();
            }
            return d.findElement(By.cssSelector("#keys tr[data-key='" + keyId + "'] td.status")).getText().equals("revoked");
        });
        assertEquals("revoked", admin("/admin/tenants/initech/keys").at("/data/0/status").asText());
        HttpResponse<String> refused = chat(key, "ops-it-after-revoke");
        assertEquals(401, refused.statusCode(), refused.body());
        PageChecks.screenshot(browser, "ops-key-revoked");

        List<LogEntry> errors = PageChecks.consoleErrors(browser);
        assertEquals(List.of(), errors, "console errors");
    }

    @Test
    void the_apis_refusal_is_shown_in_its_own_words() {
        signIn();
        tab("manage");
        type("new-tenant-id", "acme");
        browser.findElement(By.cssSelector("#new-tenant button[type=submit]")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("new-tenant-error"), "tenant 'acme' exists"));
        // The browser logs the 409 response itself; nothing else may be in the console.
        List<LogEntry> errors = PageChecks.consoleErrors(browser).stream()
                .filter(e -> !e.getMessage().contains("the server responded with a status of 409")).toList();
        assertEquals(List.of(), errors);

        tab("explorer");
        // datetime-local takes keystrokes in the browser's locale order; set the values as a person's picker would.
        browser.executeScript("document.getElementById('f-from').value = '2030-01-01T12:00';"
                + "document.getElementById('f-to').value = '2029-01-01T12:00';");
        browser.findElement(By.cssSelector("#explore button[type=submit]")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("explore-error"), "from must be before to"));
    }
}
