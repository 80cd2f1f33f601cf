import { expect, test, type Page } from "@playwright/test";
import {
  createUser,
  localInput,
  login,
  queryDatabase,
  waitForOfflinePage,
  waitForLists,
  waitForServiceWorker,
} from "./helpers";

const WORKER = { username: "vera", name: "Věra Intervenční", password: "heslo-pro-veru" };

async function openCase(page: Page, receivedHoursAgo: number, children: number) {
  await page.getByRole("link", { name: "Případ vykázání", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Případ vykázání");
  await expect(page.getByLabel("Lokalita").locator("option")).not.toHaveCount(1);
  await page.getByLabel("Lokalita").selectOption("centrum");
  await page.getByLabel("Kdy přišel záznam policie").fill(localInput(receivedHoursAgo));
  await page.getByRole("group", { name: "Děti v domácnosti" }).locator("input").fill(String(children));
  await page.getByRole("button", { name: "Manžel, partner", exact: true }).click();
  // The endangered person's group is asked once, here, and starts as the
  // centre's usual one.
  const group = page.getByRole("group", { name: "Cílová skupina ohrožené osoby" });
  await expect(group.getByRole("button", { name: "Oběti domácího násilí" })).toHaveAttribute("aria-pressed", "true");
  await page.getByRole("button", { name: "Uložit záznam" }).click();
  await expect(page.getByText("Uloženo v telefonu.")).toBeVisible();
}

test("a case opened at the office gets an offer and a visit logged offline, and the 48-hour share follows", async ({
  browser,
}) => {
  // Three devices, a service worker and two syncs: more than a minute on
  // a slow machine.
  test.setTimeout(180_000);
  // The centre opened at first start; other tests may have logged
  // evictions into it, so its figures are compared with their start.
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await login(admin);
  const service = queryDatabase("SELECT id FROM services WHERE name = 'Intervenční centrum'");
  const { context } = await createUser(browser, WORKER, "worker", ["Intervenční centrum"]);
  await context.close();

  // At the office: one case just received, one that came three days ago.
  const laptop = await browser.newContext();
  const office = await laptop.newPage();
  await login(office, WORKER);
  await openCase(office, 0, 2);
  await openCase(office, 72, 0);
  await expect(office.locator(".sync-status")).toHaveAttribute("data-pending", "0", { timeout: 30_000 });
  const fresh = queryDatabase(
    `SELECT id FROM records WHERE kind = 'case' AND service_id = ${service} ORDER BY police_record_utc DESC LIMIT 1`,
  );
  const old = queryDatabase(
    `SELECT id FROM records WHERE kind = 'case' AND service_id = ${service} ORDER BY police_record_utc LIMIT 1`,
  );
  expect(queryDatabase(`SELECT details ->> '$.number' FROM records WHERE id = '${fresh}'`)).toMatch(/^VK-\d{4}-[0-9A-F]{4}$/);
  expect(queryDatabase(`SELECT target_group FROM records WHERE id = '${fresh}'`)).toBe("ic-obeti-domaciho-nasili");

  // The coordinator sees the fresh case waiting and the old one never offered.
  // The last week, whatever day of the month the test runs on.
  const from = localInput(24 * 7).slice(0, 10);
  const to = localInput(0).slice(0, 10);
  const reports = `/prehled/pripady?obdobi=vlastni&od=${from}&do=${to}&sluzba=${service}`;
  await admin.goto(reports);
  const share = admin.locator(".case-share");
  const cases = Number(await share.getAttribute("data-cases"));
  const within = Number(await share.getAttribute("data-within"));
  expect(cases).toBeGreaterThanOrEqual(2);
  await expect(admin.locator(`table.cases-open tr[data-case="${fresh}"]`)).toContainText("zbývá");
  await expect(admin.locator(`table.cases-late tr[data-case="${old}"]`)).toContainText("nenabídnuto");

  // In the field: the phone has both cases with the lists, then loses signal.
  const phoneContext = await browser.newContext();
  const phone = await phoneContext.newPage();
  await login(phone, WORKER);
  await waitForServiceWorker(phone);
  await waitForLists(phone);
  await waitForOfflinePage(phone, "/zaznam/nabidka");
  await waitForOfflinePage(phone, "/zaznam/konzultace");
  await phoneContext.setOffline(true);

  // A call that reached her, within the hours left.
  await phone.getByRole("link", { name: "Nabídka pomoci", exact: true }).click();
  await expect(phone.getByLabel("Lokalita").locator("option")).not.toHaveCount(1);
  await phone.getByLabel("Lokalita").selectOption("centrum");
  const picker = phone.getByRole("combobox", { name: "Případ", exact: true });
  await picker.selectOption(fresh);
  // The phone says how much of the 48 hours is left.
  await expect(picker.locator("option:checked")).toContainText("zbývá 48 h");
  await phone.getByRole("button", { name: "Telefonicky" }).click();
  await phone.getByRole("button", { name: "Zastižen/a, pomoc přijal/a" }).click();
  await phone.getByRole("button", { name: "Uložit záznam" }).click();
  await expect(phone.getByText("Uloženo v telefonu.")).toBeVisible();

  // A crisis intervention in the field for the old case, too late.
  await phone.getByRole("link", { name: "Konzultace", exact: true }).click();
  await expect(phone.getByLabel("Lokalita").locator("option")).not.toHaveCount(1);
  await phone.getByLabel("Lokalita").selectOption("centrum");
  await phone.getByRole("combobox", { name: "Případ", exact: true }).selectOption(old);
  await phone.getByRole("button", { name: "Krizová intervence" }).first().click();
  await phone.getByRole("button", { name: "V terénu" }).click();
  await phone.getByRole("button", { name: "Uložit záznam" }).click();
  await expect(phone.getByText("Uloženo v telefonu.")).toBeVisible();
  await expect(phone.locator(".sync-status")).toHaveAttribute("data-pending", "2");

  await phoneContext.setOffline(false);
  await expect(phone.locator(".sync-status")).toHaveAttribute("data-pending", "0", { timeout: 30_000 });
  expect(queryDatabase(`SELECT COUNT(*) FROM records WHERE case_id IN ('${fresh}', '${old}')`)).toBe("2");

  // The share and the late list change.
  await admin.goto(reports);
  await expect(share).toHaveAttribute("data-cases", String(cases));
  await expect(share).toHaveAttribute("data-within", String(within + 1));
  await expect(admin.locator(`table.cases-open tr[data-case="${fresh}"]`)).toHaveCount(0);
  await expect(admin.locator(`table.cases-late tr[data-case="${old}"]`)).toContainText("později");

  await Promise.all([adminContext.close(), laptop.close(), phoneContext.close()]);
});
