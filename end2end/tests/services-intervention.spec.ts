import { expect, test } from "@playwright/test";
import { createUser, localInput, login, openService, queryDatabase } from "./helpers";

const SERVICE = "Intervenční centrum Jihlava";

test("an intervention centre's day of cases, offers and consultations reaches every figure the centre owes", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const { adminContext } = await openService(browser, "intervention_centre", SERVICE);
  await adminContext.close();

  const worker = { username: "iveta", name: "Iveta Intervenční", password: "heslo-pro-ivetu" };
  const { context } = await createUser(browser, worker, "worker", [SERVICE]);
  await context.close();
  const phone = await browser.newContext();
  const page = await phone.newPage();
  await login(page, worker);

  const open = async (tile: string) => {
    await page.getByRole("link", { name: tile, exact: true }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(tile);
    await expect(page.getByLabel("Lokalita").locator("option")).not.toHaveCount(1);
    await page.getByLabel("Lokalita").selectOption("centrum");
  };
  const save = async () => {
    await page.getByRole("button", { name: "Uložit záznam" }).click();
    await expect(page.getByText("Uloženo v telefonu.")).toBeVisible();
  };
  const chip = (name: string) => page.getByRole("button", { name, exact: true });
  const caseOf = (received: string) =>
    queryDatabase(
      `SELECT id FROM records WHERE kind = 'case' AND details ->> '$.received_at' LIKE '${received}%' AND service_id = (SELECT id FROM services WHERE name = '${SERVICE}')`,
    );

  // Case A came in just now: a woman, her husband evicted, two children.
  const receivedA = localInput(0);
  await open("Případ vykázání");
  await page.getByLabel("Kdy přišel záznam policie").fill(receivedA);
  await chip("Kód klienta").click();
  await page.getByLabel("Kód (např. LUD07TOM08)").fill("NOV01ANA02");
  const basics = page.getByRole("group", { name: "Klient: pohlaví a rok narození" });
  await basics.getByRole("button", { name: "Žena", exact: true }).click();
  await basics.getByLabel("Rok narození").fill("1980");
  await page.getByRole("group", { name: "Děti v domácnosti" }).locator("input").fill("2");
  await chip("Manžel, partner").click();
  await save();

  // Case B came in three days ago, no children, a former partner.
  const receivedB = localInput(72);
  await open("Případ vykázání");
  await page.getByLabel("Kdy přišel záznam policie").fill(receivedB);
  await chip("Bývalý manžel, partner").click();
  await save();
  await expect(page.locator(".sync-status")).toHaveAttribute("data-pending", "0", { timeout: 30_000 });
  const caseA = caseOf(receivedA.slice(0, 13));
  const caseB = caseOf(receivedB.slice(0, 13));
  expect(caseA).not.toBe("");
  expect(caseB).not.toBe("");

  // A's call reached her in time; B's letter, late, was declined.
  await open("Nabídka pomoci");
  await page.getByRole("combobox", { name: "Případ", exact: true }).selectOption(caseA);
  await chip("Telefonicky").click();
  await chip("Zastižen/a, pomoc přijal/a").click();
  await save();
  await open("Nabídka pomoci");
  await page.getByRole("combobox", { name: "Případ", exact: true }).selectOption(caseB);
  await chip("Dopisem").click();
  await chip("Zastižen/a, pomoc odmítl/a").click();
  await save();

  // Two social consultations at the office with A, and a legal question
  // by phone from someone who gave no case.
  for (let i = 0; i < 2; i += 1) {
    await open("Konzultace");
    await page.getByRole("combobox", { name: "Případ", exact: true }).selectOption(caseA);
    await chip("Sociální").click();
    await chip("Na pracovišti").click();
    await save();
  }
  await open("Konzultace");
  await chip("Právní").click();
  await chip("Telefonicky").click();
  await save();
  await expect(page.locator(".sync-status")).toHaveAttribute("data-pending", "0", { timeout: 30_000 });
  await phone.close();

  // Worked by hand. Contacts: two offers and three consultations (a case
  // itself is the police's paper, not a contact). Cases received: two; in
  // 48 hours: A only. With a professional contact beyond the first: A
  // (offer and two consultations); B's one declined offer is not. Until
  // the 4th of January, B came in last year and this year's report has A
  // only.
  const thisYear = new Date().getFullYear();
  const bThisYear = Number(receivedB.slice(0, 4)) === thisYear;
  const cases = bThisYear ? 2 : 1;
  const share = bThisYear ? "50,0" : "100,0";
  const monthA = receivedA.slice(0, 7);
  const monthB = receivedB.slice(0, 7);

  const lead = { username: "ic-jihlava-vedouci", name: "Vedoucí IC Jihlava", password: "heslo-vedouci-ic" };
  const created = await createUser(browser, lead, "coordinator", [SERVICE]);
  await created.context.close();
  const office = await browser.newContext();
  const coordinator = await office.newPage();
  await login(coordinator, lead);
  await coordinator.getByRole("link", { name: "Přehled" }).first().click();
  await expect(coordinator).toHaveURL(/\/prehled$/);
  const filter = coordinator.locator("form.report-filter");
  await filter.getByLabel("Období").selectOption("rok");
  await filter.getByRole("button", { name: "Zobrazit" }).click();
  await expect(coordinator).toHaveURL(/obdobi=rok/);
  const figure = (id: string) => coordinator.locator(`tr[data-figure="${id}"] td`);
  // Offers and consultations happened today, whatever the year.
  await expect(figure("contacts")).toHaveText("5");
  await expect(figure("eviction-share")).toHaveText(`${share} %`);
  await expect(figure("syringes-given")).toHaveCount(0);
  await expect(figure("exchanges")).toHaveCount(0);
  const card = (title: string) =>
    coordinator.locator("article", { has: coordinator.getByRole("heading", { name: title }) });
  const consultations = card("Konzultace podle typu a formy");
  await expect(consultations.locator("tbody tr", { hasText: "Sociální, na pracovišti" }).locator("td")).toHaveText("2");
  await expect(consultations.locator("tbody tr", { hasText: "Právní, telefonicky" }).locator("td")).toHaveText("1");
  await expect(consultations.locator("tfoot td")).toHaveText("3");
  await expect(card("Vydaný materiál")).toHaveCount(0);

  // The cases page: the share over every case received, and none waits.
  await coordinator.getByRole("link", { name: "Případy", exact: true }).click();
  await expect(coordinator).toHaveURL(/\/prehled\/pripady/);
  const shareLine = coordinator.locator(".case-share");
  await expect(shareLine).toHaveAttribute("data-cases", String(cases));
  await expect(shareLine).toHaveAttribute("data-within", "1");
  await expect(coordinator.locator(`table.cases-open tr[data-case="${caseA}"]`)).toHaveCount(0);

  // The yearly report's intervention-centre part, line by line.
  await coordinator.getByRole("link", { name: "Roční výkaz" }).click();
  await expect(coordinator).toHaveURL(/\/prehled\/vykaz/);
  const line = (part: string, label: string) => {
    const starts = new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`);
    return coordinator
      .locator("table.annual-report", { has: coordinator.locator("caption", { hasText: part }) })
      .locator("tr", { has: coordinator.locator("th", { hasText: starts }) })
      .locator("td");
  };
  const ic = "Statistika intervenčních center";
  await expect(line(ic, "Vykázání (přijaté záznamy policie)")).toHaveText(String(cases));
  if (monthA === monthB || !bThisYear) {
    await expect(line(ic, `Vykázání přijatá v ${monthA}`)).toHaveText(String(cases));
  } else {
    await expect(line(ic, `Vykázání přijatá v ${monthA}`)).toHaveText("1");
    await expect(line(ic, `Vykázání přijatá v ${monthB}`)).toHaveText("1");
  }
  await expect(line(ic, "Nabídka pomoci do 48 hodin od přijetí")).toHaveText("1");
  await expect(line(ic, "Podíl nabídek do 48 hodin (%)")).toHaveText(share);
  await expect(line(ic, "Opakovaná vykázání v téže domácnosti")).toHaveText("0");
  await expect(line(ic, "Děti ve společné domácnosti")).toHaveText("2");
  await expect(line(ic, "Případy s dalším odborným kontaktem")).toHaveText("1");
  await expect(line(ic, "Vztah násilné osoby: Manžel, partner")).toHaveText("1");
  if (bThisYear) {
    await expect(line(ic, "Vztah násilné osoby: Bývalý manžel, partner")).toHaveText("1");
  }
  await expect(line(ic, "Konzultace: Sociální, na pracovišti")).toHaveText("2");
  await expect(line(ic, "Konzultace: Právní, telefonicky")).toHaveText("1");
  // The dashboard showed the five contacts exactly. The yearly report is
  // published: with the other services' small days in this database, the
  // organisation's contacts add theirs up, and the protection may hide
  // these five as a partner of a service's hidden contacts.
  await expect(line("Výkaz MPSV", "Kontakty")).toHaveText(/^(5|x)$/);
  await office.close();
});


