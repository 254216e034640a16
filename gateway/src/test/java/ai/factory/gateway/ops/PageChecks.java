package ai.factory.gateway.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.logging.Level;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/** What the page tests share: screenshots under target/ and the console's errors. */
public final class PageChecks {

    private PageChecks() {
    }

    public static Path screenshot(ChromeDriver browser, String name) {
        try {
            Path shot = Path.of("target", "screenshots", name + ".png");
            Files.createDirectories(shot.getParent());
            Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), shot, StandardCopyOption.REPLACE_EXISTING);
            return shot;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The console's errors since the last call (reading empties the buffer). */
    public static List<LogEntry> consoleErrors(ChromeDriver browser) {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
    }
}
