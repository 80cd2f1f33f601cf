import { expect, test } from "@playwright/test";
import { readFileSync } from "node:fs";
import { createUser, login, queryDatabase, waitForHydration } from "./helpers";

const WORKER = { username: "zuzana", name: "Zuzana Terénní", password: "zuzana-heslo-123" };
const COORDINATOR = { username: "vedouci", name: "Vera Vedoucí", password: "vedouci-heslo-123" };

function uuid(n: number) {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
}

/** Today at 10:00 in the browser's zone, as the phone would stamp it. */
function todayAt(hour: number) {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, "0");
  const offset = -now.getTimezoneOffset();
  const sign = offset >= 0 ? "+" : "-";
  return (
    `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}T${pad(hour)}:00:00` +
    `${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`
  );
}

test("a coordinator reads the synced figures, filters them and downloads a CSV", async ({ browser }) => {
  const { context } = await createUser(browser, WORKER);
  await createUser(browser, COORDINATOR, "coordinator");
  await context.close();

  // The worker's phone syncs three exchanges and a contact today.
  const phone = await browser.newContext();
  const page = await phone.newPage();
  await login(page, WORKER);
  const records = [
    { n: 9001, locality: "centrum", code: "PAV07TOM08", syringes: 10, returned: 7 },
    { n: 9002, locality: "centrum", code: "PAV07TOM08", syringes: 5, returned: 5 },
    { n: 9003, locality: "nadrazi", code: "LUD01KAR02", syringes: 20, returned: 0 },
  ].map((r) => ({
    id: uuid(r.n),
    occurred_at: todayAt(10),
    locality: r.locality,
    client: { code: r.code },
    details: {
      kind: "exchange",
      first_contact: false,
      target_group: "injecting_user",
      materials: [{ material: "strikacky", count: r.syringes }],
      returned_syringes: r.returned,
    },
  }));
  const synced = await page.request.post("/api/sync", {
    data: { batch: { schema_version: 1, device_id: "e2e-reports", records } },
  });
  expect(synced.ok()).toBeTruthy();
  await phone.close();

  const office = await browser.newContext({ acceptDownloads: true });
  const coordinator = await office.newPage();
  await login(coordinator, COORDINATOR);
  await coordinator.getByRole("link", { name: "Přehled" }).first().click();
  await expect(coordinator).toHaveURL(/\/prehled$/);
  await expect(coordinator.getByRole("heading", { level: 1 })).toHaveText("Přehled služby");
  const figure = (id: string) => coordinator.locator(`tr[data-figure="${id}"] td`);
  // This month, everyone: what every phone synced (other tests sync too),
  // less offers of help that reached no one.
  // A coordinator of both services lands on the organisation's totals.
  const thisMonth = queryDatabase(
    "SELECT COUNT(*) FROM records WHERE kind IN ('contact', 'exchange', 'consultation', 'offer', 'crisis_visit') " +
      "AND voided_at IS NULL AND NOT (kind = 'offer' AND details ->> '$.outcome' = 'not_reached') " +
      "AND substr(day, 1, 7) = strftime('%Y-%m', 'now', 'localtime')",
  );
  await expect(figure("contacts")).toHaveText(thisMonth);
  await expect(coordinator.locator("svg.chart").first()).toBeVisible();

  // One worker: exactly what this phone synced.
  const form = coordinator.locator("form.report-filter");
  await form.getByLabel("Pracovník").selectOption({ label: WORKER.name });
  await form.getByRole("button", { name: "Zobrazit" }).click();
  await expect(coordinator).toHaveURL(/pracovnik=\d+/);
  await expect(figure("contacts")).toHaveText("3");
  await expect(figure("unique-clients")).toHaveText("2");
  await expect(figure("syringes-given")).toHaveText("35");
  await expect(figure("syringes-returned")).toHaveText("12");

  // Today, one locality, the same worker.
  await form.getByLabel("Období").selectOption("dnes");
  await form.getByLabel("Lokalita").selectOption("centrum");
  await form.getByRole("button", { name: "Zobrazit" }).click();
  await expect(coordinator).toHaveURL(/obdobi=dnes.*lokalita=centrum.*pracovnik=\d+/);
  await expect(figure("contacts")).toHaveText("2");
  await expect(figure("unique-clients")).toHaveText("1");
  await expect(figure("syringes-given")).toHaveText("15");

  // The summary as CSV, with the same filter.
  const [download] = await Promise.all([
    coordinator.waitForEvent("download"),
    coordinator.locator("article.headline").getByRole("link", { name: "Stáhnout CSV" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^teren-souhrn-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = readFileSync(await download.path(), "utf8");
  expect(csv.charCodeAt(0)).toBe(0xfeff);
  // Two contacts beside hidden clients would bound them: hidden with them.
  expect(csv).toContain("Kontakty,x");
  expect(csv).toContain("Unikátní klienti,x");
  expect(csv).toContain("Vydané stříkačky,15");
  expect(csv).toContain("Vrácené stříkačky,12");
  await office.close();
});

test("a worker cannot open the dashboard or download its tables", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await login(page, WORKER);
  await expect(page.getByRole("link", { name: "Přehled" })).toHaveCount(0);
  await page.goto("/prehled");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sem nemáte přístup");
  const response = await page.request.get("/export/souhrn.csv");
  expect(response.status()).toBe(403);
  await waitForHydration(page);
  await context.close();
});
