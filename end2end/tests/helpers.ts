import AxeBuilder from "@axe-core/playwright";
import { expect, type Browser, type Page } from "@playwright/test";
import { execFileSync } from "node:child_process";

export const ADMIN = { username: "spravce", name: "Jana Správcová", password: "velmi-tajne-heslo" };

// The header's status slot is filled in by the browser after hydration:
// until then it says "checking". Waiting for it means the wasm is running.
export async function waitForHydration(page: Page) {
  await expect(page.locator(".sync-status")).toHaveAttribute("data-state", /online|offline/);
}

export async function login(page: Page, user = ADMIN) {
  await page.goto("/prihlaseni");
  await waitForHydration(page);
  await page.getByLabel("Uživatelské jméno").fill(user.username);
  await page.getByLabel("Heslo").fill(user.password);
  await page.getByRole("button", { name: "Přihlásit se" }).click();
  await expect(page).toHaveURL(/\/$/);
  await waitForHydration(page);
  await openSafe(page);
}

/** The PIN every test worker sets on a phone. */
export const PIN = "2580";

/** Gets past the PIN screens in front of the worker's pages, in any
 * language: sets the PIN after a first login on the phone, or types it
 * when the app was reopened offline. */
export async function openSafe(page: Page, pin = PIN) {
  const newPin = page.locator('input[name="pin_again"]');
  const pinEntry = page.locator('input[name="pin"]');
  const open = page.locator("main section.page:not(.vault)");
  await expect(pinEntry.or(open).first()).toBeVisible();
  if (await newPin.isVisible()) {
    await pinEntry.fill(pin);
    await newPin.fill(pin);
    await newPin.press("Enter");
  } else if (await pinEntry.isVisible()) {
    await pinEntry.fill(pin);
    await pinEntry.press("Enter");
  }
  await expect(open.first()).toBeVisible();
}

/** Waits until the phone keeps the lists (sealed) after a login. */
export async function waitForLists(page: Page) {
  await page.waitForFunction(() =>
    Object.keys(localStorage).some((key) => /^teren\.sealed\.\d+\.catalogue$/.test(key)),
  );
}

export type User = { username: string; name: string; password: string };

/** Creates an account through the admin pages, as an admin would; it
 * works for the services named, or for every service. */
export async function createUser(browser: Browser, user: User, role = "worker", services?: string[]) {
  const context = await browser.newContext();
  const admin = await context.newPage();
  await login(admin);
  await admin.goto("/sprava/uzivatele");
  await waitForHydration(admin);
  // The page's own part of the bundle loads after the shell: a form sent
  // before it arrives is a plain post, which lands on the same page again
  // without waiting for the list to refresh.
  await admin.waitForLoadState("networkidle");
  const form = admin.locator("form.form");
  await form.getByLabel("Uživatelské jméno").fill(user.username);
  await form.getByLabel("Celé jméno").fill(user.name);
  await form.getByLabel("Role").selectOption(role);
  await form.getByLabel("Heslo").fill(user.password);
  const choices = form.getByRole("group", { name: "Služby" });
  if (services) {
    for (const service of services) await choices.getByLabel(service, { exact: true }).check();
  } else {
    for (const box of await choices.getByRole("checkbox").all()) await box.check();
  }
  await form.getByRole("button", { name: "Vytvořit uživatele" }).click();
  await expect(admin.locator(`li[data-username="${user.username}"]`)).toBeVisible();
  return { context, admin };
}

/** Runs one query against the server's SQLite file (Python's sqlite3). */
export function queryDatabase(sql: string): string {
  const database = process.env.E2E_DATABASE;
  if (!database) throw new Error("E2E_DATABASE is not set");
  const script = "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])";
  return execFileSync("python3", ["-c", script, database, sql]).toString().trim();
}

/** Changes the database as an operator's tool would (a restore, say). */
export function changeDatabase(sql: string) {
  const database = process.env.E2E_DATABASE;
  if (!database) throw new Error("E2E_DATABASE is not set");
  const script =
    "import sqlite3, sys; db = sqlite3.connect(sys.argv[1], timeout=30); db.execute(sys.argv[2]); db.commit()";
  execFileSync("python3", ["-c", script, database, sql]);
}

/** Waits until the service worker controls the page; on failure says why. */
export async function waitForServiceWorker(page: Page) {
  try {
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {
      timeout: 20_000,
    });
  } catch (error) {
    const state = await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration();
      return JSON.stringify({
        url: location.href,
        registered: !!registration,
        installing: registration?.installing?.state ?? null,
        waiting: registration?.waiting?.state ?? null,
        active: registration?.active?.state ?? null,
      });
    });
    throw new Error(`service worker not in control: ${state}`, { cause: error });
  }
}

/** Waits until the service worker keeps `path` for offline use: after a
 * login it fetches the worker's pages in the background, and a phone that
 * goes offline before that has only what it already had. */
export async function waitForOfflinePage(page: Page, path: string) {
  await page.waitForFunction(
    async (path) => {
      for (const key of await caches.keys()) {
        if (await (await caches.open(key)).match(path)) return true;
      }
      return false;
    },
    path,
    { timeout: 30_000 },
  );
}

const WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const TOUCH_TARGET = 48;

/** Fails with every axe-core (WCAG 2.1 AA) violation and every small touch
 * target on the page as it is now. */
export async function expectAccessible(page: Page, screen: string) {
  const results = await new AxeBuilder({ page }).withTags(WCAG_21_AA).analyze();
  const violations = results.violations.map(
    (v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
  );
  expect.soft(violations, `axe on ${screen}`).toEqual([]);
  expect.soft(await smallTargets(page), `touch targets under ${TOUCH_TARGET} px on ${screen}`).toEqual([]);
}

/** Visible controls whose tappable area (the control, or the label around it)
 * is under 48 px in either direction. Links inside running text are exempt,
 * as WCAG's target-size criterion exempts them. */
async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate((minimum) => {
    const controls = document.querySelectorAll<HTMLElement>(
      "a[href], button, input:not([type=hidden]), select, textarea, summary",
    );
    const small: string[] = [];
    for (const control of controls) {
      const box = control.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;
      if (getComputedStyle(control).visibility === "hidden") continue;
      if (control.tagName === "A" && control.closest("p, li.audit, td")) continue;
      const area = (control.closest("label") ?? control).getBoundingClientRect();
      const width = Math.max(box.width, area.width);
      const height = Math.max(box.height, area.height);
      if (width < minimum || height < minimum) {
        const name = (control.getAttribute("aria-label") ?? control.textContent ?? control.getAttribute("name") ?? "")
          .trim()
          .slice(0, 40);
        small.push(`${control.tagName.toLowerCase()} "${name}" ${Math.round(width)}×${Math.round(height)}`);
      }
    }
    return small;
  }, TOUCH_TARGET);
}

/** `YYYY-MM-DDTHH:MM` in the browser's zone, `hours` ago. */
export function localInput(hoursAgo: number): string {
  const at = new Date(Date.now() - hoursAgo * 3_600_000);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

/** An admin opens a service of `type` named `name`; gives the admin's page,
 * still logged in, and the new service's id. */
export async function openService(browser: Browser, type: string, name: string) {
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await login(admin);
  await admin.goto("/sprava/sluzby");
  await waitForHydration(admin);
  const form = admin.locator("form.form");
  await form.getByLabel("Druh služby").selectOption(type);
  await form.getByLabel("Název služby").fill(name);
  await form.getByRole("button", { name: "Vytvořit službu" }).click();
  await expect(admin.locator("li[data-service]").filter({ hasText: name })).toBeVisible();
  const service = queryDatabase(`SELECT id FROM services WHERE name = '${name}'`);
  return { adminContext, admin, service };
}

/** An admin opens a service of `type` named `name`, and a worker of it
 * logs in on a phone of their own. Gives the admin's page (still logged
 * in), the service's id, and the phone's context and page. */
export async function serviceWorker(browser: Browser, type: string, name: string, username: string, tiles: number) {
  const { admin, service } = await openService(browser, type, name);
  const worker = { username, name: `Pracovník ${name}`, password: `heslo-${username}` };
  const { context } = await createUser(browser, worker, "worker", [name]);
  await context.close();
  const phone = await browser.newContext();
  const page = await phone.newPage();
  await login(page, worker);
  // Until the phone knows the worker's service every tile shows; a tap
  // while they change would land on another.
  await expect(page.locator("a.kind-tile")).toHaveCount(tiles);
  return { admin, service, phone, page };
}
