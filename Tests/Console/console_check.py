"""Drives the Switchyard web console in headless Chromium, as a person would.

Run by scripts/console-check. Starts the server binary ($SWITCHYARD_BINARY, default
.build/debug/switchyard) on a free loopback port with a fresh data directory and its own admin
token, then, in the browser: signs in, creates a project and a PostgreSQL connection through
the form (from $SWITCHYARD_TEST_POSTGRES_*), tests it, creates a table through the SQL box,
browses schema → table → columns, runs a query, edits a setting (checking through the API that
the password survived and is never shown), cancels a long statement (checking that it left
pg_stat_activity), and takes screenshots at a desktop and a narrow size into
.build/console-screenshots/. Prints one line per step and `console-check: N passed, M failed`.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable
from pathlib import Path

from selenium import webdriver
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import Select, WebDriverWait

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / ".build" / "console-screenshots"
DESKTOP = (1280, 860)
NARROW = (390, 844)
WAIT = 15  # seconds for anything the page does


# --- Environment ------------------------------------------------------------------------------


def postgres_settings() -> dict[str, str]:
    names = ["HOST", "PORT", "USER", "PASSWORD", "DATABASE"]
    values = {name: os.environ.get(f"SWITCHYARD_TEST_POSTGRES_{name}") for name in names}
    missing = [f"SWITCHYARD_TEST_POSTGRES_{name}" for name, value in values.items() if not value]
    if missing:
        sys.exit(f"console-check: {', '.join(missing)} not set (eval \"$(scripts/test-services env)\")")
    return {name.lower(): value for name, value in values.items()}  # type: ignore[misc]


def free_port(taken: set[int]) -> int:
    """A free loopback port from SWITCHYARD_CONSOLE_CHECK_PORTS (default 4500-4599), else any free one."""
    span = os.environ.get("SWITCHYARD_CONSOLE_CHECK_PORTS") or "4500-4599"
    low, _, high = span.partition("-")
    candidates = list(range(int(low), int(high or low) + 1))
    random.shuffle(candidates)
    for port in candidates + [0] * 10:
        if port in taken:
            continue
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            chosen = probe.getsockname()[1]
            if chosen not in taken:
                taken.add(chosen)
                return chosen
    sys.exit("console-check: no free loopback port")


class Server:
    """The switchyard binary with a throwaway data directory; its output goes to a log file."""

    def __init__(self, binary: str, port: int, token: str) -> None:
        self.binary = binary
        self.port = port
        self.token = token
        self.base = f"http://127.0.0.1:{port}"
        self.dir = Path(tempfile.mkdtemp(prefix="console-check-"))
        self.log_path = self.dir / "server.log"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        env = dict(os.environ)
        env.update({
            "SWITCHYARD_ADMIN_TOKEN": self.token,
            "SWITCHYARD_DATA_DIR": str(self.dir / "data"),
            "SWITCHYARD_HOST": "127.0.0.1",
            "SWITCHYARD_PORT": str(self.port),
            "SWITCHYARD_LOG_LEVEL": "warning",
        })
        log = open(self.log_path, "wb")  # noqa: SIM115 - closed with the process
        self.process = subprocess.Popen([self.binary, "serve"], env=env, stdout=log, stderr=subprocess.STDOUT,
                                        stdin=subprocess.DEVNULL, cwd=ROOT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited with status {self.process.returncode}")
            try:
                with urllib.request.urlopen(f"{self.base}/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)
        raise RuntimeError("the server did not answer /healthz within 60 s")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""

    def cleanup(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)

    def call(self, method: str, path: str, body: object = None, headers: dict[str, str] | None = None,
             token: str | None = "default") -> tuple[int, dict[str, str], str]:
        """An HTTP call; returns (status, headers, body text)."""
        sent = {"Accept": "application/json"}
        if token is not None:
            sent["Authorization"] = f"Bearer {self.token if token == 'default' else token}"
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            sent["Content-Type"] = "application/json"
        sent.update(headers or {})
        request = urllib.request.Request(self.base + path, data=data, method=method, headers=sent)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()

    def json(self, method: str, path: str, body: object = None, expect: int = 200, **kwargs) -> object:
        status, _, text = self.call(method, path, body, **kwargs)
        assert status == expect, f"{method} {path}: {status}, expected {expect}: {text[:300]}"
        return json.loads(text) if text else None


# --- Browser helpers ---------------------------------------------------------------------------


def make_driver(port: int) -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--lang=en-US", "--hide-scrollbars", "--disable-extensions", "--no-first-run",
                     f"--window-size={DESKTOP[0]},{DESKTOP[1]}"]:
        options.add_argument(argument)
    options.binary_location = os.environ.get("CHROMIUM_BINARY") or shutil.which("chromium") or "/usr/bin/chromium"
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver_path = os.environ.get("CHROMEDRIVER") or shutil.which("chromedriver") or "/usr/bin/chromedriver"
    driver = webdriver.Chrome(service=Service(driver_path, port=port), options=options)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(30)
    return driver


class Page:
    """What a person does on a page: find fields by their labels, click buttons by their text."""

    def __init__(self, driver: webdriver.Chrome) -> None:
        self.driver = driver

    def wait(self, condition: Callable[[], object], what: str | Callable[[], str], timeout: float = WAIT) -> object:
        """Polls `condition` until it is truthy; elements replaced meanwhile are looked up again."""
        try:
            return WebDriverWait(self.driver, timeout, poll_frequency=0.1,
                                 ignored_exceptions=(WebDriverException,)).until(lambda _: condition())
        except TimeoutException:
            if callable(what):
                try:
                    what = what()
                except WebDriverException as error:
                    what = f"(unreadable: {type(error).__name__})"
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}") from None

    def visible(self, by: str, selector: str) -> list[WebElement]:
        return [element for element in self.driver.find_elements(by, selector) if element.is_displayed()]

    def one(self, by: str, selector: str, what: str, timeout: float = WAIT) -> WebElement:
        return self.wait(lambda: (self.visible(by, selector) or [None])[0], what, timeout)  # type: ignore[return-value]

    def field(self, label: str, timeout: float = WAIT) -> WebElement:
        """The control a visible <label> names, through its `for` attribute."""
        xpath = f"//label[normalize-space(text()[1])={xpath_text(label)}]"
        element = self.one(By.XPATH, xpath, f"a label {label!r}", timeout)
        target = element.get_attribute("for")
        assert target, f"the label {label!r} names no control"
        control = self.driver.find_element(By.ID, target)
        assert control.is_displayed(), f"the control of {label!r} is hidden"
        return control

    def fill(self, label: str, value: str) -> WebElement:
        control = self.field(label)
        control.clear()
        control.send_keys(value)
        return control

    def choose(self, label: str, option: str) -> None:
        Select(self.field(label)).select_by_visible_text(option)

    def button(self, text: str, timeout: float = WAIT) -> WebElement:
        """A visible button (or link styled as one) by its text or its aria-label."""
        name = xpath_text(text)
        xpath = (f"//button[normalize-space()={name} or @aria-label={name}]"
                 f" | //a[contains(@class,'button')][normalize-space()={name} or @aria-label={name}]")
        return self.one(By.XPATH, xpath, f"a button {text!r}", timeout)

    def click(self, text: str) -> None:
        element = self.button(text)
        self.wait(lambda: element.is_enabled(), f"{text!r} to be enabled")
        element.click()

    def link(self, text: str) -> WebElement:
        return self.one(By.XPATH, f"//a[normalize-space()={xpath_text(text)}]", f"a link {text!r}")

    def heading(self) -> str:
        return self.one(By.TAG_NAME, "h1", "the page heading").text.strip()

    def wait_heading(self, text: str) -> None:
        self.wait(lambda: self.heading() == text, lambda: f"the heading {text!r} (it is {self.heading()!r})")

    def go(self, route: str) -> None:
        self.driver.execute_script("location.hash = arguments[0]", route)

    def size(self, width: int, height: int) -> None:
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600,
        })

    def screenshot(self, name: str) -> Path:
        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / f"{name}.png"
        self.driver.execute_script("document.activeElement && document.activeElement.blur && document.activeElement.blur()")
        time.sleep(0.15)  # let the layout settle after a resize
        assert self.driver.save_screenshot(str(path)), f"no screenshot {path}"
        return path


def xpath_text(text: str) -> str:
    if "'" not in text:
        return f"'{text}'"
    return "concat('" + "', \"'\", '".join(text.split("'")) + "')"


# --- The check ----------------------------------------------------------------------------------


class Check:
    def __init__(self) -> None:
        self.results: list[tuple[str, str | None, float]] = []
        self.stopped: str | None = None

    def step(self, name: str, body: Callable[[], None], essential: bool = False, page: Page | None = None) -> bool:
        if self.stopped:
            self.results.append((name, f"not run: {self.stopped} failed", 0.0))
            print(f"FAIL {name}: not run, an earlier step failed", flush=True)
            return False
        started = time.monotonic()
        try:
            body()
        except Exception as error:  # noqa: BLE001 - every failure is reported
            elapsed = time.monotonic() - started
            if isinstance(error, AssertionError):
                message = str(error)
            elif isinstance(error, WebDriverException):
                message = f"{type(error).__name__}: {(error.msg or '').splitlines()[0] if error.msg else ''}"
            else:
                message = f"{type(error).__name__}: {error}"
            self.results.append((name, message, elapsed))
            print(f"FAIL {name} ({elapsed:.1f} s): {message}", flush=True)
            if not isinstance(error, AssertionError):
                traceback.print_tb(error.__traceback__, limit=6, file=sys.stdout)
            if page is not None:
                try:
                    page.screenshot(f"failure-{len(self.results):02d}")
                except Exception:  # noqa: BLE001 - a failure screenshot is best effort
                    pass
            if essential:
                self.stopped = name
            return False
        elapsed = time.monotonic() - started
        self.results.append((name, None, elapsed))
        print(f"ok   {name} ({elapsed:.1f} s)", flush=True)
        return True

    @property
    def failed(self) -> int:
        return sum(1 for _, error, _ in self.results if error)


def main() -> int:
    pg = postgres_settings()
    binary = os.environ.get("SWITCHYARD_BINARY") or str(ROOT / ".build" / "debug" / "switchyard")
    if not os.access(binary, os.X_OK):
        sys.exit(f"console-check: no server binary at {binary} (set SWITCHYARD_BINARY or build it)")
    taken: set[int] = set()
    token = uuid.uuid4().hex
    server = Server(binary, free_port(taken), token)
    check = Check()
    driver: webdriver.Chrome | None = None
    run = uuid.uuid4().hex[:8]
    project = f"console-{run}"
    table = f"console_demo_{run}"
    marker = f"console-cancel-{run}"
    alternate_host = {"127.0.0.1": "localhost", "localhost": "127.0.0.1"}.get(pg["host"])
    state: dict[str, object] = {}
    SHOTS.mkdir(parents=True, exist_ok=True)
    for old in SHOTS.glob("*.png"):
        old.unlink()

    try:
        check.step("the server starts and answers /healthz", server.start, essential=True)
        browser: dict[str, webdriver.Chrome] = {}

        def start_browser() -> None:
            browser["driver"] = make_driver(free_port(taken))

        check.step("headless Chromium starts under chromedriver", start_browser, essential=True)
        driver = browser.get("driver")
        page = Page(driver) if driver else None
        connection_path = f"/api/v0/projects/{project}/connections/warehouse"

        def console_is_served() -> None:
            status, headers, text = server.call("GET", "/", token=None)
            assert status == 200, f"GET / without a token: {status}"
            assert '<script type="module" src="app.js">' in text, "GET / is not the console's index.html"
            status, headers, text = server.call("GET", "/app.js", token=None)
            assert status == 200, f"GET /app.js: {status}"
            assert "javascript" in headers.get("Content-Type", ""), f"app.js served as {headers.get('Content-Type')}"
            status, _, _ = server.call("GET", "/api/v0/projects", token=None)
            assert status == 401, f"the API without a token answered {status}"

        check.step("the console is served at / without a token; the API still needs one", console_is_served, essential=True)

        def sign_in() -> None:
            page.size(*DESKTOP)
            driver.get(server.base + "/")
            page.field("Admin token")
            assert not page.visible(By.ID, "sign-out"), "Sign out is offered before signing in"
            page.fill("Admin token", "not-the-token")
            page.click("Sign in")
            page.wait(lambda: "refused" in driver.find_element(By.ID, "sign-in-status").text,
                      "the console to say a wrong token was refused")
            assert not driver.execute_script("return sessionStorage.getItem('switchyard.token')"), "a refused token was kept"
            page.fill("Admin token", token)
            page.click("Sign in")
            page.wait_heading("Projects")
            assert page.visible(By.ID, "sign-out"), "no Sign out after signing in"
            kept = driver.execute_script("return sessionStorage.getItem('switchyard.token')")
            assert kept == token, "the token is not kept in sessionStorage"
            assert not driver.execute_script("return localStorage.length"), "something was written to localStorage"

        check.step("sign in: a wrong token is refused, the right one is kept for the tab", sign_in, essential=True, page=page)

        def create_project() -> None:
            page.fill("Name", project)
            page.fill("Description", "Made by the console check.")
            page.click("Create project")
            link = page.one(By.CSS_SELECTOR, f"tr[data-project='{project}'] a", "the new project in the list")
            assert link.text == project
            body = server.json("GET", f"/api/v0/projects/{project}")
            assert body["name"] == project and body.get("readme") == "Made by the console check.", body

        check.step("create a project", create_project, essential=True, page=page)

        def create_connection() -> None:
            page.one(By.CSS_SELECTOR, f"tr[data-project='{project}'] a", "the project link").click()
            page.wait_heading(project)
            page.wait(lambda: "no connections yet" in driver.find_element(By.TAG_NAME, "main").text,
                      "the project's empty list of connections")
            page.click("New connection")
            page.wait_heading("New connection")
            page.fill("Connection name", "warehouse")
            page.choose("Type", "PostgreSQL")
            page.fill("Host", pg["host"])
            page.fill("Port", pg["port"])
            page.fill("Database name", pg["database"])
            page.fill("User name", pg["user"])
            password = page.fill("Password", pg["password"])
            assert password.get_attribute("type") == "password", "the password field shows what is typed"
            page.screenshot("new-connection-filled-desktop")
            page.click("Create connection")
            page.wait_heading("warehouse")
            body = server.json("GET", connection_path)
            settings = body["postgresConnection"]
            assert body["type"] == "postgres", body
            assert settings["host"] == pg["host"] and settings["port"] == int(pg["port"]), settings
            assert settings["databaseName"] == pg["database"] and settings["userName"] == pg["user"], settings
            assert "password" not in settings, "GET shows the password"
            assert "postgresConnection.password" in body["secretsSet"], body["secretsSet"]
            secret = page.one(By.XPATH, "//div[@data-field='password']//span[contains(@class,'pill-set')]",
                              "the password shown as set")
            assert secret.text == "set", secret.text
            assert page.button("Replace Password").is_displayed()

        check.step("create a PostgreSQL connection through the form", create_connection, essential=True, page=page)

        def test_connection() -> None:
            page.click("Test connection")
            page.one(By.CSS_SELECTOR, ".health-line .pill-ok, .health-line .pill-failed", "a test result")
            line = page.one(By.CSS_SELECTOR, ".health-line", "the health line").text
            assert line.split()[0] == "ok", f"the test says {line!r}"

        check.step("test it and see ok", test_connection, page=page)

        def run_sql(sql: str, expect: str = "done", timeout: float = 30) -> WebElement:
            box = page.field("SQL statement")
            box.clear()
            box.send_keys(sql)
            page.click("Run")
            status = page.one(By.ID, "query-status", "the query status")
            page.wait(lambda: status.get_attribute("data-state") != "running", "the statement to finish", timeout)
            state_now = status.get_attribute("data-state")
            if state_now != expect:
                message = driver.find_element(By.CSS_SELECTOR, ".result-message").text
                raise AssertionError(f"the statement ended {state_now}, expected {expect}: {message}")
            return status

        def create_table() -> None:
            page.link("Query").click()
            run_sql(f"CREATE TABLE public.{table} AS SELECT g AS id, 'item ' || g AS label, "
                    f"(g * 2.5)::numeric(10,2) AS amount, g % 2 = 0 AS even FROM generate_series(1, 5) AS g")
            assert page.one(By.CSS_SELECTOR, ".no-rows", "the no-rows note").text == "The statement returned no rows."
            counted = server.json("POST", f"{connection_path}/sqlQuery", {"sqlStatement": f"SELECT count(*) AS n FROM public.{table}"})
            assert json.loads(counted["data"])["rows"] == [{"n": 5}], counted["data"]

        check.step("create a table through the console's SQL box", create_table, essential=True, page=page)

        def browse() -> None:
            page.link("Schemas").click()
            schema = page.one(By.XPATH, "//ul[@aria-label='Schemas']//a[.//span[@class='item-name' and text()='public']]",
                              "the schema public")
            schema.click()
            entry = page.one(By.XPATH, f"//ul[@aria-label='Tables in public']//a[.//span[@class='item-name' and text()='{table}']]",
                             f"the table {table}")
            entry.click()
            columns = page.one(By.CSS_SELECTOR, f"table[aria-label='Columns of public.{table}']", "the columns")
            names = [cell.text for cell in columns.find_elements(By.CSS_SELECTOR, "tbody th")]
            types = [cell.text for cell in columns.find_elements(By.CSS_SELECTOR, "tbody td.mono")]
            assert names == ["id", "label", "amount", "even"], names
            assert types[0] in ("integer", "int4"), types
            assert "numeric" in types[2], types
            hash_now = driver.execute_script("return location.hash")
            assert hash_now.endswith(f"/schemas/public/{table}"), f"the address is {hash_now}"
            state["schemas-route"] = hash_now
            page.screenshot("schemas-desktop")

        check.step("browse schemas → public → the table → its columns", browse, page=page)

        def query() -> None:
            page.button("Query this table").click()
            box = page.field("SQL statement")
            page.wait(lambda: table in box.get_attribute("value"), "the table's SELECT in the SQL box")
            status = run_sql(f"SELECT id, label, amount, even, NULL AS nothing FROM public.{table} ORDER BY id")
            result = driver.find_element(By.ID, "result-table")
            headers = [cell.text for cell in result.find_elements(By.CSS_SELECTOR, "thead th")][1:]
            assert headers == ["id", "label", "amount", "even", "nothing"], headers
            rows = [[cell.text for cell in row.find_elements(By.TAG_NAME, "td")][1:]
                    for row in result.find_elements(By.CSS_SELECTOR, "tbody tr")]
            assert len(rows) == 5, f"{len(rows)} rows rendered"
            assert rows[0] == ["1", "item 1", "2.50", "false", "NULL"], rows[0]
            assert rows[4] == ["5", "item 5", "12.50", "false", "NULL"], rows[4]
            counter = status.find_element(By.CLASS_NAME, "counter")
            assert counter.get_attribute("data-rows") == "5" and counter.text == "5 rows", counter.text
            elapsed = status.find_element(By.CLASS_NAME, "clock").get_attribute("data-ms")
            assert elapsed is not None and 0 <= int(elapsed) < 30000, elapsed
            state["query-route"] = driver.execute_script("return location.hash")
            page.screenshot("query-desktop")

        check.step("run a query in the SQL box and read the rendered cells", query, page=page)

        def edit() -> None:
            assert alternate_host, f"no harmless other spelling of the host {pg['host']!r}"
            _, headers, _ = server.call("GET", connection_path)
            etag = headers.get("ETag")
            assert etag, "GET gave no ETag"
            page.link("Settings").click()
            page.wait(lambda: page.field("Host").get_attribute("value") == pg["host"], "the stored host in the form")
            driver.execute_script("""
                window.__sent = [];
                const original = window.fetch;
                window.fetch = (url, init = {}) => {
                  window.__sent.push({url: String(url), method: init.method || 'GET', headers: init.headers || {}, body: init.body || null});
                  return original(url, init);
                };""")
            page.fill("Host", alternate_host)
            page.click("Save changes")
            page.one(By.XPATH, "//div[contains(@class,'notice') and contains(@class,'success')]", "the saved notice")
            sent = [call for call in driver.execute_script("return window.__sent") if call["method"] == "PATCH"]
            assert len(sent) == 1, f"{len(sent)} PATCH requests"
            body = json.loads(sent[0]["body"])
            assert body == {"postgresConnection": {"host": alternate_host}}, f"PATCH sent {body}"
            assert sent[0]["headers"].get("If-Match") == etag, f"If-Match {sent[0]['headers'].get('If-Match')!r}, ETag {etag!r}"
            page.wait(lambda: page.field("Host").get_attribute("value") == alternate_host, "the form to show the saved host")
            assert page.button("Replace Password").is_displayed(), "the password no longer shows as set"

        check.step("edit a non-secret field: PATCH sends only the change, with If-Match", edit, page=page)

        def password_survived() -> None:
            status, _, text = server.call("GET", connection_path)
            assert status == 200, status
            body = json.loads(text)
            assert body["postgresConnection"]["host"] == alternate_host, body
            assert "password" not in body["postgresConnection"], "GET shows the password"
            assert pg["password"] not in text, "the password appears in the GET answer"
            assert body["secretsSet"] == ["postgresConnection.password"], body["secretsSet"]
            tested = server.json("POST", f"{connection_path}/test")
            assert tested == {"status": "ok"}, tested
            result = server.json("POST", f"{connection_path}/sqlQuery", {"sqlStatement": f"SELECT sum(id) AS total FROM public.{table}"})
            assert json.loads(result["data"])["rows"] == [{"total": 15}], result["data"]
            listed = server.call("GET", f"/api/v0/projects/{project}/connections")[2]
            assert pg["password"] not in listed, "the password appears in the connection list"

        check.step("through the API: the password survived the edit and is never shown", password_survived)

        def stale() -> None:
            server.json("PATCH", connection_path, {"postgresConnection": {"host": pg["host"]}})
            page.fill("Host", pg["host"])
            page.click("Save changes")
            alert = page.one(By.XPATH, "//div[contains(@class,'notice') and contains(@class,'error')]", "the 412 notice")
            assert "changed since it was loaded" in alert.text and "412" in alert.text, alert.text
            page.click("Reload")
            error_notice = "//div[contains(@class,'notice') and contains(@class,'error')]"
            page.wait(lambda: not page.visible(By.XPATH, error_notice) and page.field("Host").get_attribute("value") == pg["host"],
                      "the reloaded form")
            page.fill("Port", pg["port"])  # the same value: nothing to save
            page.click("Save changes")
            page.one(By.XPATH, "//div[contains(@class,'notice')][contains(., 'Nothing changed')]", "the nothing-changed note")

        check.step("a stale ETag answers 412 and the form offers to reload", stale, page=page)

        def cancel() -> None:
            server.json("POST", f"/api/v0/projects/{project}/connections/watcher", {"postgresConnection": {
                "host": pg["host"], "port": int(pg["port"]), "databaseName": pg["database"],
                "userName": pg["user"], "password": pg["password"]}}, expect=201)
            # A pooled connection keeps showing its last statement once idle: running means active.
            probe = {"sqlStatement": "SELECT count(*) AS n FROM pg_stat_activity WHERE pid <> pg_backend_pid() "
                                     f"AND state = 'active' AND query LIKE '%' || 'console-cancel-' || '{run}' || '%'"}

            def running() -> int:
                answer = server.json("POST", f"/api/v0/projects/{project}/connections/watcher/sqlQuery", probe)
                return int(json.loads(answer["data"])["rows"][0]["n"])

            assert running() == 0, "the statement runs before it was sent"
            page.link("Query").click()
            box = page.field("SQL statement")
            box.clear()
            box.send_keys(f"/* {marker} */ SELECT pg_sleep(60)")
            page.click("Run")
            page.wait(lambda: running() == 1, "the statement in pg_stat_activity", 15)
            cancel_button = page.button("Cancel")
            assert cancel_button.is_enabled(), "Cancel is disabled while the statement runs"
            cancelled_at = time.monotonic()
            cancel_button.click()
            status = page.one(By.ID, "query-status", "the query status")
            page.wait(lambda: status.get_attribute("data-state") == "cancelled", "the console to say cancelled", 5)
            page.wait(lambda: running() == 0, "the statement to leave pg_stat_activity", 5)
            gone_after = time.monotonic() - cancelled_at
            assert gone_after < 5, f"gone after {gone_after:.1f} s"
            assert not page.button("Cancel").is_enabled(), "Cancel stays enabled after the cancel"
            print(f"     the statement was no longer active in pg_stat_activity {gone_after:.2f} s after Cancel", flush=True)

        check.step("Cancel stops a long statement in the database (pg_stat_activity)", cancel, page=page)

        def reference() -> None:
            driver.get(server.base + "/reference.html")
            page.wait(lambda: "API reference" in page.heading(), "the reference heading")
            operation = page.one(By.ID, "op-runQuery", "the runQuery operation")
            text = operation.text
            assert "POST" in text and "/projects/{projectName}/connections/{connectionName}/sqlQuery" in text, text[:300]
            assert "sqlStatement" in text and "application/x-ndjson" in text, "runQuery's body or responses are missing"
            schema = page.one(By.ID, "schema-PostgresConnection", "the PostgresConnection schema")
            assert "databaseName" in schema.text and "write-only" in schema.text, schema.text[:300]
            opened = operation.find_elements(By.XPATH, ".//summary[.//span[text()='SqlStatement']]")
            assert opened, "runQuery's request body does not show the SqlStatement schema it refers to"
            page.screenshot("reference-desktop")

        check.step("the reference page renders the contract from /api/v0/openapi.json", reference, page=page)

        def screenshots() -> None:
            driver.get(server.base + "/")
            page.wait_heading("Projects")
            pages = [
                ("projects", "#/", "Projects"),
                ("connections", f"#/projects/{project}", project),
                ("form", f"#/projects/{project}/connections/warehouse", "warehouse"),
                ("new-connection", f"#/projects/{project}/new", "New connection"),
                ("schemas", str(state.get("schemas-route", "")), "warehouse"),
                ("query", str(state.get("query-route", "")), "warehouse"),
            ]
            overflow = []
            for size_name, size in (("narrow", NARROW), ("desktop", DESKTOP)):
                page.size(*size)
                for name, route, heading in pages:
                    if not route:
                        continue
                    page.go(route)
                    page.wait_heading(heading)
                    if name == "projects":
                        page.one(By.CSS_SELECTOR, f"tr[data-project='{project}']", "the list of projects")
                    if name == "schemas":
                        page.one(By.CSS_SELECTOR, "table[aria-label^='Columns of']", "the columns")
                    if name == "query":
                        box = page.field("SQL statement")
                        box.clear()
                        box.send_keys(f"SELECT id, label, amount, even FROM public.{table} ORDER BY id")
                        page.click("Run")
                        page.wait(lambda: driver.find_element(By.ID, "query-status").get_attribute("data-state") == "done",
                                  "the query to finish")
                    if name == "connections":
                        test_all = page.button("Test all")
                        test_all.click()
                        page.wait(lambda: test_all.is_enabled() and not page.visible(By.CSS_SELECTOR, "td .pill-running")
                                  and len(page.visible(By.CSS_SELECTOR, "td .pill-ok")) == 2, "both connections tested ok")
                    unlabelled = driver.execute_script("""
                        return [...document.querySelectorAll('input, select, textarea')]
                          .filter((el) => el.type !== 'hidden' && el.type !== 'file' && el.offsetParent !== null)
                          .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby'))
                          .map((el) => el.id || el.name || el.outerHTML.slice(0, 60));""")
                    assert not unlabelled, f"{name}: controls without a label: {unlabelled}"
                    if size_name == "narrow":
                        wide = driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
                        if wide > 1:
                            overflow.append(f"{name} ({wide}px)")
                    page.screenshot(f"{name}-{size_name}")
                if size_name == "narrow":
                    driver.get(server.base + "/reference.html")
                    page.wait(lambda: "API reference" in page.heading(), "the reference heading")
                    wide = driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
                    if wide > 1:
                        overflow.append(f"reference ({wide}px)")
                    page.screenshot("reference-narrow")
                    driver.get(server.base + "/")
                    page.wait_heading("Projects")
            assert not overflow, f"pages wider than a {NARROW[0]}px screen: {', '.join(overflow)}"
            missing = [f"{name}-{size}" for name in ("projects", "connections", "form", "schemas", "query", "reference")
                       for size in ("desktop", "narrow") if not (SHOTS / f"{name}-{size}.png").exists()]
            assert not missing, f"screenshots missing: {missing}"
            small = [path.name for path in SHOTS.glob("*.png") if path.stat().st_size < 5000]
            assert not small, f"screenshots that look empty: {small}"

        check.step("screenshots at desktop and 390×844; every control labelled; nothing wider than the screen",
                   screenshots, page=page)

        def keyboard() -> None:
            page.size(*DESKTOP)
            page.go(str(state.get("query-route", "")))
            box = page.field("SQL statement")
            box.clear()
            box.send_keys("SELECT 41 + 1 AS answer")
            box.send_keys(Keys.CONTROL, Keys.ENTER)
            status = page.one(By.ID, "query-status", "the query status")
            page.wait(lambda: status.get_attribute("data-state") == "done", "Ctrl+Enter to run the statement")
            cell = driver.find_element(By.CSS_SELECTOR, "#result-table tbody td:nth-child(2)")
            assert cell.text == "42", cell.text
            box.send_keys(Keys.TAB)
            focused = driver.switch_to.active_element
            assert focused.text == "Run", f"Tab from the SQL box reached {focused.text!r}"
            outline = driver.execute_script(
                "const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth]")
            assert outline[0] != "none" and outline[1] not in ("0px", ""), f"no visible focus: {outline}"

        check.step("keyboard: Ctrl+Enter runs, Tab moves on with a visible focus", keyboard, page=page)

        def delete_project() -> None:
            server.json("POST", f"/api/v0/projects/{project}/connections/watcher/sqlQuery",
                        {"sqlStatement": f"DROP TABLE IF EXISTS public.{table}"})
            page.go("#/")
            page.wait_heading("Projects")
            page.one(By.CSS_SELECTOR, f"button[aria-label='Delete project {project}']", "the delete button").click()
            dialog = page.one(By.CSS_SELECTOR, "dialog[open]", "the confirmation dialog")
            assert "2 connections" in dialog.text, dialog.text
            dialog.find_element(By.XPATH, ".//button[normalize-space()='Delete project']").click()
            page.wait(lambda: not driver.find_elements(By.CSS_SELECTOR, f"tr[data-project='{project}']"),
                      "the project to leave the list")
            status, _, _ = server.call("GET", f"/api/v0/projects/{project}")
            assert status == 404, f"the deleted project answers {status}"

        check.step("delete the project through the console (after dropping the table)", delete_project, page=page)

        def sign_out() -> None:
            page.click("Sign out")
            page.field("Admin token")
            assert not driver.execute_script("return sessionStorage.getItem('switchyard.token')"), "the token outlived Sign out"
            assert not page.visible(By.ID, "sign-out"), "Sign out is still offered"

        check.step("sign out forgets the token", sign_out, page=page)

        def browser_log() -> None:
            entries = driver.get_log("browser")
            errors = [entry["message"] for entry in entries if entry["level"] == "SEVERE"
                      and "Failed to load resource" not in entry["message"]]
            assert not errors, f"script errors: {errors}"

        check.step("no script errors in the browser console", browser_log)
    finally:
        if driver is not None:
            try:
                driver.quit()
            except Exception:  # noqa: BLE001 - the browser may already be gone
                pass
        server.stop()
        # Best effort when a step failed before its own cleanup.
        try:
            subprocess.run(["psql", "-X", "-q", "-h", pg["host"], "-p", pg["port"], "-U", pg["user"], "-d", pg["database"],
                            "-c", f"DROP TABLE IF EXISTS public.{table}"], env={**os.environ, "PGPASSWORD": pg["password"]},
                           capture_output=True, timeout=20, check=False)
        except (OSError, subprocess.TimeoutExpired):
            pass

    passed = len(check.results) - check.failed
    if check.failed:
        print("\n--- server output ---", flush=True)
        print(server.log() or "(none)", flush=True)
        print(f"screenshots, including failure-*.png: {SHOTS}", flush=True)
    server.cleanup()
    print(f"console-check: {passed} passed, {check.failed} failed", flush=True)
    return 1 if check.failed else 0


if __name__ == "__main__":
    sys.exit(main())
