package ai.factory.gateway.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.gateway.observe.ObservedGateway;
import ai.factory.gateway.support.Await;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.GatewayFixture;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * An operator opens /ops in a real headless Chromium, signs in with the admin token, and sees the
 * usage the test just generated, charted, with no console errors; a screenshot is saved under
 * target/. Needs the pipeline to call the observers and to emit usage events, the usage flusher
 * to land them, and GET /admin/usage.
 */
class OpsPageBrowserIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static ChromeDriver browser;

    @RegisterExtension
    static final GatewayFixture gw = ObservedGateway.fixture().build();

    @BeforeAll
    static void start() {
        ObservedGateway.driveTraffic(gw);
        waitForLedger(8);
        browser = HeadlessChromium.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
    }

    /** The flusher lands usage in batches: wait (bounded) until the ledger holds every request. */
    private static JsonNode waitForLedger(long requests) {
        return Await.until(Duration.ofSeconds(60), OpsPageBrowserIT::usage,
                usage -> usage != null && usage.at("/totals/requests").asLong() >= requests,
                "the usage ledger showing " + requests + " requests");
    }

    private static JsonNode usage() {
        var response = gw.app().get("/admin/usage?granularity=minute&group_by=tenant", GatewayApp.ADMIN_TOKEN);
        try {
            return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void signed_in_operator_sees_the_generated_usage_charted_without_console_errors() throws Exception {
        JsonNode usage = waitForLedger(8);
        long tokens = usage.at("/totals/total_tokens").asLong();
        assertTrue(tokens > 0, usage.toString());

        browser.get(gw.app().uri("/ops").toString());
        browser.executeScript("sessionStorage.clear()");
        browser.navigate().refresh();
        drainConsole(); // another test's deliberate 401s are not this page load's errors
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")))
                .sendKeys(GatewayApp.ADMIN_TOKEN);
        browser.findElement(By.cssSelector("#login button[type=submit]")).click();
        wait.until(d -> Boolean.TRUE.equals(browser.executeScript("return window.opsState.loaded")));

        // The stacked token chart holds exactly the ledger's tokens, split by tenant.
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> datasets = (List<Map<String, Object>>) browser.executeScript(
                "return Chart.getChart('tokens-chart').data.datasets.map(d => ({label: d.label,"
                        + " total: d.data.reduce((a, b) => a + b, 0)}))");
        long charted = datasets.stream().mapToLong(d -> ((Number) d.get("total")).longValue()).sum();
        assertEquals(tokens, charted, "tokens charted vs the ledger: " + datasets);
        assertEquals(List.of("acme", "globex"), datasets.stream().map(d -> d.get("label")).sorted().toList());
        assertEquals(String.valueOf(tokens), browser.findElement(By.id("kpi-tokens")).getAttribute("data-value"));

        // The other charts drew something too: top tenants, cost, requests over time, pool load.
        for (String chart : List.of("tenants-chart", "cost-chart", "requests-chart", "endpoints-chart")) {
            Object points = browser.executeScript("return Chart.getChart('" + chart + "').data.datasets"
                    + ".reduce((n, d) => n + d.data.filter(v => v > 0).length, 0)");
            assertTrue(((Number) points).longValue() > 0, chart + " is empty");
        }
        assertEquals("12.5%", browser.findElement(By.id("kpi-errors")).getText(), "1 failed request of 8");
        assertEquals("25.0%", browser.findElement(By.id("kpi-fallbacks")).getText(), "2 fallbacks in 8 requests");

        Path shot = Path.of("target", "ops-page.png");
        Files.createDirectories(shot.getParent());
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), shot, StandardCopyOption.REPLACE_EXISTING);

        List<LogEntry> errors = drainConsole().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertTrue(errors.isEmpty(), "console errors: " + errors);
    }

    /** The console entries since the last call; reading them empties the buffer. */
    private static List<LogEntry> drainConsole() {
        return browser.manage().logs().get(LogType.BROWSER).getAll();
    }

    @Test
    void a_wrong_token_is_refused_and_the_login_form_comes_back() {
        browser.get(gw.app().uri("/ops").toString());
        browser.executeScript("sessionStorage.clear()");
        browser.navigate().refresh();
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token"))).sendKeys("not-the-token");
        browser.findElement(By.cssSelector("#login button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("login-error"), "refused"));
        assertTrue(browser.findElement(By.id("dashboard")).getAttribute("hidden") != null, "no data shown");
    }
}
