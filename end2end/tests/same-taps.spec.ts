import { type APIRequestContext, expect, type Page, test } from "@playwright/test";
import { queryDatabase, serviceWorker } from "./helpers";

// The same taps record the same thing: a worker taps only what happened in
// each encounter, starting from the form as the service sets it (in
// person, no acts, no length, no interpreter), and the figures the
// coordinator owes come out as worked out by hand, whatever was logged
// just before.

const LOCALITY = "Lokalita";
const CODE = "Kód (např. LUD07TOM08)";

const chip = (page: Page, name: string) => page.getByRole("button", { name, exact: true });
const length = (page: Page) => page.getByRole("group", { name: "Délka (min)" }).locator("input");

/** Opens the tile's form on the start screen and waits for its lists. */
async function open(page: Page, tile: string) {
  await page.getByRole("link", { name: tile, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(tile);
  await expect(page.getByLabel(LOCALITY).locator("option")).not.toHaveCount(1);
}

async function save(page: Page) {
  await page.getByRole("button", { name: "Uložit záznam" }).click();
  await expect(page.getByText("Uloženo v telefonu.")).toBeVisible();
}

async function synced(page: Page) {
  await expect(page.locator(".sync-status")).toHaveAttribute("data-pending", "0", { timeout: 30_000 });
}

/** A new client: the code typed; the locality picked once, then remembered. */
async function newClient(page: Page, code: string) {
  if ((await page.getByLabel(LOCALITY).inputValue()) === "") {
    await page.getByLabel(LOCALITY).selectOption("centrum");
  }
  await page.getByLabel(CODE).fill(code);
}

/** One CSV file of the service's figures this year, as rows of cells. */
async function table(request: APIRequestContext, service: string, name: string): Promise<string[][]> {
  const response = await request.get(`/export/${name}.csv?obdobi=rok&sluzba=${service}`);
  expect(response.status(), name).toBe(200);
  return parseCsv((await response.text()).replace(/^\uFEFF/, ""));
}

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else if (c !== "\r") cell += c;
  }
  if (cell !== "" || row.length) rows.push([...row, cell]);
  return rows;
}

/** A table's lines as `{ name: count }`, its heading row left out; lines
 * counting nothing are left out too, so an expectation lists what is there. */
async function counts(request: APIRequestContext, service: string, name: string, key: "code" | "label" = "label") {
  const rows = (await table(request, service, name)).slice(1);
  return Object.fromEntries(
    rows.filter((row) => row[2] !== "0").map((row) => [key === "code" ? row[0] : row[1], row[2]]),
  );
}

/** The summary's figures as `{ label: value }`. */
async function summary(request: APIRequestContext, service: string) {
  return Object.fromEntries((await table(request, service, "souhrn")).slice(1).map((row) => [row[0], row[1]]));
}

test("contact centre: acts, contact forms and hours are what was tapped, record by record", async ({ browser }) => {
  const { admin, service, phone, page } = await serviceWorker(browser, "contact_centre", "Den K-centra", "den-kc", 4);

  // A by phone: counselling, 20 minutes.
  await open(page, "Kontakt");
  await newClient(page, "ABA01CDE02");
  await chip(page, "Neinjekční uživatelé drog").click();
  await chip(page, "Poradenství").click();
  await chip(page, "Telefonicky").click();
  await length(page).fill("20");
  await save(page);
  // B in person: harm-reduction information, 30 minutes.
  await open(page, "Kontakt");
  await newClient(page, "BAB02DEF03");
  await chip(page, "Injekční uživatelé drog").click();
  await chip(page, "Harm reduction – informace").click();
  await length(page).fill("30");
  await save(page);
  // A again, in person: harm-reduction information, 15 minutes. Her
  // target group is hers; nothing of the phone call is.
  await open(page, "Kontakt");
  await chip(page, "ABA01CDE02").click();
  await expect(chip(page, "Neinjekční uživatelé drog")).toHaveAttribute("aria-pressed", "true");
  await expect(chip(page, "Telefonicky")).toHaveAttribute("aria-pressed", "false");
  await expect(chip(page, "Poradenství")).toHaveAttribute("aria-pressed", "false");
  await chip(page, "Harm reduction – informace").click();
  await length(page).fill("15");
  await save(page);
  await synced(page);
  await phone.close();

  const request = admin.request;
  expect(await counts(request, service, "ukony")).toEqual({ "Poradenství": "1", "Harm reduction – informace": "2" });
  expect(await counts(request, service, "formy", "code")).toEqual({ in_person: "2", phone: "1" });
  expect(await counts(request, service, "lokality")).toEqual({ Centrum: "3" });
  // 20 + 30 + 15 = 65 minutes.
  expect((await summary(request, service))["Hodiny přímé práce"]).toBe("1,1");
  await admin.context().close();
});

test("intervention centre: an offer that reached no one is not a contact, and consultations are as tapped", async ({
  browser,
}) => {
  const { admin, service, phone, page } = await serviceWorker(
    browser,
    "intervention_centre",
    "Den intervenčního centra",
    "den-ic",
    6,
  );
  await open(page, "Případ vykázání");
  await page.getByLabel(LOCALITY).selectOption("centrum");
  await chip(page, "Manžel, partner").click();
  await save(page);
  await synced(page);
  const caseId = queryDatabase(
    `SELECT records.id FROM records JOIN users ON users.id = worker_id WHERE username = 'den-ic' AND kind = 'case'`,
  );
  const pickCase = () => page.getByRole("combobox", { name: "Případ", exact: true }).selectOption(caseId);

  // Offered by phone, not reached; then by text, reached and accepted.
  await open(page, "Nabídka pomoci");
  await pickCase();
  await chip(page, "Telefonicky").click();
  await chip(page, "Nezastižen/a").click();
  await save(page);
  await open(page, "Nabídka pomoci");
  await pickCase();
  // The method of the first offer is not this one's.
  await expect(chip(page, "Telefonicky")).toHaveAttribute("aria-pressed", "false");
  await chip(page, "SMS").click();
  await chip(page, "Zastižen/a, pomoc přijal/a").click();
  await save(page);
  // A legal consultation at the centre, an hour; then a social one by phone.
  await open(page, "Konzultace");
  await pickCase();
  await chip(page, "Právní").click();
  await chip(page, "Na pracovišti").click();
  await length(page).fill("60");
  await save(page);
  await open(page, "Konzultace");
  await pickCase();
  await expect(chip(page, "Právní")).toHaveAttribute("aria-pressed", "false");
  await expect(length(page)).toHaveValue("0");
  await chip(page, "Sociální").click();
  await chip(page, "Telefonicky").click();
  await save(page);
  await synced(page);
  await phone.close();

  const request = admin.request;
  expect(await counts(request, service, "konzultace", "code")).toEqual({ "legal/office": "1", "social/phone": "1" });
  // The offer that reached her and the two consultations.
  expect(await counts(request, service, "lokality")).toEqual({ Centrum: "3" });
  const figures = await summary(request, service);
  expect(figures["Hodiny přímé práce"]).toBe("1,0");
  // Both offers were offers within the 48 hours.
  expect(figures["Případy vykázání"]).toBe("1");
  expect(figures["Z toho nabídka pomoci do 48 hodin"]).toBe("1");
  await admin.context().close();
});

test("crisis help: the interpreter and acts of one encounter never reach the next", async ({ browser }) => {
  const { admin, service, phone, page } = await serviceWorker(browser, "crisis_help", "Den krizové pomoci", "den-kp", 3);

  // C met in the street with an interpreter: a crisis visit.
  await open(page, "Krizová návštěva");
  await page.getByLabel(LOCALITY).selectOption("centrum");
  await chip(page, "Kód klienta").click();
  await page.getByLabel(CODE).fill("CEC03FGH04");
  await chip(page, "Obchod s lidmi / pracovní vykořisťování").click();
  await chip(page, "Ulice").click();
  await chip(page, "Pracovní vykořisťování").click();
  await chip(page, "Jiný stát EU").click();
  await chip(page, "S tlumočníkem").click();
  await save(page);
  // C again, a contact with the interpreter: dealing with her employer.
  await open(page, "Kontakt");
  await chip(page, "CEC03FGH04").click();
  await expect(chip(page, "Pracovní vykořisťování")).toHaveAttribute("aria-pressed", "true");
  await expect(chip(page, "S tlumočníkem")).toHaveAttribute("aria-pressed", "false");
  await chip(page, "Oběti pracovního vykořisťování").click();
  await chip(page, "Jednání se zaměstnavatelem nebo agenturou").click();
  await chip(page, "S tlumočníkem").click();
  await save(page);
  // D, Czech, no interpreter: documents.
  await open(page, "Kontakt");
  await newClient(page, "DED04HIJ05");
  await chip(page, "Oběti pracovního vykořisťování").click();
  await chip(page, "Pracovní vykořisťování").click();
  await chip(page, "Česká republika").click();
  await chip(page, "Vyřízení dokladů").click();
  await expect(chip(page, "Jednání se zaměstnavatelem nebo agenturou")).toHaveAttribute("aria-pressed", "false");
  await save(page);
  // C visited at home, this time without an interpreter.
  await open(page, "Krizová návštěva");
  await chip(page, "Kód klienta").click();
  await chip(page, "CEC03FGH04").click();
  await expect(chip(page, "S tlumočníkem")).toHaveAttribute("aria-pressed", "false");
  await expect(chip(page, "Ulice")).toHaveAttribute("aria-pressed", "false");
  await chip(page, "Obchod s lidmi / pracovní vykořisťování").click();
  await chip(page, "Domácnost").click();
  await save(page);
  await synced(page);
  await phone.close();

  const request = admin.request;
  expect(await counts(request, service, "ukony")).toEqual({
    "Jednání se zaměstnavatelem nebo agenturou": "1",
    "Vyřízení dokladů": "1",
  });
  expect(await counts(request, service, "lokality")).toEqual({ Centrum: "4" });
  const figures = await summary(request, service);
  expect(figures["Kontakty s tlumočníkem"]).toBe("2");
  expect(figures["Krizové návštěvy"]).toBe("2");
  await admin.context().close();
});

test("halfway house: each contact's acts and length are its own", async ({ browser }) => {
  const { admin, service, phone, page } = await serviceWorker(browser, "halfway_house", "Den DPC", "den-dpc", 2);

  await open(page, "Kontakt");
  await newClient(page, "EVE05JKL06");
  await chip(page, "Doprovod").click();
  await length(page).fill("60");
  await save(page);
  await open(page, "Kontakt");
  await newClient(page, "FIF06KLM07");
  await chip(page, "Hospodaření s penězi").click();
  await length(page).fill("30");
  await save(page);
  await open(page, "Kontakt");
  await chip(page, "EVE05JKL06").click();
  await expect(chip(page, "Doprovod")).toHaveAttribute("aria-pressed", "false");
  await chip(page, "Revize individuálního plánu").click();
  await length(page).fill("60");
  await save(page);
  await synced(page);
  await phone.close();

  const request = admin.request;
  expect(await counts(request, service, "ukony")).toEqual({
    Doprovod: "1",
    "Hospodaření s penězi": "1",
    "Revize individuálního plánu": "1",
  });
  expect(await counts(request, service, "lokality")).toEqual({ Centrum: "3" });
  expect((await summary(request, service))["Hodiny přímé práce"]).toBe("2,5");
  await admin.context().close();
});

test("social rehabilitation: roles, forms, acts and hours are what was tapped", async ({ browser }) => {
  const { admin, service, phone, page } = await serviceWorker(
    browser,
    "social_rehabilitation",
    "Den rehabilitace",
    "den-sr",
    3,
  );

  // G with the key worker, in person, an hour of skills training.
  await open(page, "Kontakt");
  await newClient(page, "GIG07LMN08");
  await chip(page, "Osoby s chronickým duševním onemocněním").click();
  await chip(page, "Konzultant (klíčový pracovník)").click();
  await chip(page, "Nácvik dovedností").click();
  await length(page).fill("60");
  await save(page);
  // H by phone with the assistant, half an hour of social habits.
  await open(page, "Kontakt");
  await newClient(page, "HAH08MNO09");
  await chip(page, "Osoby s mentálním postižením").click();
  await chip(page, "Asistent v terénu").click();
  await chip(page, "Telefonicky").click();
  await chip(page, "Podpora sociálních návyků").click();
  await length(page).fill("30");
  await save(page);
  // G with the assistant in the field, in person: skills again.
  await open(page, "Kontakt");
  await chip(page, "GIG07LMN08").click();
  await expect(chip(page, "Telefonicky")).toHaveAttribute("aria-pressed", "false");
  await expect(chip(page, "Podpora sociálních návyků")).toHaveAttribute("aria-pressed", "false");
  await chip(page, "Asistent v terénu").click();
  await chip(page, "Nácvik dovedností").click();
  await length(page).fill("30");
  await save(page);
  await synced(page);
  await phone.close();

  const request = admin.request;
  expect(await counts(request, service, "ukony")).toEqual({
    "Nácvik dovedností": "2",
    "Podpora sociálních návyků": "1",
  });
  expect(await counts(request, service, "formy", "code")).toEqual({ in_person: "2", phone: "1" });
  expect(await counts(request, service, "role", "code")).toEqual({ consultant: "1", assistant: "2" });
  expect((await summary(request, service))["Hodiny přímé práce"]).toBe("2,0");
  await admin.context().close();
});

test("the same taps store the same record whatever was logged before, and repeating is the one tap", async ({
  browser,
}) => {
  const { admin, phone, page } = await serviceWorker(browser, "contact_centre", "Stejné ťuky", "stejne-tuky", 4);
  const details = (code: string) =>
    queryDatabase(
      `SELECT group_concat(details, ' | ') FROM (SELECT details FROM records JOIN users ON users.id = worker_id WHERE username = 'stejne-tuky' AND client_code = '${code}' ORDER BY occurred_at, records.rowid)`,
    );
  // The same taps for client J: the contact's tile, J's code, in person.
  const sameTaps = async (first: boolean) => {
    await open(page, "Kontakt");
    if (first) {
      await newClient(page, "JAJ09NOP10");
      await chip(page, "Neinjekční uživatelé drog").click();
    } else {
      await chip(page, "JAJ09NOP10").click();
    }
    await save(page);
  };

  await sameTaps(true);
  // K by phone, with counselling and a crisis intervention, 40 minutes.
  await open(page, "Kontakt");
  await newClient(page, "KAK10OPQ11");
  await chip(page, "Neinjekční uživatelé drog").click();
  await chip(page, "Poradenství").click();
  await chip(page, "Krizová intervence").click();
  await chip(page, "Telefonicky").click();
  await length(page).fill("40");
  await save(page);
  await sameTaps(false);
  await synced(page);
  const [before, after] = details("JAJ09NOP10").split(" | ");
  expect(after).toBe(before);
  // In person (the default, left out of the record), no acts, no length.
  const stored = JSON.parse(after);
  expect([stored.service_acts, stored.form ?? "in_person", stored.duration_minutes ?? null]).toEqual([
    [],
    "in_person",
    null,
  ]);

  // K again: "Jako minule" fills in last time's encounter and says what it
  // filled; saved, it is the same record as last time.
  await open(page, "Kontakt");
  await chip(page, "KAK10OPQ11").click();
  await expect(chip(page, "Telefonicky")).toHaveAttribute("aria-pressed", "false");
  await page.getByRole("button", { name: "Jako minule" }).click();
  await expect(page.locator("p.repeated")).toContainText("Poradenství, Krizová intervence, Telefonicky, 40 min");
  await expect(chip(page, "Telefonicky")).toHaveAttribute("aria-pressed", "true");
  await save(page);
  await synced(page);
  const [last, repeated] = details("KAK10OPQ11").split(" | ");
  expect(JSON.parse(repeated)).toEqual({ ...JSON.parse(last), first_contact: false });
  // A client with no earlier contact on the phone has nothing to repeat.
  await open(page, "Kontakt");
  await newClient(page, "LAL11PQR12");
  await expect(page.getByRole("button", { name: "Jako minule" })).toHaveCount(0);
  await phone.close();
  await admin.context().close();
});
