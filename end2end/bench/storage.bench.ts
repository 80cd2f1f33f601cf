import { expect, test, type Page } from "@playwright/test";
import { createUser, login, waitForHydration, waitForOfflinePage, waitForServiceWorker } from "../tests/helpers";

// What keeping the queue on the phone costs the worker: the time to save one
// record, and to open the app offline, with QUEUED records waiting. The
// queue is filled the way an older app version left it (a plain outbox),
// which the app takes over on its first open.
const QUEUED = 500;
const ROUNDS = 7;
const PIN = "2580";
const WORKER = { username: "mereni", name: "Měření Výkonu", password: "heslo-pro-mereni" };

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Enters the PIN when the app asks for one; the time it took to open. */
async function unlockIfAsked(page: Page): Promise<number> {
  const pin = page.getByLabel("PIN", { exact: true });
  const start = Date.now();
  if (await pin.isVisible()) {
    await pin.fill(PIN);
    await page.getByRole("button", { name: "Odemknout" }).click();
  }
  return Date.now() - start;
}

async function openWithQueue(page: Page): Promise<{ toScreen: number; unlock: number; total: number }> {
  const start = Date.now();
  await page.reload();
  await waitForHydration(page);
  await expect(page.getByLabel("PIN", { exact: true }).or(page.getByRole("link", { name: "Nalezené stříkačky" }))).toBeVisible();
  const toScreen = Date.now() - start;
  const unlock = await unlockIfAsked(page);
  await expect(page.locator(".sync-status")).toHaveAttribute("data-pending", /^[1-9]\d{2,}$/, { timeout: 60_000 });
  return { toScreen, unlock, total: Date.now() - start };
}

test("saving and opening with a full queue", async ({ browser }) => {
  const { context: adminContext } = await createUser(browser, WORKER);
  await adminContext.close();
  const phone = await browser.newContext();
  const page = await phone.newPage();
  await login(page, WORKER);
  const setPin = page.getByLabel("Nový PIN");
  if (await setPin.isVisible()) {
    await setPin.fill(PIN);
    await page.getByLabel("PIN znovu").fill(PIN);
    await page.getByRole("button", { name: "Nastavit PIN" }).click();
  }
  await waitForServiceWorker(page);
  await waitForOfflinePage(page, "/zaznam/strikacky");
  await phone.setOffline(true);

  // One real record, the pattern for the rest.
  await page.getByRole("link", { name: "Nalezené stříkačky" }).click();
  await page.getByRole("group", { name: "Počet stříkaček" }).locator("input").fill("3");
  await page.getByLabel("Lokalita").selectOption("centrum");
  await page.getByRole("button", { name: "Uložit záznam" }).click();
  await expect(page.getByText("Uloženo v telefonu.")).toBeVisible();

  const template = await page.evaluate(() => {
    const profile = JSON.parse(localStorage.getItem("teren.profile")!);
    return { user: profile.id as number, device: JSON.parse(localStorage.getItem("teren.device")!) as string };
  });
  await page.evaluate(
    ({ user, device, queued }) => {
      const hex = (n: number) => n.toString(16).padStart(12, "0");
      const entries = [];
      for (let i = 0; i < queued; i++) {
        const month = String(1 + (i % 10)).padStart(2, "0");
        const code = `AAA${String(1 + (i % 28)).padStart(2, "0")}BBB${month}`;
        entries.push({
          record: {
            id: `00000000-0000-4000-8000-${hex(i)}`,
            service: 1,
            occurred_at: `2026-${month}-15T10:00:00+01:00`,
            locality: "centrum",
            client: { code },
            note: "poznámka k měření",
            details: { kind: "contact", first_contact: false, target_group: "injecting_user", service_acts: [] },
          },
          state: "Pending",
          saved_at: new Date().toISOString(),
        });
      }
      localStorage.setItem(`teren.outbox.${user}.${device}`, JSON.stringify(entries));
    },
    { ...template, queued: QUEUED },
  );

  // The first open takes the plain queue over; the ones after read it as kept.
  await openWithQueue(page);
  const opens = [];
  for (let round = 0; round < ROUNDS; round++) opens.push(await openWithQueue(page));

  const saves = [];
  for (let round = 0; round < ROUNDS; round++) {
    await page.getByRole("link", { name: "Nalezené stříkačky" }).click();
    await page.getByRole("group", { name: "Počet stříkaček" }).locator("input").fill("2");
    await page.getByLabel("Lokalita").selectOption("centrum");
    const start = Date.now();
    await page.getByRole("button", { name: "Uložit záznam" }).click();
    await expect(page.getByText("Uloženo v telefonu.")).toBeVisible();
    saves.push(Date.now() - start);
    await page.getByRole("link", { name: "Domů" }).click();
  }

  const report = {
    queued: QUEUED,
    open_to_screen_ms: median(opens.map((o) => o.toScreen)),
    open_unlock_ms: median(opens.map((o) => o.unlock)),
    open_total_ms: median(opens.map((o) => o.total)),
    save_ms: median(saves),
    storage_bytes: await page.evaluate(() =>
      Object.keys(localStorage).reduce((sum, key) => sum + key.length + (localStorage.getItem(key) ?? "").length, 0),
    ),
  };
  console.log(`storage bench: ${JSON.stringify(report)}`);
});
