import { expect, test } from "@playwright/test";
import { createUser, login, openSafe, waitForHydration, waitForServiceWorker } from "./helpers";

const WORKER = { username: "petr", name: "Petr Terénní", password: "heslo-pro-petra" };

test("an admin creates a worker, who sees no admin pages; deactivation ends the worker's session", async ({
  browser,
}) => {
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await login(admin);
  await admin.getByRole("link", { name: "Správa" }).click();
  await admin.getByRole("link", { name: "Uživatelé" }).click();
  await expect(admin).toHaveURL(/\/sprava\/uzivatele$/);
  await waitForHydration(admin);

  const form = admin.locator("form.form");
  // The browser checks the password length itself; the server explains the rest.
  await form.getByLabel("Uživatelské jméno").fill("Petr Novák");
  await form.getByLabel("Celé jméno").fill(WORKER.name);
  await form.getByLabel("Heslo").fill(WORKER.password);
  await form.getByRole("button", { name: "Vytvořit uživatele" }).click();
  await expect(admin.getByRole("alert")).toContainText("Uživatelské jméno: smí obsahovat jen malá písmena");
  await form.getByLabel("Uživatelské jméno").fill(WORKER.username);
  // With two services a worker must work for at least one.
  await form.getByRole("button", { name: "Vytvořit uživatele" }).click();
  await expect(admin.getByRole("alert")).toContainText("Služby: je povinné");
  await form.getByLabel("Kontaktní centrum", { exact: true }).check();
  await form.getByRole("button", { name: "Vytvořit uživatele" }).click();
  const card = admin.locator(`li[data-username="${WORKER.username}"]`);
  await expect(card).toContainText(WORKER.name);

  const workerContext = await browser.newContext();
  const worker = await workerContext.newPage();
  await login(worker, WORKER);
  await expect(worker.getByRole("link", { name: "Správa" })).toHaveCount(0);
  await worker.goto("/sprava/uzivatele");
  await expect(worker.getByRole("heading", { level: 1 })).toHaveText("Sem nemáte přístup");

  await card.getByRole("button", { name: "Deaktivovat" }).click();
  await expect(card).toContainText("neaktivní");

  await worker.goto("/");
  await expect(worker).toHaveURL(/\/prihlaseni$/);

  // The audit log tells the story.
  await admin.goto("/sprava/audit");
  await expect(admin.locator("tbody")).toContainText("user_deactivated");
  await expect(admin.locator("tbody")).toContainText("user_created");

  await adminContext.close();
  await workerContext.close();
});

test("an admin adds a locality and the lists' version moves on", async ({ page }) => {
  await login(page);
  await page.goto("/sprava/seznamy");
  await waitForHydration(page);
  const version = page.locator("p.muted").first();
  const before = Number((await version.textContent())?.match(/\d+/)?.[0]);
  const localities = page.locator('ul[data-list="locality"]');
  await expect(localities).toBeVisible();
  const addForm = page.locator("form.inline", { has: page.locator('input[name="list"][value="locality"]') });
  await addForm.getByRole("textbox").fill("Park u řeky");
  await addForm.getByRole("button", { name: "Přidat" }).click();
  await expect(localities.locator('input[name="label"][value="Park u řeky"]')).toHaveCount(1);
  await expect(version).toContainText(String(before + 1));
});

test("a session that ends while the phone is offline asks for a login once back online", async ({
  browser,
}) => {
  const eva = { username: "eva", name: "Eva Nočníková", password: "heslo-pro-evu-1" };
  const { context: adminContext, admin } = await createUser(browser, eva);
  const card = admin.locator(`li[data-username="${eva.username}"]`);

  const phone = await browser.newContext();
  const page = await phone.newPage();
  await login(page, eva);
  await waitForServiceWorker(page);
  await phone.setOffline(true);

  // Meanwhile, in the office, her password is reset: her sessions end.
  await card.getByLabel("Nové heslo").fill("nove-heslo-pro-evu");
  await card.getByRole("button", { name: "Nastavit heslo" }).click();
  await expect(admin.getByRole("status").filter({ hasText: "Heslo bylo změněno" })).toBeVisible();

  // Offline, the phone keeps working as Eva, after her PIN.
  await page.reload();
  await openSafe(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Dobrý den");
  await waitForHydration(page);
  await expect(page.getByText("Přihlášení vypršelo")).toHaveCount(0);

  // Back online, it asks for a login and keeps what the phone holds.
  await phone.setOffline(false);
  await expect(page.getByText("Přihlášení vypršelo")).toBeVisible();
  await expect(page.getByRole("link", { name: "Přihlásit se znovu" })).toBeVisible();
  expect(await page.evaluate(() => localStorage.getItem("teren.profile"))).toContain("eva");

  await adminContext.close();
  await phone.close();
});
