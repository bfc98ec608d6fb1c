package io.irflow.e2e;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** One user's headless Chromium (Debian's), driven like a person would: log in, click by visible text. */
final class Browser implements AutoCloseable {

  static final Path SCREENSHOTS = Path.of("target", "e2e-screenshots");

  final WebDriver driver;
  final WebDriverWait wait;
  final String baseUrl;

  Browser(int port) throws Exception {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BrowserCondition.CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
        "--window-size=1400,1000", "--user-data-dir=" + Files.createTempDirectory("irflow-chromium"));
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(BrowserCondition.CHROMEDRIVER.toString())).usingAnyFreePort().build();
    this.driver = new ChromeDriver(service, options);
    this.wait = new WebDriverWait(driver, Duration.ofSeconds(30));
    // A page that re-renders (the case-file tab after a note is added) replaces the elements a condition looked at:
    // the condition is asked again instead of failing.
    this.wait.ignoring(StaleElementReferenceException.class);
    this.baseUrl = "http://localhost:" + port;
  }

  void login(String app, String user) {
    driver.get(baseUrl + "/camunda/app/" + app + "/default/");
    By username = By.cssSelector("input[ng-model='username']");
    By password = By.cssSelector("input[ng-model='password']");
    wait.until(ExpectedConditions.elementToBeClickable(username));
    // Fill the AngularJS form the way its bindings listen: set the value, then fire 'input' and 'change'.
    ((JavascriptExecutor) driver).executeScript(
        "function fill(sel, v){ var e = document.querySelector(sel); e.focus(); e.value = v;"
            + " e.dispatchEvent(new Event('input', {bubbles: true})); e.dispatchEvent(new Event('change', {bubbles: true})); }"
            + "fill(\"input[ng-model='username']\", arguments[0]); fill(\"input[ng-model='password']\", 'demo');", user);
    wait.until(d -> user.equals(d.findElement(username).getDomProperty("value")));
    wait.until(ExpectedConditions.elementToBeClickable(password));
    click(driver.findElement(By.cssSelector("button[type='submit']")));
    try {
      wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("input[type='password']")));
    } catch (RuntimeException e) {
      try {
        screenshot("failed-login-" + app + "-" + user);
        Files.writeString(SCREENSHOTS.resolve("failed-login-" + app + "-" + user + ".html"), driver.getPageSource());
      } catch (Exception ignored) {
        // best effort
      }
      throw e;
    }
    trapDialogs();
  }

  /** Any alert(), confirm() or prompt() a payload manages to run is recorded instead of shown. */
  void trapDialogs() {
    ((JavascriptExecutor) driver).executeScript(
        "window.__dialogs = window.__dialogs || [];"
            + "window.alert = function(m){ window.__dialogs.push('alert:' + m); };"
            + "window.confirm = function(m){ window.__dialogs.push('confirm:' + m); return false; };"
            + "window.prompt = function(m){ window.__dialogs.push('prompt:' + m); return null; };");
  }

  Object dialogs() {
    return ((JavascriptExecutor) driver).executeScript("return (window.__dialogs || []).join('|');");
  }

  /** Clicks the button or link with this text, else the label or text element (a filter may show a count after it). */
  WebElement clickText(String text) {
    String matches = "[normalize-space(.)=" + literal(text) + " or starts-with(normalize-space(.), " + literal(text + " (") + ")]";
    By preferred = By.xpath("//button" + matches + " | //a" + matches);
    By fallback = By.xpath("//label" + matches + " | //span" + matches + " | //li" + matches);
    WebElement element = wait.until(d -> {
      for (WebElement candidate : d.findElements(preferred)) {
        if (candidate.isDisplayed() && candidate.isEnabled()) {
          return candidate;
        }
      }
      for (WebElement candidate : d.findElements(fallback)) {
        if (candidate.isDisplayed()) {
          return candidate;
        }
      }
      return null;
    });
    click(element);
    return element;
  }

  /**
   * Clicks as the page's own handlers see a click. (Native WebDriver clicks are not delivered by the
   * headless Debian Chromium here; a scripted click runs the same handlers.)
   */
  void click(WebElement element) {
    ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();",
        element);
  }

  /** Types into a field with trusted input events (DevTools Input.insertText), as a keyboard would. */
  void type(WebElement field, String text) {
    ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'}); arguments[0].focus();",
        field);
    ((ChromeDriver) driver).executeCdpCommand("Input.insertText", java.util.Map.of("text", text));
    ((JavascriptExecutor) driver).executeScript("arguments[0].blur();", field);
  }

  WebElement clickContaining(String text) {
    By locator = By.xpath("//a[contains(normalize-space(.), " + literal(text) + ")]");
    WebElement element = wait.until(ExpectedConditions.elementToBeClickable(locator));
    click(element);
    return element;
  }

  /** Opens a task inside a filter, as a link from a notification or a colleague would. */
  void openTask(String filterId, String taskId, String taskName) {
    waitForText("My tasks");
    driver.get(baseUrl + "/camunda/app/tasklist/default/#/?filter=" + filterId + "&task=" + taskId);
    trapDialogs();
    waitForText(taskName);
  }

  WebElement field(String label, String tag) {
    return wait.until(ExpectedConditions.visibilityOfElementLocated(
        By.xpath("//label[normalize-space(.)=" + literal(label) + " or normalize-space(.)=" + literal(label + "*")
            + "]/following::" + tag + "[1]")));
  }

  void waitForText(String text) {
    wait.until(d -> d.getPageSource().contains(text));
  }

  void screenshot(String name) throws Exception {
    Files.createDirectories(SCREENSHOTS);
    File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
    Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  static String literal(String text) {
    if (!text.contains("'")) {
      return "'" + text + "'";
    }
    return "concat('" + text.replace("'", "', \"'\", '") + "')";
  }

  @Override
  public void close() {
    driver.quit();
  }
}
