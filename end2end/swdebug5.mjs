import { chromium } from "@playwright/test";
const strip = process.argv[2].split(",");
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox","--disable-gpu","--disable-background-networking"] });
const context = await browser.newContext();
await context.route("**/*", async (route) => {
  const resp = await route.fetch();
  const headers = { ...resp.headers() };
  for (const h of strip) delete headers[h];
  await route.fulfill({ response: resp, headers });
});
const page = await context.newPage();
await page.goto("http://127.0.0.1:3999/prihlaseni");
await page.waitForTimeout(4000);
console.log(strip, await page.evaluate(async () => { const r = await navigator.serviceWorker.getRegistration(); return JSON.stringify({inst: r?.installing?.state, act: r?.active?.state}); }));
await browser.close();
