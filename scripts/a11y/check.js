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
  const check = async (page, label) => {
    await page.addScriptTag({ content: axeSource });
    const result = await page.evaluate(async () => await axe.run(document, { resultTypes: ['violations'] }));
    const v = result.violations.map(x => `${x.id}(${x.impact}) x${x.nodes.length}: ${x.nodes.slice(0,2).map(n => n.target.join(' ')).join(' | ')}`);
    console.log(label, v.length ? '\n  ' + v.join('\n  ') : 'OK');
    failures += v.length;
  };
  for (const path of ['/', '/people', '/people/5', '/settings/profile', '/connections', '/experts?topic=Rust', '/admin', '/admin/skills', '/admin/network', '/settings/tokens',
                      '/programs', '/programs/new', '/programs/1', '/programs/2', '/programs/2/enroll', '/programs/2/edit', '/mentorships', '/notifications']) {
    await page.goto(base + path);
    await check(page, path);
  }
  // A matching preview: close the open program's enrollment and run its matching.
  await page.goto(base + '/programs/2');
  await page.click('button:has-text("Close enrollment")');
  await page.waitForLoadState();
  await page.click('button:has-text("Run matching")');
  await page.waitForLoadState();
  await check(page, page.url().replace(base, '') + ' (matching preview)');
  if (process.env.GROVE_SHOT_DIR) await page.screenshot({ path: process.env.GROVE_SHOT_DIR + '/matching-preview.png', fullPage: false });
  // A relationship, as the demo member who is in one.
  if (process.argv[4]) {
    const member = await (await browser.newContext({ bypassCSP: true })).newPage();
    await member.goto(base + '/login');
    await member.fill('#email', process.argv[4]);
    await member.fill('#password', 'grove-demo-password');
    await member.click('button[type=submit]');
    await member.waitForLoadState();
    await member.goto(base + '/programs/1');
    const link = await member.getAttribute('a[href^="/mentorships/"]', 'href');
    await member.goto(base + link);
    await check(member, link + ' (as the demo member)');
    if (process.env.GROVE_SHOT_DIR) await member.screenshot({ path: process.env.GROVE_SHOT_DIR + '/relationship.png', fullPage: false });
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
