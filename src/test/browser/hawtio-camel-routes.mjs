// Drives Debian's headless Chromium through the gateway's Hawtio console, as an operator would:
// log in on Hawtio's own login page, open the Camel routes view, check that every route id is
// listed with its statistics, open the route diagram of notion-call, and save screenshots.
// Run by HawtioBrowserIT, which sets the environment below. Exits 0 when everything was seen.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const base = process.env.HAWTIO_URL; // e.g. http://localhost:8000
const user = process.env.HAWTIO_USER;
const password = process.env.HAWTIO_PASSWORD;
const shots = process.env.SCREENSHOT_DIR;
const routeIds = (process.env.ROUTE_IDS ?? '').split(',').filter(Boolean);
const diagramRoute = process.env.DIAGRAM_ROUTE ?? 'notion-call';
const diagramSteps = (process.env.DIAGRAM_STEPS ?? 'notion-rate-lane,notion-breaker').split(',').filter(Boolean);
const slow = { timeout: 180_000 }; // a 2-core machine shared with other builds

const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'hawtio-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1400, height: 1000 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = context.pages()[0] ?? await context.newPage();
page.on('console', (m) => { if (m.type() === 'error') console.log('browser console error:', m.text().slice(0, 300)); });

function step(message) {
  console.log(`[hawtio] ${message}`);
}

try {
  await page.goto(`${base}/actuator/hawtio/`);
  await page.locator('#pf-login-password-id').waitFor(slow);
  step(`login page at ${new URL(page.url()).pathname}`);
  await page.fill('#pf-login-username-id', user);
  await page.fill('#pf-login-password-id', password);
  await page.click('button[type=submit]');

  const camel = page.getByRole('link', { name: 'Camel', exact: true }).first();
  await camel.waitFor(slow);
  step('logged in; the Camel tab is there');
  await camel.click();
  await page.locator('.pf-v6-c-tree-view').getByText(diagramRoute, { exact: true }).waitFor(slow);

  const subnav = page.locator('nav[aria-label="Camel Nav"]');
  const table = page.locator('table').first();
  // Hawtio may still switch views by itself right after the tree loads (seen: to Route Diagram),
  // so click Routes until its table shows, within the same overall budget.
  const deadline = Date.now() + slow.timeout;
  for (;;) {
    await subnav.getByRole('link', { name: 'Routes', exact: true }).click();
    try {
      await table.getByText('Completed').waitFor({ timeout: 15_000 });
      break;
    } catch (e) {
      if (Date.now() > deadline) {
        throw e;
      }
    }
  }
  for (const id of routeIds) {
    await table.getByText(id, { exact: true }).waitFor(slow);
  }
  const listed = await table.innerText();
  step(`routes view lists ${routeIds.length} route ids with columns ${['State', 'Completed', 'Failed', 'Total'].filter((c) => listed.includes(c)).join(', ')}`);
  await page.screenshot({ path: path.join(shots, 'hawtio-camel-routes.png') });

  await page.locator('.pf-v6-c-tree-view').getByText(diagramRoute, { exact: true }).click();
  await subnav.getByRole('link', { name: 'Route Diagram', exact: true }).click();
  const diagram = page.locator('.react-flow');
  for (const id of diagramSteps) {
    await diagram.getByText(id).first().waitFor(slow);
  }
  if (await page.getByText('An error occurred during drawing').count() > 0) {
    throw new Error(`the diagram of ${diagramRoute} did not draw`);
  }
  step(`diagram of ${diagramRoute} shows ${diagramSteps.join(', ')}`);
  await page.screenshot({ path: path.join(shots, `hawtio-${diagramRoute}-diagram.png`) });
  step('OK');
} catch (e) {
  await page.screenshot({ path: path.join(shots, 'hawtio-failure.png') }).catch(() => {});
  console.log(`[hawtio] FAILED at ${page.url()}: ${e.message}`);
  process.exitCode = 1;
} finally {
  await context.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
