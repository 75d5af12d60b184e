package dev.i2v.web;

import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * What a person does on the pages, as browser steps: the browser test runs it, and its {@code main}
 * takes the README's screenshots from a running {@code i2v serve}.
 */
final class PageTour {

    private final WebDriver driver;
    private final String base;

    PageTour(final WebDriver driver, final String base) {
        this.driver = driver;
        this.base = base;
    }

    /** Picks the file on the upload page and waits until its tags and version are shown; returns the version text. */
    String upload(final Path image, final Duration timeout) throws InterruptedException {
        driver.get(base + "/");
        driver.findElement(By.id("file")).sendKeys(image.toAbsolutePath().toString());
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (driver.findElement(By.id("version")).getText().isEmpty() && !driver.findElement(By.id("error")).isDisplayed()
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return driver.findElement(By.id("version")).getText();
    }

    /** Moves the threshold slider as a person would drag it (an input event per change). */
    void threshold(final double value) {
        ((JavascriptExecutor) driver).executeScript("const s = document.getElementById('threshold'); s.value = arguments[0];"
                + " s.dispatchEvent(new Event('input'));", String.valueOf(value));
    }

    void live() {
        driver.get(base + "/live.html");
    }

    /** A count on the live view, as shown (thousands separators removed); -1 before the first refresh. */
    long liveCount(final String id) {
        final String text = driver.findElement(By.id(id)).getText().replaceAll("[^0-9]", "");
        return text.isEmpty() ? -1 : Long.parseLong(text);
    }

    /** Screenshots of both pages from a running server: {@code PageTour http://127.0.0.1:8080 picture.png docs/screenshots}. */
    public static void main(final String[] args) throws Exception {
        final Path out = Path.of(args[2]);
        try (HeadlessChromium chromium = new HeadlessChromium(java.nio.file.Files.createTempDirectory("i2v-tour"))) {
            final PageTour tour = new PageTour(chromium.driver, args[0]);
            chromium.driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1100)); // the similar images too
            System.out.println("tagged by " + tour.upload(Path.of(args[1]), Duration.ofSeconds(30)));
            tour.threshold(args.length > 3 ? Double.parseDouble(args[3]) : 0.3);
            Thread.sleep(2000); // the similar images load after the tags
            chromium.screenshot(out.resolve("serve-upload.png"));
            tour.live();
            Thread.sleep(3000);
            chromium.screenshot(out.resolve("serve-live.png"));
        }
    }
}
