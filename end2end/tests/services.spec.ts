import { type Browser, expect, type Page, test } from "@playwright/test";
import {
  createUser,
  login,
  openService,
  queryDatabase,
  waitForHydration,
  waitForLists,
  waitForOfflinePage,
  waitForServiceWorker,
} from "./helpers";

const WORKER = { username: "dana", name: "Dana Průvodcová", password: "heslo-pro-danu" };

/** The value of the yearly report's line whose label starts with `label`
 * ("Kontakty" is not "Prvokontakty"), in the part whose title has `part`. */
function reportLine(page: Page, part: string, label: string) {
  const starts = new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`);
  return page
    .locator("table.annual-report", { has: page.locator("caption", { hasText: part }) })
    .locator("tr", { has: page.locator("th", { hasText: starts }) })
    .locator("td");
}

/** A coordinator of `service` only, logged in on a page of their own. */
async function coordinatorOf(browser: Browser, username: string, service: string) {
  const lead = { username, name: `Vedoucí ${service}`, password: `heslo-${username}` };
  const created = await createUser(browser, lead, "coordinator", [service]);
  await created.context.close();
  const office = await browser.newContext();
  const coordinator = await office.newPage();
  await login(coordinator, lead);
  return { office, coordinator };
}

test("an admin opens a halfway house; its worker sees only its tiles and files into it", async ({ browser }) => {
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await login(admin);
  await admin.getByRole("link", { name: "Správa" }).click();
  await admin.getByRole("link", { name: "Služby" }).click();
  await expect(admin).toHaveURL(/\/sprava\/sluzby$/);
  await waitForHydration(admin);

  const form = admin.locator("form.form");
  await form.getByLabel("Druh služby").selectOption("halfway_house");
  await form.getByLabel("Název služby").fill("DPC Brno");
  await form.getByLabel("Identifikátor v registru").fill("12a");
  await form.getByRole("button", { name: "Vytvořit službu" }).click();
  await expect(admin.getByRole("alert")).toContainText("Identifikátor v registru");
  await form.getByLabel("Identifikátor v registru").fill("7654321");
  await form.getByRole("button", { name: "Vytvořit službu" }).click();
  await expect(admin.locator("li[data-service]").filter({ hasText: "DPC Brno" })).toContainText(
    "Dům na půl cesty (§58)",
  );
  await adminContext.close();

  const { context } = await createUser(browser, WORKER, "worker", ["DPC Brno"]);
  await context.close();

  const phone = await browser.newContext();
  const page = await phone.newPage();
  await login(page, WORKER);
  // One service, so no choice; a halfway house logs contacts and, like
  // every service, refused applicants.
  await expect(page.locator("a.kind-tile")).toHaveCount(2);
  await expect(page.getByRole("link", { name: "Výměna" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Kontakt", exact: true })).toBeVisible();
  await expect(page.locator(".service-choice")).toHaveCount(0);

  await page.getByRole("link", { name: "Kontakt", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Kontakt");
  await expect(page.getByLabel("Lokalita").locator("option")).not.toHaveCount(1);
  await page.getByLabel("Lokalita").selectOption("centrum");
  await page.getByRole("button", { name: "Anonymně" }).click();
  // The house's own target groups, in the ministry's words; the drug
  // services' groups stay theirs.
  await expect(page.getByRole("button", { name: "Injekční uživatelé drog", exact: true })).toHaveCount(0);
  await page.getByRole("button", { name: "Osoby do 26 let opouštějící zařízení pro výkon ústavní péče" }).click();
  // The house's own acts came with it; the drug services' stay theirs.
  await expect(page.getByRole("button", { name: "Harm reduction – informace" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Doprovod", exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Revize individuálního plánu" }).click();
  await page.getByRole("button", { name: "Uložit záznam" }).click();
  await expect(page.getByText("Uloženo v telefonu.")).toBeVisible();

  // An applicant the house is too full to take: the reason, never a code.
  await page.getByRole("link", { name: "Odmítnutý zájemce" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Odmítnutý zájemce");
  await expect(page.getByLabel("Kód (např. LUD07TOM08)")).toHaveCount(0);
  await expect(page.getByLabel("Lokalita").locator("option")).not.toHaveCount(1);
  await page.getByRole("button", { name: "Uložit záznam" }).click();
  await expect(page.getByRole("alert")).toContainText("Důvod odmítnutí (§91 odst. 3): je povinné");
  await page.getByRole("button", { name: "Nedostatek kapacity" }).click();
  await page.getByRole("button", { name: "Uložit záznam" }).click();
  await expect(page.getByText("Uloženo v telefonu.")).toBeVisible();

  // A young man out of a children's home, who lives with his partner: the
  // house asks where its users come from and who lives with them.
  await page.getByRole("link", { name: "Kontakt", exact: true }).click();
  await expect(page.getByLabel("Lokalita").locator("option")).not.toHaveCount(1);
  await page.getByLabel("Lokalita").selectOption("centrum");
  await page.getByLabel("Kód (např. LUD07TOM08)").fill("MIR03TOM04");
  // Nothing of the last contact (a plan review) comes with a new one.
  const review = page.getByRole("button", { name: "Revize individuálního plánu" });
  await expect(review).toHaveAttribute("aria-pressed", "false");
  const basics = page.getByRole("group", { name: "Klient: pohlaví a rok narození" });
  await basics.getByRole("button", { name: "Ústavní péče" }).click();
  await basics.getByLabel("Osoby žijící s uživatelem").fill("1");
  await page.getByRole("button", { name: "Osoby do 26 let opouštějící zařízení pro výkon ústavní péče" }).click();
  await page.getByRole("group", { name: "Délka (min)" }).locator("input").fill("45");
  await page.getByRole("button", { name: "Uložit záznam" }).click();
  await expect(page.getByText("Uloženo v telefonu.")).toBeVisible();

  await expect(page.locator(".sync-status")).toHaveAttribute("data-pending", "0", { timeout: 30_000 });
  expect(queryDatabase("SELECT origin || '/' || household FROM client_basics WHERE code = 'MIR03TOM04'")).toBe(
    "institutional_care/1",
  );
  expect(
    queryDatabase(
      `SELECT group_concat(kind || ':' || services.name, ',') FROM (SELECT kind, service_id FROM records JOIN users ON users.id = worker_id WHERE username = '${WORKER.username}' ORDER BY kind) JOIN services ON services.id = service_id`,
    ),
  ).toBe("contact:DPC Brno,contact:DPC Brno,refusal:DPC Brno");
  expect(
    queryDatabase(`SELECT json_extract(details, '$.reason') FROM records WHERE kind = 'refusal'`),
  ).toBe("no_capacity");
  expect(
    queryDatabase(
      `SELECT json_extract(details, '$.service_acts') FROM records JOIN users ON users.id = worker_id WHERE username = '${WORKER.username}' AND kind = 'contact' AND client_code IS NULL`,
    ),
  ).toBe('["dpc-revize-planu"]');
  await phone.close();

  // The house's coordinator reads its figures by clicking, worked by hand:
  // two contacts (one anonymous), one user, 45 minutes, one refusal; in the
  // yearly report the user's origin and the one person living with him,
  // hidden as small counts, and the house's direct work.
  const { office, coordinator } = await coordinatorOf(browser, "dpc-vedouci", "DPC Brno");
  await coordinator.getByRole("link", { name: "Přehled" }).first().click();
  await expect(coordinator).toHaveURL(/\/prehled$/);
  const figure = (id: string) => coordinator.locator(`tr[data-figure="${id}"] td`);
  await expect(figure("contacts")).toHaveText("2");
  await expect(figure("unique-clients")).toHaveText("1");
  await expect(figure("anonymous")).toHaveText("1");
  await expect(figure("direct-hours")).toHaveText("0,8");
  await expect(figure("syringes-given")).toHaveCount(0);
  const card = (title: string) =>
    coordinator.locator("article", { has: coordinator.getByRole("heading", { name: title }) });
  await expect(card("Úkony").locator("tr", { hasText: "Revize individuálního plánu" })).toContainText("1");
  await expect(card("Odmítnutí zájemci").locator("tr", { hasText: "Nedostatek kapacity" })).toContainText("1");

  await coordinator.getByRole("link", { name: "Roční výkaz" }).click();
  await expect(coordinator).toHaveURL(/\/prehled\/vykaz/);
  const line = (part: string, label: string) => reportLine(coordinator, part, label);
  await expect(line("Výkaz MPSV", "Kontakty")).toHaveText("x");
  await expect(line("Výkaz MPSV", "Odmítnutí zájemci")).toHaveText("1");
  await expect(line("Výkaz MPSV", "Původ uživatele: Ústavní péče")).toHaveText("x");
  await expect(line("Výkaz MPSV", "Osoby žijící s uživateli")).toHaveText("x");
  await expect(line("Přímá práce", "Hodiny přímé práce")).toHaveText("0,8");
  await office.close();
});

test("social rehabilitation: an assistant's contact and a missed meeting reach the service's figures", async ({
  browser,
}) => {
  const worker = { username: "marek", name: "Marek Asistent", password: "heslo-pro-marka" };
  const { adminContext, admin, service } = await openService(browser, "social_rehabilitation", "Rehabilitace Jih");

  const { context } = await createUser(browser, worker, "worker", ["Rehabilitace Jih"]);
  await context.close();
  const phone = await browser.newContext();
  const page = await phone.newPage();
  await login(page, worker);
  await expect(page.locator("a.kind-tile")).toHaveCount(3);

  // A contact in the field: the assistant says so.
  await page.getByRole("link", { name: "Kontakt", exact: true }).click();
  await expect(page.getByLabel("Lokalita").locator("option")).not.toHaveCount(1);
  await page.getByLabel("Lokalita").selectOption("centrum");
  await page.getByLabel("Kód (např. LUD07TOM08)").fill("NOV12PAV03");
  await page.getByRole("button", { name: "Osoby s chronickým duševním onemocněním" }).click();
  // Crisis help's questions are not asked here.
  await expect(page.getByRole("group", { name: "Forma vykořisťování" })).toHaveCount(0);
  await page.getByRole("button", { name: "Asistent v terénu" }).click();
  await page.getByRole("group", { name: "Délka (min)" }).locator("input").fill("90");
  await page.getByRole("button", { name: "Uložit záznam" }).click();
  await expect(page.getByText("Uloženo v telefonu.")).toBeVisible();

  // The next meeting the client did not come to.
  await page.getByRole("link", { name: "Zmeškané setkání" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Zmeškané setkání");
  await page.getByLabel("Kód (např. LUD07TOM08)").fill("NOV12PAV03");
  await page.getByRole("button", { name: "Klient nepřišel" }).click();
  await page.getByRole("button", { name: "Uložit záznam" }).click();
  await expect(page.getByText("Uloženo v telefonu.")).toBeVisible();
  await expect(page.locator(".sync-status")).toHaveAttribute("data-pending", "0", { timeout: 30_000 });
  await phone.close();

  await adminContext.close();

  // The service's coordinator reads its figures by clicking, worked by
  // hand: one contact (a missed meeting is none), one client, 90 minutes,
  // the assistant's contact and the meeting the client missed.
  const { office, coordinator } = await coordinatorOf(browser, "rehab-vedouci", "Rehabilitace Jih");
  await coordinator.getByRole("link", { name: "Přehled" }).first().click();
  await expect(coordinator).toHaveURL(/\/prehled$/);
  await expect(coordinator.getByLabel("Služba")).toHaveValue(service);
  const figure = (id: string) => coordinator.locator(`tr[data-figure="${id}"] td`);
  await expect(figure("contacts")).toHaveText("1");
  await expect(figure("unique-clients")).toHaveText("1");
  await expect(figure("direct-hours")).toHaveText("1,5");
  await expect(figure("crisis-visits")).toHaveCount(0);
  await expect(figure("syringes-given")).toHaveCount(0);
  const card = (title: string) =>
    coordinator.locator("article", { has: coordinator.getByRole("heading", { name: title }) });
  await expect(card("Kontakty podle role pracovníka").locator("tr", { hasText: "Asistent" })).toContainText("1");
  await expect(card("Zmeškaná a zrušená setkání").locator("tr", { hasText: "Klient nepřišel" })).toContainText("1");
  await coordinator.getByRole("link", { name: "Roční výkaz" }).click();
  await expect(coordinator).toHaveURL(/\/prehled\/vykaz/);
  await expect(reportLine(coordinator, "Výkaz MPSV", "Kontakty")).toHaveText("x");
  await expect(reportLine(coordinator, "Přímá práce", "Hodiny přímé práce")).toHaveText("1,5");
  await expect(reportLine(coordinator, "Přímá práce", "Setkání: Klient nepřišel")).toHaveText("1");
  await office.close();
});

test("crisis help: a woman exploited at work, met with an interpreter, counted by sex, age and exploitation", async ({
  browser,
}) => {
  const worker = { username: "alena", name: "Alena Krizová", password: "heslo-pro-alenu" };
  const { adminContext, admin, service } = await openService(browser, "crisis_help", "Krizová pomoc Sever");

  const { context } = await createUser(browser, worker, "worker", ["Krizová pomoc Sever"]);
  await context.close();
  const phone = await browser.newContext();
  const page = await phone.newPage();
  await login(page, worker);
  await expect(page.getByRole("link", { name: "Krizová návštěva" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Výměna" })).toHaveCount(0);

  await page.getByRole("link", { name: "Kontakt", exact: true }).click();
  await expect(page.getByLabel("Lokalita").locator("option")).not.toHaveCount(1);
  await page.getByLabel("Lokalita").selectOption("centrum");
  await page.getByLabel("Kód (např. LUD07TOM08)").fill("KOV05IVA07");
  const basics = page.getByRole("group", { name: "Klient: pohlaví a rok narození" });
  await basics.getByRole("button", { name: "Žena", exact: true }).click();
  await basics.getByLabel("Rok narození").fill("1995");
  // Neither the primary drug nor tests: those are the drug services' questions.
  await expect(page.getByRole("group", { name: "Primární droga" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "HCV", exact: true })).toHaveCount(0);
  await page.getByRole("button", { name: "Oběti obchodu s lidmi" }).click();
  await page.getByRole("button", { name: "Pracovní vykořisťování" }).click();
  await page.getByRole("button", { name: "Jiný stát EU" }).click();
  await page.getByRole("button", { name: "S tlumočníkem" }).click();
  await page.getByRole("button", { name: "Uložit záznam" }).click();
  await expect(page.getByText("Uloženo v telefonu.")).toBeVisible();
  await expect(page.locator(".sync-status")).toHaveAttribute("data-pending", "0", { timeout: 30_000 });
  await phone.close();
  expect(
    queryDatabase(`SELECT sex || '/' || birth_year FROM client_basics WHERE code = 'KOV05IVA07' AND service_id = ${service}`),
  ).toBe("female/1995");

  // The service's coordinator finds its figures by clicking: the dashboard
  // opens on their one service, with crisis help's cards and no drug ones.
  const lead = { username: "krizova-vedouci", name: "Vedoucí krizové pomoci", password: "heslo-vedouci-kp" };
  const created = await createUser(browser, lead, "coordinator", ["Krizová pomoc Sever"]);
  await created.context.close();
  const office = await browser.newContext();
  const coordinator = await office.newPage();
  await login(coordinator, lead);
  await coordinator.getByRole("link", { name: "Přehled" }).first().click();
  await expect(coordinator).toHaveURL(/\/prehled$/);
  await expect(coordinator.getByLabel("Služba")).toHaveValue(service);
  const own = (title: string) =>
    coordinator.locator("article", { has: coordinator.getByRole("heading", { name: title }) });
  await expect(own("Lidé podle formy vykořisťování").locator("tr", { hasText: "Pracovní" })).toContainText("1");
  // Another period keeps the service: the form carries it.
  const filter = coordinator.locator("form.report-filter");
  await filter.getByLabel("Období").selectOption("rok");
  await filter.getByRole("button", { name: "Zobrazit" }).click();
  await expect(coordinator).toHaveURL(new RegExp(`obdobi=rok.*sluzba=${service}`));
  await expect(own("Lidé podle formy vykořisťování").locator("tr", { hasText: "Pracovní" })).toContainText("1");
  await expect(own("Intervence při krizových návštěvách")).toBeVisible();
  await expect(coordinator.getByRole("heading", { name: "Vydaný materiál" })).toHaveCount(0);
  await expect(coordinator.locator('tr[data-figure="syringes-given"]')).toHaveCount(0);
  await expect(coordinator.locator('tr[data-figure="contacts"] td')).toHaveText("1");
  await office.close();

  await admin.goto(`/prehled?obdobi=rok&sluzba=${service}`);
  await waitForHydration(admin);
  const card = (title: string) => admin.locator("article", { has: admin.getByRole("heading", { name: title }) });
  await expect(card("Klienti podle pohlaví").locator("tr", { hasText: "Ženy" })).toContainText("1");
  await expect(card("Klienti podle věku").locator("tr", { hasText: "27–64 let" })).toContainText("1");
  await expect(card("Kontakty podle formy vykořisťování").locator("tr", { hasText: "Pracovní" })).toContainText("1");
  await expect(card("Lidé podle formy vykořisťování").locator("tr", { hasText: "Pracovní" })).toContainText("1");
  await expect(card("Klienti podle cílové skupiny").locator("tr", { hasText: "Oběti obchodu s lidmi" })).toContainText(
    "1",
  );
  await adminContext.close();
});

test("a field programme: a day offline in the streets reaches the programme's drug-service figures", async ({
  browser,
}) => {
  const worker = { username: "hynek", name: "Hynek Terénní", password: "heslo-pro-hynka" };
  const { adminContext, admin, service } = await openService(browser, "field_programme", "Terénní program Orlová");
  // Its exchanges usually take twelve minutes.
  const settings = admin.locator("li[data-service]").filter({ hasText: "Terénní program Orlová" });
  await settings.getByLabel("Obvyklá délka výměny (min) (Terénní program Orlová)").fill("12");
  await settings.getByRole("button", { name: "Uložit" }).click();
  await expect.poll(() => queryDatabase(`SELECT exchange_minutes FROM services WHERE id = ${service}`)).toBe("12");

  const { context } = await createUser(browser, worker, "worker", ["Terénní program Orlová"]);
  await context.close();
  const phone = await browser.newContext();
  const page = await phone.newPage();
  await login(page, worker);
  await waitForServiceWorker(page);
  await waitForLists(page);
  await waitForOfflinePage(page, "/zaznam/vymena");
  await phone.setOffline(true);
  await expect(page.locator(".sync-status")).toHaveAttribute("data-state", "offline");

  const open = async (tile: string) => {
    await page.getByRole("link", { name: tile, exact: true }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(tile);
    await expect(page.getByLabel("Lokalita").locator("option")).not.toHaveCount(1);
    await page.getByLabel("Lokalita").selectOption("nadrazi");
  };
  const save = async () => {
    await page.getByRole("button", { name: "Uložit záznam" }).click();
    await expect(page.getByText("Uloženo v telefonu.")).toBeVisible();
  };
  const basics = page.getByRole("group", { name: "Klient: pohlaví a rok narození" });

  // A man who injects heroin swaps 20 sets and brings 15 back.
  await open("Výměna");
  await page.getByLabel("Kód (např. LUD07TOM08)").fill("HOR04MAR09");
  await basics.getByRole("button", { name: "Muž", exact: true }).click();
  await basics.getByLabel("Rok narození").fill("1988");
  await basics.getByLabel("Okres bydliště").selectOption({ label: "Karviná" });
  await basics.getByRole("button", { name: "Heroin" }).click();
  await page.getByRole("button", { name: "Injekční uživatelé drog", exact: true }).click();
  await page.getByRole("group", { name: "Injekční stříkačky / sety" }).locator("input").fill("20");
  await page.getByRole("group", { name: "Vrácené stříkačky" }).locator("input").fill("15");
  await expect(page.getByRole("group", { name: "Délka (min)" }).locator("input")).toHaveValue("12");
  await save();

  // A young woman who smokes pervitin calls for advice.
  await open("Kontakt");
  await page.getByLabel("Kód (např. LUD07TOM08)").fill("SVO02KAR05");
  await basics.getByRole("button", { name: "Žena", exact: true }).click();
  await basics.getByLabel("Rok narození").fill("2001");
  await basics.getByRole("button", { name: "Pervitin" }).click();
  await page.getByRole("button", { name: "Neinjekční uživatelé drog", exact: true }).click();
  await page.getByRole("button", { name: "Telefonicky" }).click();
  await save();

  // Three syringes picked up in the park.
  await open("Nalezené stříkačky");
  await page.getByRole("group", { name: "Počet stříkaček" }).locator("input").fill("3");
  await save();
  await expect(page.locator(".sync-status")).toHaveAttribute("data-pending", "3");

  await phone.setOffline(false);
  await expect(page.locator(".sync-status")).toHaveAttribute("data-pending", "0", { timeout: 30_000 });
  await phone.close();
  expect(
    queryDatabase(`SELECT district FROM client_basics WHERE code = 'HOR04MAR09' AND service_id = ${service}`),
  ).toBe("CZ0803");

  // Worked by hand: two contacts (the exchange is one), two clients, one
  // woman, mean age of 38 and 25 in this year, 20 given, 15 back, 3 found,
  // twelve minutes of direct work.
  await admin.goto(`/prehled?obdobi=rok&sluzba=${service}`);
  await waitForHydration(admin);
  const figure = (id: string) => admin.locator(`tr[data-figure="${id}"] td`);
  await expect(figure("contacts")).toHaveText("2");
  await expect(figure("unique-clients")).toHaveText("2");
  await expect(figure("exchanges")).toHaveText("1");
  await expect(figure("syringes-given")).toHaveText("20");
  await expect(figure("syringes-returned")).toHaveText("15");
  await expect(figure("found-syringes")).toHaveText("3");
  // The exchange's twelve minutes; the call gave none.
  await expect(figure("direct-hours")).toHaveText("0,2");
  const card = (title: string) => admin.locator("article", { has: admin.getByRole("heading", { name: title }) });
  const year = new Date().getFullYear();
  const meanAge = ((year - 1988 + (year - 2001)) / 2).toFixed(1).replace(".", ",");
  await expect(admin.locator(".mean-age")).toHaveText(meanAge);
  await expect(card("Klienti podle pohlaví").locator("tr", { hasText: "Ženy" })).toContainText("1");
  await expect(card("Klienti podle cílové skupiny").locator("tr", { hasText: "Neinjekční uživatelé drog" })).toContainText(
    "1",
  );
  await expect(card("Klienti podle primární drogy").locator("tr", { hasText: "Heroin" })).toContainText("1");
  await adminContext.close();
});
