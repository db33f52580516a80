package dev.chartsec.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.chartsec.testing.Chartsec;
import dev.chartsec.testing.Processes;

/**
 * The web page in a real browser: Debian's headless Chromium, driven by Selenium through Debian's chromedriver,
 * against the packaged service. What a user does: fill the form, meet an error beside its field, fix it, read a
 * file, download the chart, share the link, copy the commands.
 */
class WebPageIT {
    private static final Path SCREENSHOTS = Chartsec.HOME.resolve("target/screenshots");
    private static Process service;
    private static String base;
    private static Path downloads;
    private static ChromeDriver browser;
    private static WebDriverWait wait;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws Exception {
        int port = ServeIT.freePort();
        int management = ServeIT.freePort();
        Path log = Files.createTempFile("web-serve", ".log");
        service = new ProcessBuilder(Chartsec.LAUNCHER.toString(), "serve", "--port", Integer.toString(port), "--management-port",
                Integer.toString(management)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        HttpResponse<String> ready = ServeIT.firstAnswer(HTTP, URI.create("http://127.0.0.1:" + management + "/q/health/ready"));
        assertEquals(200, ready == null ? -1 : ready.statusCode(), "the service came up: " + Files.readString(log));
        base = "http://localhost:" + port + "/";
        downloads = Files.createTempDirectory("web-downloads");
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1440,1000", "--lang=en-US",
                "--hide-scrollbars");
        options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                "download.prompt_for_download", false));
        ChromeDriverService driver = new ChromeDriverService.Builder().usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(driver, options);
        browser.executeCdpCommand("Browser.setDownloadBehavior", Map.of("behavior", "allow", "downloadPath", downloads.toString()));
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (browser != null) {
            browser.quit();
        }
        if (service != null) {
            service.destroy();
            service.waitFor();
        }
    }

    @BeforeEach
    void lightScheme() {
        browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "light"))));
    }

    private static void open(String query) {
        browser.get(base + query);
        wait.until(d -> ((String) js("return document.getElementById('status').textContent")).matches("(The chart is valid|.*problem).*"));
    }

    private static Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    private static WebElement field(String id) {
        return browser.findElement(By.cssSelector(".field[data-id='" + id + "']"));
    }

    /** A field's control, its group opened as a user would to reach it. */
    private static WebElement control(String id) {
        js("arguments[0].closest('details.group').open = true", field(id));
        return field(id).findElement(By.cssSelector("input, select, textarea"));
    }

    private static void type(String id, String text) {
        WebElement c = control(id);
        c.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        c.sendKeys(text);
    }

    private static void waitValid() {
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "The chart is valid"));
    }

    /** Every control's text as the page would send it, for comparing two forms. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> formState() {
        return new TreeMap<>((Map<String, String>) js("const m = {}; document.querySelectorAll('.field').forEach(f => {"
                + " const c = f.querySelector('input, select, textarea'); m[f.dataset.id] = c.type === 'checkbox' ? String(c.checked) : c.value; });"
                + " return m;"));
    }

    private static byte[] api(String json) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "api/v1/charts")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        return r.body();
    }

    private static Path downloaded(String name) throws InterruptedException {
        Path file = downloads.resolve(name);
        for (int i = 0; i < 100 && !(Files.exists(file) && !Files.exists(downloads.resolve(name + ".crdownload"))); i++) {
            Thread.sleep(100);
        }
        assertTrue(Files.exists(file), "downloaded " + name);
        return file;
    }

    /** A zip's files, as Chartsec.tree reads a directory (the chart's directory prefix removed). */
    private static Map<String, String> unzip(byte[] zip, String prefix) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null;) {
                if (!e.isDirectory()) {
                    files.put(e.getName().startsWith(prefix) ? e.getName().substring(prefix.length()) : e.getName(),
                            new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
                }
            }
        }
        return files;
    }

    @Test
    void aUserFillsTheFormMeetsAnErrorFixesItReadsAFileAndDownloadsTheApisBytes() throws Exception {
        open("");
        type("chart.name", "shop");
        type("image.tag", "latest");
        WebElement error = wait.until(d -> field("image.tag").findElements(By.cssSelector(".error")).stream().filter(WebElement::isDisplayed)
                .findFirst().orElse(null));
        assertTrue(error.getText().startsWith("Error: image.tag: is refused"), error.getText());
        assertEquals("true", control("image.tag").getDomAttribute("aria-invalid"));
        assertTrue(control("image.tag").getDomAttribute("aria-describedby").contains(error.getDomAttribute("id")),
                "the error is part of the field's description");
        assertEquals("true", browser.findElement(By.id("zip")).getDomAttribute("aria-disabled"), "nothing to download while invalid");

        type("image.tag", "1.4.2");
        waitValid();
        assertFalse(error.isDisplayed(), "the error is gone once the value is fixed");
        type("replicaCount", "3");
        control("networkPolicy.egress.postgresql.enabled").click();
        wait.until(d -> browser.getCurrentUrl().contains("networkPolicy.egress.postgresql.enabled=true"));
        waitValid();

        browser.findElement(By.cssSelector("#tree button[data-path='values.yaml']")).click();
        String values = browser.findElement(By.id("file-content")).getText();
        assertTrue(values.contains("replicaCount: 3") && values.contains("postgresql:"), values);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#diagram svg")));
        assertTrue(browser.findElement(By.id("security")).getText().contains("Enforced"));

        browser.findElement(By.id("zip")).click();
        byte[] zip = Files.readAllBytes(downloaded("shop.zip"));
        assertArrayEquals(api("{\"chart.name\": \"shop\", \"image.tag\": \"1.4.2\", \"replicaCount\": 3,"
                + " \"networkPolicy.egress.postgresql.enabled\": true}"), zip, "the page's download is the API's answer to the same answers");
    }

    @Test
    void aSharedLinkReproducesTheForm() {
        open("");
        type("chart.name", "orders");
        new Select(control("kind")).selectByVisibleText("StatefulSet");
        type("image.repository", "ghcr.io/acme/orders");
        type("podAnnotations", "team=payments,tier=backend");
        waitValid();
        wait.until(d -> browser.getCurrentUrl().contains("podAnnotations="));
        Map<String, String> before = formState();
        String link = browser.findElement(By.id("share")).getDomProperty("value");
        assertEquals(browser.getCurrentUrl(), link);
        browser.get("about:blank");
        open(link.substring(base.length()));
        assertEquals(before, formState(), "the link gives the same form");
        waitValid();
    }

    @Test
    void conditionsShowAndHideOptions() {
        open("?chart.name=nightly");
        assertEquals("false", field("service.type").getDomProperty("hidden"));
        assertEquals("true", field("cronJob.schedule").getDomProperty("hidden"), "a Deployment has no schedule");
        new Select(control("kind")).selectByVisibleText("CronJob");
        wait.until(d -> "true".equals(field("service.type").getDomProperty("hidden")));
        assertEquals("false", field("cronJob.schedule").getDomProperty("hidden"), "a CronJob asks for its schedule");
        waitValid();
        assertTrue(browser.findElement(By.id("tree")).getText().contains("templates/workload.yaml"));
    }

    /** The commands the page prints, run as printed: they make the chart the page downloads. */
    @Test
    void thePrintedCommandsMakeTheSameChart() throws Exception {
        open("?chart.name=billing&image.tag=2.0.1&podAnnotations=team%3Dbilling,note%3Dit%27s%20fine&replicaCount=2");
        waitValid();
        String chartsecNew = browser.findElement(By.id("cmd-new")).getText();
        String curl = browser.findElement(By.id("cmd-curl")).getText();
        assertTrue(chartsecNew.startsWith("chartsec new --no-input "), chartsecNew);
        Map<String, String> env = Map.of("PATH", Chartsec.HOME.resolve("bin") + ":" + System.getenv("PATH"));
        Processes.Result made = Processes.run(List.of("bash", "-c", chartsecNew), tmp, env, "", Duration.ofSeconds(120));
        assertEquals(0, made.exitCode(), chartsecNew + "\n" + made.output());
        Processes.Result fetched = Processes.run(List.of("bash", "-c", curl), tmp, env, "", Duration.ofSeconds(60));
        assertEquals(0, fetched.exitCode(), curl + "\n" + fetched.output());
        byte[] zip = Files.readAllBytes(tmp.resolve("billing.zip"));
        Map<String, String> files = unzip(zip, "billing/");
        assertEquals(Chartsec.tree(tmp.resolve("billing")), files, "chartsec new writes the files the curl call downloads");
        assertTrue(files.get("values.yaml").contains("it's fine"), "the quoted value arrived whole");
        browser.findElement(By.id("zip")).click();
        assertArrayEquals(zip, Files.readAllBytes(downloaded("billing.zip")), "the curl call downloads what the page's button does");
    }

    @Test
    void theFormIsUsableWithTheKeyboardAndNeedsNoColour() {
        open("?chart.name=shop");
        @SuppressWarnings("unchecked")
        List<String> unlabelled = (List<String>) js("return Array.from(document.querySelectorAll('input, select, textarea'))"
                + ".filter(c => c.labels.length === 0 && !c.getAttribute('aria-label')).map(c => c.id || c.outerHTML)");
        assertEquals(List.of(), unlabelled, "every control has a label");
        browser.findElement(By.tagName("body")).sendKeys(Keys.TAB);
        List<String> focused = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            focused.add((String) js("const e = document.activeElement; const s = getComputedStyle(e);"
                    + " return e.tagName + '#' + e.id + ' ' + s.outlineStyle + ' ' + s.outlineWidth"));
            browser.switchTo().activeElement().sendKeys(Keys.TAB);
        }
        assertTrue(focused.get(0).startsWith("A# "), "the skip link comes first: " + focused);
        focused.forEach(f -> assertTrue(f.contains(" solid 3px"), "focus is visible: " + focused));
        type("replicaCount", "0");
        WebElement error = wait.until(d -> field("replicaCount").findElements(By.cssSelector(".error")).stream().filter(WebElement::isDisplayed)
                .findFirst().orElse(null));
        assertTrue(error.getText().startsWith("Error: "), "an error says so in words, not only in red: " + error.getText());
    }

    /**
     * The first load's figures (printed; the byte budget is asserted, timings are not), and the README's
     * screenshots in the light and the dark scheme.
     */
    @Test
    void firstLoadFiguresAndScreenshots() throws Exception {
        browser.executeCdpCommand("Network.enable", Map.of());
        browser.executeCdpCommand("Network.setCacheDisabled", Map.of("cacheDisabled", true));
        open("");
        @SuppressWarnings("unchecked")
        Map<String, Object> load = (Map<String, Object>) js("const n = performance.getEntriesByType('navigation')[0];"
                + " const r = performance.getEntriesByType('resource').filter(e => e.startTime < n.domContentLoadedEventEnd && !e.name.includes('/api/'));"
                + " return {document: n.transferSize, documentDecoded: n.decodedBodySize, assets: r.reduce((s, e) => s + e.transferSize, 0),"
                + " assetsDecoded: r.reduce((s, e) => s + e.decodedBodySize, 0), loaded: n.loadEventEnd - n.startTime,"
                + " domReady: n.domContentLoadedEventEnd - n.startTime};");
        browser.executeCdpCommand("Network.setCacheDisabled", Map.of("cacheDisabled", false));
        long transferred = ((Number) load.get("document")).longValue() + ((Number) load.get("assets")).longValue();
        System.out.printf("web page first load: %d bytes transferred (document %s, page assets %s; %s + %s bytes uncompressed),"
                + " DOM ready in %.0f ms, loaded in %.0f ms%n", transferred, load.get("document"), load.get("assets"), load.get("documentDecoded"),
                load.get("assetsDecoded"), ((Number) load.get("domReady")).doubleValue(), ((Number) load.get("loaded")).doubleValue());
        assertTrue(transferred < 100_000, "the first load stays under 100 KB: " + load);

        Files.createDirectories(SCREENSHOTS);
        open("?chart.name=shop&image.repository=ghcr.io/acme/shop&image.tag=1.4.2&replicaCount=3"
                + "&networkPolicy.egress.postgresql.enabled=true");
        waitValid();
        browser.findElement(By.cssSelector("#tree button[data-path='templates/networkpolicy.yaml']")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#diagram svg")));
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1440, 1200));
        js("window.scrollTo(0, 0); document.getElementById('preview').scrollTop = 0");
        Files.write(SCREENSHOTS.resolve("web-light.png"), browser.getScreenshotAs(OutputType.BYTES));
        browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
        assertEquals(Boolean.TRUE, js("return matchMedia('(prefers-color-scheme: dark)').matches"));
        String background = (String) js("return getComputedStyle(document.body).backgroundColor");
        assertEquals("rgb(13, 17, 23)", background, "the page follows the system's dark scheme");
        Thread.sleep(1500); // the diagram is drawn again in the dark theme
        Files.write(SCREENSHOTS.resolve("web-dark.png"), browser.getScreenshotAs(OutputType.BYTES));
        Map<String, String> figures = new LinkedHashMap<>();
        load.forEach((k, v) -> figures.put(k, String.valueOf(v)));
        Files.writeString(SCREENSHOTS.resolve("first-load.txt"), figures.toString() + "\n");
    }
}
