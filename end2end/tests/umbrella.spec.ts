import { expect, test, type Browser } from "@playwright/test";
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createHmac } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expectAccessible, login, waitForHydration } from "./helpers";

// Three Terén servers on loopback, as three organisations run them: two
// members with a seeded year each, and the umbrella they send it to.

const bin = process.env.TEREN_BIN ?? "";
const siteRoot = process.env.LEPTOS_SITE_ROOT ?? path.resolve(__dirname, "..", "..", "target", "site");
const YEAR = new Date().getFullYear();
const USER = { username: "koordinace", name: "Koordinátorka", password: "velmi-tajne-heslo-2" };

type Server = { url: string; database: string; process?: ChildProcess };
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "teren-umbrella-"));
const servers: Record<"umbrella" | "a" | "b", Server> = {
  umbrella: { url: "http://127.0.0.1:3121", database: path.join(dir, "umbrella.db") },
  a: { url: "http://127.0.0.1:3122", database: path.join(dir, "a.db") },
  b: { url: "http://127.0.0.1:3123", database: path.join(dir, "b.db") },
};
const keys: Record<string, string> = {};

function teren(server: Server, args: string[], input = "", env: Record<string, string> = {}): string {
  return execFileSync(bin, args, {
    input,
    env: { ...process.env, DATABASE_URL: `sqlite://${server.database}`, TEREN_LOG: "warn", ...env },
  }).toString();
}

function query(server: Server, sql: string): string {
  const script = "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])";
  return execFileSync("python3", ["-c", script, server.database, sql]).toString().trim();
}

function change(server: Server, sql: string) {
  const script = "import sqlite3, sys; db = sqlite3.connect(sys.argv[1]); db.execute(sys.argv[2]); db.commit()";
  execFileSync("python3", ["-c", script, server.database, sql]);
}

async function start(server: Server, env: Record<string, string>) {
  const port = new URL(server.url).port;
  server.process = spawn(bin, [], {
    env: {
      ...process.env,
      TEREN_ADDR: `127.0.0.1:${port}`,
      DATABASE_URL: `sqlite://${server.database}`,
      LEPTOS_SITE_ROOT: siteRoot,
      LEPTOS_ENV: "PROD",
      TEREN_LOG: "warn",
      ...env,
    },
    stdio: "ignore",
  });
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`${server.url}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${server.url} did not start`);
}

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  for (const [name, seed] of [["a", "31"], ["b", "32"]] as const) {
    const server = servers[name];
    teren(server, ["seed-demo", "--records", "2500", "--years", "1", "--workers", "5", "--clients", "400", "--seed", seed]);
    change(server, `UPDATE services SET registry_id = CAST(${seed}00000 + id AS TEXT)`);
  }
  for (const server of Object.values(servers)) {
    teren(server, ["create-user", "--username", USER.username, "--display-name", USER.name, "--role", "admin"], `${USER.password}\n`);
  }
  for (const [code, name, region] of [["A", "Spolek A", "CZ010"], ["B", "Spolek B", "CZ064"]]) {
    const out = teren(servers.umbrella, ["umbrella", "add-member", "--code", code, "--name", name, "--region", region]);
    keys[code] = /TEREN_UMBRELLA_KEY=([0-9a-f]{64})/.exec(out)![1];
  }
  await start(servers.umbrella, {});
  await start(servers.a, { TEREN_UMBRELLA_URL: servers.umbrella.url, TEREN_UMBRELLA_MEMBER: "A", TEREN_UMBRELLA_KEY: keys.A });
  // B's organisation decided to send its counts as they are.
  await start(servers.b, {
    TEREN_UMBRELLA_URL: servers.umbrella.url,
    TEREN_UMBRELLA_MEMBER: "B",
    TEREN_UMBRELLA_KEY: keys.B,
    TEREN_UMBRELLA_UNSUPPRESSED: "true",
  });
});

test.afterAll(() => {
  for (const server of Object.values(servers)) server.process?.kill();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function coordinator(browser: Browser, server: Server) {
  const context = await browser.newContext({ baseURL: server.url });
  const page = await context.newPage();
  await login(page, USER);
  return page;
}

/** The members' contacts in the ministry's part, from their own ADX file. */
function contacts(adx: string): number {
  let sum = 0;
  for (const group of adx.split("<group ").slice(1)) {
    if (!group.includes('dataSet="MPSV_VYKAZ"')) continue;
    const value = /dataElement="KONTAKTY" value="(\d+)"/.exec(group);
    sum += Number(value![1]);
  }
  return sum;
}

test("two members send their year and the umbrella's table is their sum, once", async ({ browser }) => {
  test.setTimeout(180_000);
  let expected = 0;
  for (const server of [servers.a, servers.b]) {
    const page = await coordinator(browser, server);
    await page.goto(`/prehled/vykaz?rok=${YEAR}&sluzba=vse`);
    await waitForHydration(page);
    const adx = await (await page.request.get(`/vymena/rocni.adx?rok=${YEAR}&sluzba=vse`)).text();
    expected += contacts(adx);
    const send = page.getByRole("button", { name: `Odeslat rok ${YEAR}` });
    await expect(send).toBeVisible();
    await expectAccessible(page, "roční výkaz s odesláním");
    await send.click();
    await expect(page.locator(".exchange-state")).toHaveAttribute("data-sent", "true");
    await expect(page.locator(".exchange-state")).toContainText("Přijato");
  }

  const umbrella = await coordinator(browser, servers.umbrella);
  await umbrella.goto(`/prehled/zastresujici?rok=${YEAR}`);
  await waitForHydration(umbrella);
  await expect(umbrella.locator('li[data-member="A"]')).toHaveAttribute("data-sent", "true");
  await expect(umbrella.locator('li[data-member="B"]')).toHaveAttribute("data-sent", "true");
  const ministry = umbrella.locator("table").filter({ hasText: "Výkaz MPSV" });
  const row = ministry.getByRole("row").filter({ has: umbrella.getByRole("rowheader", { name: "Kontakty", exact: true }) });
  await expect(row.getByRole("cell")).toHaveText(String(expected));
  await expectAccessible(umbrella, "národní tabulky");

  // A sends its year again: replaced, not added.
  const again = await coordinator(browser, servers.a);
  await again.goto(`/prehled/vykaz?rok=${YEAR}&sluzba=vse`);
  await waitForHydration(again);
  await again.getByRole("button", { name: `Odeslat rok ${YEAR}` }).click();
  await expect(again.locator(".exchange-state")).toHaveAttribute("data-sent", "true");
  expect(query(servers.umbrella, `SELECT COUNT(*) FROM umbrella_received WHERE year = ${YEAR}`)).toBe("2");
  await umbrella.reload();
  await expect(row.getByRole("cell")).toHaveText(String(expected));

  // A region's table holds its own member only; the files download.
  await umbrella.goto(`/prehled/zastresujici?rok=${YEAR}&tabulka=CZ010`);
  await expect(umbrella.locator("p.note").first()).toContainText("6");
  const csv = await umbrella.request.get(`/zastresujici/tabulky.csv?rok=${YEAR}`);
  expect(csv.status()).toBe(200);
  expect(await csv.text()).toContain("Hlavní město Praha");
});

test("a message signed with another key or changed after signing is refused whole", async () => {
  const body = query(servers.a, `SELECT body FROM umbrella_outbox WHERE year = ${YEAR}`);
  const post = (member: string, key: string, text: string) =>
    fetch(`${servers.umbrella.url}/zastresujici/v1/adx`, {
      method: "POST",
      headers: {
        "content-type": "application/adx+xml",
        "x-teren-member": member,
        "x-teren-signature": `sha256=${createHmac("sha256", key).update(text).digest("hex")}`,
      },
      body: text,
    });
  const before = query(servers.umbrella, `SELECT message FROM umbrella_received WHERE member = 'A'`);

  const wrongKey = await post("A", keys.B, body);
  expect(wrongKey.status).toBe(401);
  expect((await wrongKey.json()).error).toContain("signature");

  const signature = `sha256=${createHmac("sha256", keys.A).update(body).digest("hex")}`;
  const tampered = await fetch(`${servers.umbrella.url}/zastresujici/v1/adx`, {
    method: "POST",
    headers: { "x-teren-member": "A", "x-teren-signature": signature },
    body: body.replace(/dataElement="KONTAKTY" value="(\d+)"/, 'dataElement="KONTAKTY" value="9$1"'),
  });
  expect(tampered.status).toBe(401);

  // Signed right, but its parts do not add up: refused with the reason.
  const inconsistent = body
    .replace(/message="[0-9a-f]+"/, 'message="forged-sum"')
    .replace(/dataElement="KLIENTI" value="(\d+)"/, (_, n) => `dataElement="KLIENTI" value="${Number(n) + 7}"`);
  const refused = await post("A", keys.A, inconsistent);
  expect(refused.status).toBe(422);
  expect((await refused.json()).error).toContain("add up");

  expect(query(servers.umbrella, `SELECT message FROM umbrella_received WHERE member = 'A'`)).toBe(before);
});
