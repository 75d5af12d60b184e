package dev.i2v.web;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's chromium driven by Debian's chromedriver, headless, with a fresh profile and nothing
 * fetched in the background. Fails with what to install when either is missing: a browser test that
 * cannot run must not pass by skipping.
 */
final class HeadlessChromium implements AutoCloseable {

    static final Path DRIVER = Path.of(System.getProperty("i2v.chromedriver", "/usr/bin/chromedriver"));
    static final Path BROWSER = Path.of(System.getProperty("i2v.chromium", "/usr/bin/chromium"));

    final WebDriver driver;

    HeadlessChromium(final Path profileDir) {
        if (!Files.isExecutable(DRIVER) || !Files.isExecutable(BROWSER)) {
            throw new AssertionError("The browser test needs Debian's chromium and chromedriver at " + BROWSER + " and " + DRIVER
                    + " (missing: " + (Files.isExecutable(DRIVER) ? BROWSER : DRIVER) + "). Install them with"
                    + " 'apt-get install -y chromium chromium-driver' (.ci/run does), or point -Di2v.chromium / -Di2v.chromedriver at them.");
        }
        final ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
        final ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1280,900",
                "--user-data-dir=" + profileDir.toAbsolutePath());
        this.driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    void screenshot(final Path file) throws Exception {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    @Override
    public void close() {
        driver.quit();
    }
}
