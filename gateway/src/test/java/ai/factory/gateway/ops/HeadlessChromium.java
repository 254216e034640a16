package ai.factory.gateway.ops;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's chromium and chromium-driver (.ci/run installs them), started headless with a fresh
 * profile and nothing that phones home. Paths are given explicitly so Selenium never tries to
 * download a browser or a driver.
 */
public final class HeadlessChromium {

    static final String BROWSER = System.getProperty("chromium.binary", "/usr/bin/chromium");
    static final String DRIVER = System.getProperty("chromedriver.binary", "/usr/bin/chromedriver");

    private HeadlessChromium() {
    }

    public static ChromeDriver start() {
        File profile;
        try {
            profile = Files.createTempDirectory("ops-chromium").toFile();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1400,1500", "--user-data-dir=" + profile.getAbsolutePath());
        // Keep the page's console, so the test can insist on no errors.
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER)).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }
}
