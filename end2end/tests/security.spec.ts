import { expect, test, type Page } from "@playwright/test";
import {
  changeDatabase,
  createUser,
  expectAccessible,
  login,
  openSafe,
  PIN,
  queryDatabase,
  waitForHydration,
  waitForLists,
  waitForOfflinePage,
  waitForServiceWorker,
} from "./helpers";

// What a lost, taken or shared phone gives away: nothing about a client in
// any storage the browser keeps, and nothing of one worker filed under
// another's login; and a forgotten PIN costs no record.

const CODE = "TAJ05NOT11";
const NOTE = "Tajná poznámka k návštěvě";

/** Everything this site keeps in the browser, as text: localStorage,
 * every IndexedDB store, and every response in Cache Storage. */
async function everythingKept(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const parts: string[] = [];
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i)!;
      parts.push(key, localStorage.getItem(key) ?? "");
    }
    for (const info of await indexedDB.databases()) {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(info.name!);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      for (const store of Array.from(db.objectStoreNames)) {
        const all = await new Promise<unknown[]>((resolve) => {
          const request = db.transaction(store).objectStore(store).getAll();
          request.onsuccess = () => resolve(request.result);
        });
        parts.push(store, JSON.stringify(all));
      }
      db.close();
    }
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        const response = await cache.match(request);
        const type = response?.headers.get("content-type") ?? "";
        if (type.includes("wasm")) continue;
        parts.push(request.url, (await response?.text()) ?? "");
      }
    }
    return parts.join("\n");
  });
}

async function logExchange(page: Page) {
  await page.getByRole("link", { name: "Výměna", exact: true }).click();
  await expect(page.getByLabel("Lokalita").locator("option")).not.toHaveCount(1);
  await page.getByLabel("Lokalita").selectOption("centrum");
  await page.getByLabel("Kód (např. LUD07TOM08)").fill(CODE);
  const basics = page.getByRole("group", { name: "Klient: pohlaví a rok narození" });
  await basics.getByRole("button", { name: "Žena", exact: true }).click();
  await basics.getByLabel("Rok narození").fill("1987");
  await page.getByRole("button", { name: "Injekční uživatelé drog", exact: true }).click();
  await page.getByRole("group", { name: "Injekční stříkačky / sety" }).locator("input").fill("10");
  await page.getByLabel("Poznámka").fill(NOTE);
  await page.getByRole("button", { name: "Uložit záznam" }).click();
  await expect(page.getByText("Uloženo v telefonu.")).toBeVisible();
}

async function logFound(page: Page, count: number) {
  await page.getByRole("link", { name: "Nalezené stříkačky", exact: true }).click();
  await page.getByLabel("Lokalita").selectOption("centrum");
  await page.getByRole("group", { name: "Počet stříkaček" }).locator("input").fill(String(count));
  await page.getByRole("button", { name: "Uložit záznam" }).click();
  await expect(page.getByText("Uloženo v telefonu.")).toBeVisible();
}

async function readyOffline(page: Page) {
  await waitForServiceWorker(page);
  await waitForLists(page);
  await waitForOfflinePage(page, "/zaznam/vymena");
  await waitForOfflinePage(page, "/zaznam/strikacky");
}

function recordsOf(username: string): string {
  return queryDatabase(`SELECT COUNT(*) FROM records WHERE worker_id = (SELECT id FROM users WHERE username = '${username}')`);
}

test("the queue is sealed on the phone, opens with the PIN offline, and logout leaves nothing", async ({ browser }) => {
  const vendula = { username: "vendula", name: "Vendula Terénní", password: "heslo-pro-vendulu" };
  (await createUser(browser, vendula)).context.close();
  const phone = await browser.newContext();
  const page = await phone.newPage();
  await login(page, vendula);
  await readyOffline(page);

  await phone.setOffline(true);
  await logExchange(page);
  await expect(page.locator(".sync-status")).toHaveAttribute("data-pending", "1");
  let kept = await everythingKept(page);
  expect(kept).toContain("teren.sealed.");
  expect(kept).not.toContain(CODE);
  expect(kept).not.toContain(NOTE);
  expect(kept).not.toContain("1987");

  // Reopened offline: the PIN first, then the queue as it was.
  await page.reload();
  await waitForHydration(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Zadejte PIN");
  await expect(page.getByText(CODE)).toHaveCount(0);
  await expectAccessible(page, "PIN entry");
  await openSafe(page);
  await expect(page.locator(".sync-status")).toHaveAttribute("data-pending", "1");
  await page.getByRole("link", { name: "Záznamy" }).click();
  await expect(page.locator("li.record.pending")).toContainText(CODE);

  // Settings say what is kept, and that it is encrypted.
  await page.getByRole("link", { name: "Nastavení" }).click();
  await expect(page.getByRole("heading", { name: "Co je uloženo v telefonu" })).toBeVisible();
  await expect(page.getByText(/šifrované \(AES-GCM\)/)).toBeVisible();
  await expectAccessible(page, "/nastaveni");

  // Fifteen minutes without a tap (the clock moved on; the phone woke up):
  // locked again, and the PIN opens it.
  await page.evaluate(() => {
    const real = Date.now;
    Date.now = () => real() + 16 * 60 * 1000;
    document.dispatchEvent(new Event("visibilitychange", { bubbles: true }));
  });
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Zadejte PIN");
  await openSafe(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Nastavení");

  await phone.setOffline(false);
  await expect(page.locator(".sync-status")).toHaveAttribute("data-pending", "0", { timeout: 30_000 });
  expect(recordsOf("vendula")).toBe("1");
  await page.getByRole("button", { name: "Odhlásit se" }).click();
  await expect(page).toHaveURL(/\/prihlaseni$/);
  await waitForHydration(page);
  kept = await everythingKept(page);
  expect(kept).not.toContain(CODE);
  expect(kept).not.toContain(NOTE);
  expect(kept).not.toContain("teren.sealed.");
  expect(kept).not.toContain("teren.key.");
  expect(kept).not.toContain("Vendula Terénní");
  await phone.close();
});

test("too many wrong PINs lock the phone's copy; the password brings every pending record back", async ({ browser }) => {
  const vilem = { username: "vilem", name: "Vilém Terénní", password: "heslo-pro-vilema" };
  (await createUser(browser, vilem)).context.close();
  const phone = await browser.newContext();
  const page = await phone.newPage();
  await login(page, vilem);
  await readyOffline(page);

  await phone.setOffline(true);
  await logFound(page, 3);
  await logFound(page, 4);
  await expect(page.locator(".sync-status")).toHaveAttribute("data-pending", "2");
  await page.reload();
  await waitForHydration(page);
  const pin = page.locator('input[name="pin"]');
  for (let attempt = 1; attempt <= 5; attempt++) {
    await pin.fill("0000");
    await pin.press("Enter");
    if (attempt < 5) await expect(page.getByRole("alert")).toContainText(`Zbývá pokusů: ${5 - attempt}`);
  }
  // Locked: not even the right PIN opens it now.
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Ověřte se heslem");
  await expect(page.locator('input[name="pin"]')).toHaveCount(0);
  await expectAccessible(page, "password after wrong PINs");
  await expect(page.getByText("Bez signálu: heslo lze ověřit")).toBeVisible();

  // Back in signal, the password opens it; a new PIN, and both records go.
  await phone.setOffline(false);
  await page.getByLabel("Heslo").fill("spatne-heslo-vilem");
  await page.getByRole("button", { name: "Ověřit heslo" }).click();
  await expect(page.getByRole("alert")).toContainText("Nesprávné uživatelské jméno nebo heslo");
  await page.getByLabel("Heslo").fill(vilem.password);
  await page.getByRole("button", { name: "Ověřit heslo" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Nastavte PIN");
  await expectAccessible(page, "new PIN");
  await openSafe(page, "1357");
  await expect(page.locator(".sync-status")).toHaveAttribute("data-pending", "0", { timeout: 30_000 });
  expect(recordsOf("vilem")).toBe("2");
  await phone.close();
});

test("on a shared phone the next worker's session files nothing of the previous one's", async ({ browser, baseURL }) => {
  const alzbeta = { username: "alzbeta", name: "Alžběta První", password: "heslo-pro-alzbetu" };
  const bohdan = { username: "bohdan", name: "Bohdan Druhý", password: "heslo-pro-bohdana" };
  (await createUser(browser, alzbeta)).context.close();
  (await createUser(browser, bohdan)).context.close();
  const phone = await browser.newContext();
  const page = await phone.newPage();
  await login(page, alzbeta);
  await readyOffline(page);

  await phone.setOffline(true);
  await logFound(page, 7);
  await expect(page.locator(".sync-status")).toHaveAttribute("data-pending", "1");

  // Alžběta's session ends without a logout, and Bohdan logs in on the same
  // phone; the phone, still offline, opens the page it kept for Alžběta.
  // (The login goes through the context's own requests, which the
  // offline emulation does not cut; the page stays offline.)
  await phone.clearCookies();
  const response = await phone.request.post("/api/login", {
    form: { username: bohdan.username, password: bohdan.password },
    headers: { Origin: baseURL!, Accept: "application/json" },
  });
  expect(response.status()).toBe(200);
  await page.reload();
  await waitForHydration(page);
  await openSafe(page);
  await expect(page.locator(".sync-status")).toHaveAttribute("data-pending", "1");

  // Signal again: the phone learns who is logged in before sending, sends
  // nothing, and loads the page anew for Bohdan.
  await phone.setOffline(false);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Nastavte PIN", { timeout: 30_000 });
  expect(recordsOf("bohdan")).toBe("0");
  expect(recordsOf("alzbeta")).toBe("0");
  await openSafe(page, "4680");
  await expect(page.locator(".sync-status")).toHaveAttribute("data-pending", "0");
  expect(await everythingKept(page)).toMatch(/teren\.sealed\.\d+\.outbox/);

  // Alžběta, back on her phone later, logs in: her record is there and goes.
  await page.getByRole("link", { name: "Nastavení" }).click();
  await page.getByRole("button", { name: "Odhlásit se" }).click();
  await expect(page).toHaveURL(/\/prihlaseni$/);
  await login(page, alzbeta);
  await expect.poll(() => recordsOf("alzbeta"), { timeout: 30_000 }).toBe("1");
  expect(recordsOf("bohdan")).toBe("0");
  await phone.close();
});

test("a phone that cannot reach the server hands its queue over in a sealed file", async ({ browser }) => {
  const radka = { username: "radka", name: "Radka Terénní", password: "heslo-pro-radku" };
  (await createUser(browser, radka)).context.close();
  const phone = await browser.newContext();
  const page = await phone.newPage();
  await login(page, radka);
  await readyOffline(page);
  await page.waitForFunction(() => localStorage.getItem("teren.handover_key") !== null);

  // The server takes no sync from this phone any more.
  await page.route("**/api/sync", (route) => route.abort());
  await logExchange(page);
  await logFound(page, 5);
  await page.getByRole("link", { name: "Nastavení" }).click();
  await expect(page.getByRole("button", { name: "Odhlásit se" })).toBeDisabled();
  await expectAccessible(page, "/nastaveni with records waiting");
  const saving = page.waitForEvent("download");
  await page.getByRole("button", { name: "Uložit čekající záznamy do souboru" }).click();
  const file = await (await saving).path();
  await expect(page.getByRole("status").filter({ hasText: "Uloženo záznamů: 2" })).toBeVisible();
  const { readFileSync } = await import("node:fs");
  const text = readFileSync(file, "utf8");
  expect(text).toContain('"format":"teren-handover-1"');
  // Marked by the phone's own key, which the server knows as Radka's.
  expect(text).toMatch(/"signature":"[A-Za-z0-9_-]{86}"/);
  expect(queryDatabase("SELECT COUNT(*) FROM handover_authors WHERE user_id = (SELECT id FROM users WHERE username = 'radka')")).toBe("1");
  expect(text).not.toContain(CODE);
  expect(text).not.toContain(NOTE);

  // Saved: the worker may log out, and the phone keeps nothing.
  await page.getByRole("button", { name: "Odhlásit se" }).click();
  await expect(page).toHaveURL(/\/prihlaseni$/);
  expect(await everythingKept(page)).not.toContain("teren.sealed.");
  expect(recordsOf("radka")).toBe("0");

  // In the office a coordinator imports the file, and again by mistake.
  const office = await browser.newContext();
  const coordinator = await office.newPage();
  await login(coordinator);
  await coordinator.goto("/prehled/zaznamy");
  await waitForHydration(coordinator);
  // The page's own part of the bundle loads after the shell: a file sent
  // before it arrives goes as a plain form and the page navigates away.
  await coordinator.waitForLoadState("networkidle");
  for (const expected of ["nových 2, již uložených 0", "nových 0, již uložených 2"]) {
    await coordinator.getByLabel("Soubor z telefonu (.teren)").setInputFiles(file);
    await coordinator.getByRole("button", { name: "Načíst záznamy" }).click();
    await expect(coordinator.getByRole("status").filter({ hasText: expected })).toBeVisible();
  }
  await expectAccessible(coordinator, "/prehled/zaznamy with an import");
  expect(recordsOf("radka")).toBe("2");
  expect(queryDatabase("SELECT COUNT(*) FROM records WHERE client_code = 'TAJ05NOT11' AND worker_id = (SELECT id FROM users WHERE username = 'radka')")).toBe("1");
  await office.close();
  await phone.close();
});

test("a server that made a worker's secret anew still lets the PIN open the queue after the next login", async ({
  browser,
}) => {
  const olga = { username: "olga", name: "Olga Terénní", password: "heslo-pro-olgu-1" };
  const { context: adminContext, admin } = await createUser(browser, olga);
  const phone = await browser.newContext();
  const page = await phone.newPage();
  await login(page, olga);
  await readyOffline(page);
  // Nothing goes out for now: a record waits.
  await page.route("**/api/sync", (route) => route.abort());
  await logFound(page, 6);
  await expect(page.locator(".sync-status")).toHaveAttribute("data-pending", "1");

  // A backup from before her first login is restored: the server no
  // longer has the secret her phone's key was wrapped by. Then her
  // password is reset, which ends her session.
  changeDatabase("UPDATE users SET vault_secret = NULL WHERE username = 'olga'");
  const card = admin.locator(`li[data-username="${olga.username}"]`);
  await card.getByLabel("Nové heslo").fill("nove-heslo-pro-olgu");
  await card.getByRole("button", { name: "Nastavit heslo" }).click();
  await expect(admin.getByRole("status").filter({ hasText: "Heslo bylo změněno" })).toBeVisible();
  await page.unroute("**/api/sync");
  await phone.setOffline(true);
  await phone.setOffline(false);
  await expect(page.getByText("Přihlášení vypršelo")).toBeVisible();

  // She logs in: the server's copy opens nothing now, the PIN does, and
  // the waiting record goes.
  const serverCopy = () =>
    page.evaluate(() => {
      const file = Object.keys(localStorage).find((key) => key.startsWith("teren.key."));
      return file ? JSON.parse(localStorage.getItem(file)!).by_server : null;
    });
  const before = await serverCopy();
  expect(before).not.toBeNull();
  await login(page, { ...olga, password: "nove-heslo-pro-olgu" });
  await expect(page.locator(".sync-status")).toHaveAttribute("data-pending", "0", { timeout: 30_000 });
  expect(recordsOf("olga")).toBe("1");
  expect(
    queryDatabase("SELECT COUNT(*) FROM audit_log WHERE action = 'vault_secret_created' AND subject = 'olga'"),
  ).toBe("2");
  // The key was wrapped again by the new secret: right after the login the
  // server's copy opens it without the PIN.
  await expect.poll(serverCopy).not.toBe(before);
  await page.reload();
  await expect(page.locator("main section.page:not(.vault)").first()).toBeVisible();
  await expect(page.locator('input[name="pin"]')).toHaveCount(0);
  await Promise.all([adminContext.close(), phone.close()]);
});
