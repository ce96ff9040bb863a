// Runs axe-core on Grove's main pages in headless Chromium, signed in as the demo admin.
// Usage (see run.sh): node check.js BASE_URL ADMIN_EMAIL. Exits 1 if any page has violations.
const { chromium } = require('playwright-core');
const fs = require('fs');
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  const base = process.argv[2];
  let failures = 0;
  await page.goto(base + '/login');
  await page.fill('#email', process.argv[3]);
  await page.fill('#password', 'grove-demo-password');
  await page.click('button[type=submit]');
  await page.waitForLoadState();
  for (const path of ['/', '/people', '/people/5', '/settings/profile', '/connections', '/experts?topic=Rust', '/admin', '/admin/skills', '/admin/network', '/settings/tokens']) {
    await page.goto(base + path);
    await page.addScriptTag({ content: axeSource });
    const result = await page.evaluate(async () => await axe.run(document, { resultTypes: ['violations'] }));
    const v = result.violations.map(x => `${x.id}(${x.impact}) x${x.nodes.length}: ${x.nodes.slice(0,2).map(n => n.target.join(' ')).join(' | ')}`);
    console.log(path, v.length ? '\n  ' + v.join('\n  ') : 'OK');
    failures += v.length;
  }
  const anonymous = await (await browser.newContext({ bypassCSP: true })).newPage();
  for (const path of ['/login', '/signup']) {
    await anonymous.goto(base + path);
    await anonymous.addScriptTag({ content: axeSource });
    const result = await anonymous.evaluate(async () => await axe.run(document, { resultTypes: ['violations'] }));
    console.log(path, result.violations.length ? result.violations.map(x => x.id).join(', ') : 'OK');
    failures += result.violations.length;
  }
  await browser.close();
  process.exit(failures ? 1 : 0);
})().catch(e => { console.error(e); process.exit(1); });
