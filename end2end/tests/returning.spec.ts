import { expect, type Locator, type Page, test } from "@playwright/test";
import { queryDatabase, serviceWorker } from "./helpers";

/** Counts what a worker does on the phone: a tap is a press of a button,
 * chip or tile; a drop-down is two (open, pick); typing counts its keys. */
class Hands {
  taps = 0;
  keys = 0;
  async tap(target: Locator) {
    this.taps += 1;
    await target.click();
  }
  async pick(target: Locator, value: string | { label: string }) {
    this.taps += 2;
    await target.selectOption(value);
  }
  async type(target: Locator, text: string) {
    this.keys += text.length;
    await target.fill(text);
  }
}

const LOCALITY = "Lokalita";
const CODE = "Kód (např. LUD07TOM08)";

async function opened(page: Page, hands: Hands, tile: string) {
  await hands.tap(page.getByRole("link", { name: tile, exact: true }));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(tile);
  await expect(page.getByLabel(LOCALITY).locator("option")).not.toHaveCount(1);
}

async function saved(page: Page, hands: Hands) {
  await hands.tap(page.getByRole("button", { name: "Uložit záznam" }));
  await expect(page.getByText("Uloženo v telefonu.")).toBeVisible();
}

/** What was made before the day: the id of the case opened. */
type Opened = { caseId: string };

/** How one service's most frequent record is logged: the first time for a
 * client, and again when the client comes back. */
type Day = {
  type: string;
  name: string;
  /** How many kinds the service logs (its start screen's tiles). */
  tiles: number;
  kind: string;
  tile: string;
  /** Anything the records need first (a case), not counted. */
  before?: (page: Page) => Promise<void>;
  first: (page: Page, hands: Hands, opened: Opened) => Promise<void>;
  /** Between the tile and saving, for the returning client: the client
   * (or case), then "Jako minule". */
  again: (page: Page, hands: Hands, opened: Opened) => Promise<void>;
};

const chip = (page: Page, name: string) => page.getByRole("button", { name, exact: true });
/** The one tap that repeats last time's encounter. */
const asLastTime = (page: Page) => page.getByRole("button", { name: "Jako minule", exact: true });
const basics = (page: Page) => page.getByRole("group", { name: "Klient: pohlaví a rok narození" });

const DAYS: Day[] = [
  {
    type: "field_programme",
    name: "Terénní program Kladno",
    tiles: 4,
    kind: "exchange",
    tile: "Výměna",
    first: async (page, hands) => {
      await hands.pick(page.getByLabel(LOCALITY), "nadrazi");
      await hands.type(page.getByLabel(CODE), "BER03OTA04");
      await hands.tap(basics(page).getByRole("button", { name: "Muž", exact: true }));
      await hands.type(basics(page).getByLabel("Rok narození"), "1990");
      // Injecting material is for people who inject: the group starts so.
      await expect(chip(page, "Injekční uživatelé drog")).toHaveAttribute("aria-pressed", "true");
      await hands.type(page.getByRole("group", { name: "Injekční stříkačky / sety" }).locator("input"), "10");
    },
    again: async (page, hands) => {
      await hands.tap(chip(page, "BER03OTA04"));
      await hands.tap(asLastTime(page));
    },
  },
  {
    type: "contact_centre",
    name: "K-centrum Kladno",
    tiles: 4,
    kind: "contact",
    tile: "Kontakt",
    first: async (page, hands) => {
      await hands.pick(page.getByLabel(LOCALITY), "centrum");
      await hands.type(page.getByLabel(CODE), "CHA06LEN07");
      await hands.tap(basics(page).getByRole("button", { name: "Žena", exact: true }));
      await hands.type(basics(page).getByLabel("Rok narození"), "1985");
      await hands.tap(chip(page, "Neinjekční uživatelé drog"));
      await hands.tap(chip(page, "Harm reduction – informace"));
      await hands.tap(chip(page, "Telefonicky"));
    },
    again: async (page, hands) => {
      await hands.tap(chip(page, "CHA06LEN07"));
      await hands.tap(asLastTime(page));
    },
  },
  {
    type: "intervention_centre",
    name: "Intervenční centrum Kladno",
    tiles: 6,
    kind: "consultation",
    tile: "Konzultace",
    before: async (page) => {
      await page.getByRole("link", { name: "Případ vykázání", exact: true }).click();
      await expect(page.getByLabel(LOCALITY).locator("option")).not.toHaveCount(1);
      await page.getByLabel(LOCALITY).selectOption("centrum");
      await page.getByRole("button", { name: "Manžel, partner", exact: true }).click();
      await page.getByRole("button", { name: "Uložit záznam" }).click();
      await expect(page.getByText("Uloženo v telefonu.")).toBeVisible();
    },
    first: async (page, hands, { caseId }) => {
      await hands.pick(page.getByRole("combobox", { name: "Případ", exact: true }), caseId);
      await hands.tap(chip(page, "Právní"));
      await hands.tap(chip(page, "Na pracovišti"));
    },
    again: async (page, hands, { caseId }) => {
      await hands.pick(page.getByRole("combobox", { name: "Případ", exact: true }), caseId);
      await hands.tap(asLastTime(page));
    },
  },
  {
    type: "crisis_help",
    name: "Krizová pomoc Kladno",
    tiles: 3,
    kind: "crisis_visit",
    tile: "Krizová návštěva",
    first: async (page, hands) => {
      await hands.pick(page.getByLabel(LOCALITY), "centrum");
      await hands.tap(chip(page, "Kód klienta"));
      await hands.type(page.getByLabel(CODE), "DUB08MAR09");
      await hands.tap(basics(page).getByRole("button", { name: "Žena", exact: true }));
      await hands.type(basics(page).getByLabel("Rok narození"), "1995");
      await hands.tap(chip(page, "Obchod s lidmi / pracovní vykořisťování"));
      await hands.tap(chip(page, "Ulice"));
      await hands.tap(chip(page, "Pracovní vykořisťování"));
      await hands.tap(chip(page, "Jiný stát EU"));
      await hands.tap(chip(page, "S tlumočníkem"));
    },
    again: async (page, hands) => {
      await hands.tap(chip(page, "Kód klienta"));
      await hands.tap(chip(page, "DUB08MAR09"));
      await hands.tap(asLastTime(page));
    },
  },
  {
    type: "halfway_house",
    name: "DPC Kladno",
    tiles: 2,
    kind: "contact",
    tile: "Kontakt",
    first: async (page, hands) => {
      await hands.pick(page.getByLabel(LOCALITY), "centrum");
      await hands.type(page.getByLabel(CODE), "ELI10JAN11");
      await hands.tap(basics(page).getByRole("button", { name: "Ústavní péče" }));
      // The people a halfway house is for.
      await expect(chip(page, "Osoby do 26 let opouštějící zařízení pro výkon ústavní péče")).toHaveAttribute(
        "aria-pressed",
        "true",
      );
      await hands.tap(chip(page, "Hospodaření s penězi"));
      await hands.type(page.getByRole("group", { name: "Délka (min)" }).locator("input"), "45");
    },
    again: async (page, hands) => {
      await hands.tap(chip(page, "ELI10JAN11"));
      await hands.tap(asLastTime(page));
    },
  },
  {
    type: "social_rehabilitation",
    name: "Rehabilitace Kladno",
    tiles: 3,
    kind: "contact",
    tile: "Kontakt",
    first: async (page, hands) => {
      await hands.pick(page.getByLabel(LOCALITY), "centrum");
      await hands.type(page.getByLabel(CODE), "FIK12ROM01");
      await hands.tap(chip(page, "Osoby s chronickým duševním onemocněním"));
      await hands.tap(chip(page, "Asistent v terénu"));
      await hands.type(page.getByRole("group", { name: "Délka (min)" }).locator("input"), "90");
    },
    again: async (page, hands) => {
      await hands.tap(chip(page, "FIK12ROM01"));
      await hands.tap(asLastTime(page));
    },
  },
];

for (const day of DAYS) {
  test(`${day.name}: a returning client's ${day.kind} takes five taps or fewer with "Jako minule"`, async ({
    browser,
  }) => {
    const username = `opakovani-${day.type.replace(/_/g, "-")}`;
    const { admin, phone, page } = await serviceWorker(browser, day.type, day.name, username, day.tiles);
    await admin.context().close();
    const made: Opened = { caseId: "" };
    if (day.before) {
      await day.before(page);
      await expect(page.locator(".sync-status")).toHaveAttribute("data-pending", "0", { timeout: 30_000 });
      made.caseId = queryDatabase(
        `SELECT records.id FROM records JOIN users ON users.id = worker_id WHERE username = '${username}' AND kind = 'case'`,
      );
    }

    const first = new Hands();
    await opened(page, first, day.tile);
    await day.first(page, first, made);
    await saved(page, first);

    const again = new Hands();
    await opened(page, again, day.tile);
    await day.again(page, again, made);
    // What was repeated is shown, so the worker confirms what they see.
    await expect(page.locator("p.repeated")).toContainText("Vyplněno jako minule");
    await saved(page, again);
    console.log(
      `${day.name} (${day.kind}): first time ${first.taps} taps and ${first.keys} keys; returning client ${again.taps} taps and ${again.keys} keys`,
    );
    expect(again.keys).toBe(0);
    expect(again.taps).toBeLessThanOrEqual(5);

    // Both records reached the server, the second with every answer of
    // the first (a first visit was not marked, so nothing differs).
    await expect(page.locator(".sync-status")).toHaveAttribute("data-pending", "0", { timeout: 30_000 });
    expect(
      queryDatabase(
        `SELECT COUNT(*) || '/' || COUNT(DISTINCT details) || '/' || COUNT(DISTINCT client_code) FROM records JOIN users ON users.id = worker_id WHERE username = '${username}' AND kind = '${day.kind}'`,
      ),
    ).toBe(day.kind === "consultation" ? "2/1/0" : "2/1/1");
    await phone.close();
  });
}
