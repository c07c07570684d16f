import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { systemActor } from '@lib/auth';
import { RegistrationService } from '../../apps/identity/src/users/registration.service';
import { englishAuctionBody } from '../support/auctions';
import { PASSWORD, randomCreditCode, Session, uniqueEmail } from '../support/identity';
import { Scenario, startScenario } from '../support/scenario';
import { TradesApi } from '../support/trades';
import { buildWebConsole, chinaLocalInput, DESKTOP, focused as focusedOn, launchBrowser, openContext, PHONE, screenshot, tabTo } from '../support/browser';

/**
 * The console in English, in Chromium: every visible text of the pages a journey meets must be English (no Chinese
 * character outside what is marked `lang="zh-CN"`, i.e. texts the server writes), which is how untranslated strings
 * are found. Along the way: a sealed-bid room and a Dutch room (bidding in each), a trade's payment confirmed by an
 * operator, a dispute opened by the buyer and resolved by the operator; then a keyboard-only run of the listing form
 * (Tab from field to field, each with its label, Enter submits), and no page wider than a phone.
 */
jest.setTimeout(170_000);

const CJK = /[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]/;

// Run in the page (this file is compiled without the DOM's types, hence strings).
/** Texts on the page (and its labels, placeholders, titles) with a Chinese character, except inside `lang="zh-*"`. */
const CHINESE_TEXTS = `(() => {
  const cjk = new RegExp(${JSON.stringify(CJK.source)});
  const found = [];
  const skipped = (el) => !el || el.closest('[lang^="zh"]') !== null || el.closest('script, style, noscript') !== null;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (cjk.test(node.textContent) && !skipped(node.parentElement)) found.push(node.textContent.trim());
  }
  for (const el of document.body.querySelectorAll('[placeholder], [aria-label], [title]')) {
    for (const name of ['placeholder', 'aria-label', 'title']) {
      const value = el.getAttribute(name);
      if (value && cjk.test(value) && !skipped(el)) found.push(name + '=' + value);
    }
  }
  if (cjk.test(document.title)) found.push('title: ' + document.title);
  return found;
})()`;
const OVERFLOW = `({ path: location.pathname, overflow: document.documentElement.scrollWidth - window.innerWidth })`;

async function expectEnglish(page: Page): Promise<void> {
  expect({ path: new URL(page.url()).pathname, chinese: await page.evaluate<string[]>(CHINESE_TEXTS) }).toEqual({ path: new URL(page.url()).pathname, chinese: [] });
}

/** Nothing wider than the viewport: a phone scrolls down, never sideways. */
async function expectNoHorizontalOverflow(page: Page): Promise<void> {
  const { path, overflow } = await page.evaluate<{ path: string; overflow: number }>(OVERFLOW);
  expect({ path, overflow }).toEqual({ path, overflow: 0 });
}

describe('the web console in English, in Chromium', () => {
  let { system, identity, listings, auctions } = {} as Scenario;
  let operator: Session;
  let trades: TradesApi;
  let browser: Browser;
  let base: string;
  const pageErrors: string[][] = [];
  const suffix = Math.random().toString(36).slice(2, 8);

  beforeAll(async () => {
    await buildWebConsole();
    ({ system, identity, listings, auctions } = await startScenario(['identity', 'listings', 'auction', 'matching', 'worker']));
    trades = new TradesApi(system);
    operator = await englishOperator();
    await system.gateway.listen(0, '127.0.0.1');
    base = (await system.gateway.getUrl()).replace('[::1]', '127.0.0.1');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });
  afterEach(() => {
    expect(pageErrors.flat()).toEqual([]);
  });

  // The people of this journey have English names: what they write is shown as written.
  async function englishOperator(): Promise<Session> {
    const email = uniqueEmail('operator');
    await system.services.get('identity')!.get(RegistrationService).createOperator(email, 'Duty Operator', PASSWORD, systemActor('test'));
    return identity.login(email);
  }

  async function englishMember(kind: 'institute' | 'enterprise', name: string): Promise<Session> {
    const { email } = await identity.register(kind, {
      displayName: 'Wei Li',
      organisation: { name: `${name} ${suffix}`, kind, creditCode: randomCreditCode(), regionCode: '510700' },
    });
    const member = await identity.login(email);
    await request(system.http).post(`/api/v1/admin/organisations/${member.organisationId}/verify`).set(operator.auth).send({}).expect(200);
    return member;
  }

  function englishListing(title: string) {
    return {
      title: `${title} ${suffix}`,
      summary: `${title}: a tested method with field data, offered to civilian industry.`,
      description: 'Technical details: test section Mach 5-10, 20 ms test time, balance accuracy 0.3%.',
      patents: [],
    };
  }

  /** A context whose first page switches the console to English (the choice is kept for the context). */
  async function openEnglish(options = DESKTOP): Promise<Page> {
    const { page, errors } = await openContext(browser, base, options);
    pageErrors.push(errors);
    await page.goto('/');
    if (options.isMobile) await page.getByRole('button', { name: '菜单' }).click();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Technology catalogue' }).waitFor();
    return page;
  }

  async function login(page: Page, email: string, next = '') {
    await page.goto(`/login${next ? `?next=${encodeURIComponent(next)}` : ''}`);
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in', exact: true }).click();
    // On a phone the header's buttons are behind the menu: wait to leave the login page instead.
    await page.waitForURL((url) => url.pathname !== '/login');
  }

  /** Opens a page and waits for its heading and its requests. */
  async function visit(page: Page, path: string) {
    await page.goto(path);
    await page.locator('main h1').first().waitFor().catch(async (error: Error) => {
      throw new Error(`${path}: no heading (${error.message.split('\n')[0]}): ${(await page.locator('body').innerText()).slice(0, 500)}`);
    });
    await page.waitForLoadState('networkidle');
  }

  it('runs a sealed-bid and a Dutch auction, then a paid, disputed and resolved trade, every page in English', async () => {
    const seller = await englishMember('institute', 'Mianyang Aerodynamics Institute');
    const buyer = await englishMember('enterprise', 'Chengdu Avionics Ltd');
    const rival = await englishMember('enterprise', 'Xian Composites Co');
    const sealedListing = await listings.published(seller, operator, englishListing('Pulse wind tunnel force measurement'));
    const dutchListing = await listings.published(seller, operator, { ...englishListing('Laser cladding repair process'), field: 'lasers_optics', ipcCodes: ['B23K 26/34'] });
    const unsold = await listings.published(seller, operator, { ...englishListing('Microwave dielectric ceramics'), field: 'new_materials', ipcCodes: ['C04B 35/465'] });

    // The seller starts a sealed first-price auction from the console, ending in under a minute.
    const sellerPage = await openEnglish();
    await login(sellerPage, seller.email, `/my/auctions/new?listingId=${sealedListing.id}`);
    await sellerPage.getByLabel('Auction type').selectOption('sealed_first_price');
    await sellerPage.getByLabel('Start price (yuan)').fill('1000000.00');
    await sellerPage.getByLabel('Deposit (yuan)').fill('50000.00');
    await sellerPage.getByLabel(/^Ends/).fill(chinaLocalInput(40_000));
    await expectEnglish(sellerPage);
    await sellerPage.getByRole('button', { name: 'Create auction' }).click();
    await sellerPage.waitForURL(/\/auctions\/[0-9a-f-]{36}$/);
    const sealedId = sellerPage.url().split('/').pop()!;

    // The operator confirms the buyer's bank transfer into its deposit wallet.
    const op = await openEnglish();
    await login(op, operator.email, '/admin/auctions');
    await op.getByLabel('Organisation ID').fill(buyer.organisationId!);
    await op.getByLabel('Amount (yuan)').fill('500000.00');
    await op.getByLabel('Payment reference').fill(`BANK-${suffix}-0001`);
    await op.getByRole('button', { name: 'Confirm payment' }).click();
    await op.getByText('Credited; available ¥500,000.00').waitFor();
    await expectEnglish(op);

    // The buyer registers and places a sealed bid; a rival bids through the API. Nobody sees the amounts.
    const buyerPage = await openEnglish();
    await login(buyerPage, buyer.email, `/auctions/${sealedId}`);
    await buyerPage.waitForURL(new RegExp(`/auctions/${sealedId}$`));
    await buyerPage.getByRole('button', { name: 'Register and hold the deposit' }).click();
    await buyerPage.getByTestId('registration').filter({ hasText: 'Registered as Bidder 01' }).waitFor();
    await buyerPage.getByLabel('Your sealed bid').fill('1200000.00');
    await buyerPage.getByRole('button', { name: 'Place sealed bid' }).click();
    await buyerPage.getByText('Bid accepted.').waitFor();
    await auctions.registered(operator, rival, sealedId);
    await auctions.bid(rival, sealedId, '1150000.00').expect(200);
    await buyerPage.getByTestId('bid-count').filter({ hasText: '2' }).waitFor();
    await buyerPage.getByTestId('current-price').filter({ hasText: 'Sealed: shown after the close' }).waitFor();
    // Until the close the history holds the buyer's own bid only: never the rival's amount.
    expect(await buyerPage.getByTestId('bid-history').textContent()).not.toContain('1,150,000');
    await expectEnglish(buyerPage);
    await screenshot(buyerPage, 'auction-room-sealed-en');

    // A visitor on a phone follows the sealed room: no amount, no leader, and the page fits the screen.
    const visitor = await openEnglish(PHONE);
    await visitor.goto(`/auctions/${sealedId}`);
    await visitor.locator('[data-connection="live"]').waitFor();
    await visitor.getByTestId('bid-count').filter({ hasText: '2' }).waitFor();
    expect(await visitor.locator('main').textContent()).not.toMatch(/1,200,000|1,150,000/);
    await expectEnglish(visitor);
    await expectNoHorizontalOverflow(visitor);

    // Meanwhile a Dutch auction: the price falls from 900,000 by 10,000 a minute; the buyer accepts the current price.
    const dutch = await auctions.create(seller, englishAuctionBody(dutchListing.id, {
      type: 'dutch',
      startPrice: '900000.00',
      increment: undefined,
      softClose: null,
      dutch: { step: '10000.00', intervalSeconds: 60, floorPrice: '500000.00' },
    }));
    await buyerPage.goto(`/auctions/${dutch.id}`);
    await buyerPage.getByText('Dutch descending').first().waitFor();
    await buyerPage.getByTestId('current-price').filter({ hasText: '¥900,000.00' }).waitFor();
    await buyerPage.getByRole('button', { name: 'Register and hold the deposit' }).click();
    await buyerPage.getByText('Current price ¥900,000.00; the first to accept wins.').waitFor();
    await expectEnglish(buyerPage);
    await screenshot(buyerPage, 'auction-room-dutch-en');
    await buyerPage.getByRole('button', { name: 'Accept the current price' }).click();
    // The first acceptance ends the auction: it settles at once, seen live.
    await buyerPage.getByTestId('outcome').filter({ hasText: 'Sold for ¥900,000.00 to Bidder 01' }).waitFor({ timeout: 30_000 });
    await buyerPage.getByTestId('bid-history').getByText('Bidder 01').first().waitFor();
    await expectEnglish(buyerPage);

    // The sealed auction settles at its end: first price, the highest bid wins; the visitor's page shows it live.
    await visitor.getByTestId('outcome').filter({ hasText: 'Sold for ¥1,200,000.00 to Bidder 01' }).waitFor({ timeout: 70_000 });
    await visitor.getByTestId('bid-history').getByText('Bidder 02').waitFor();
    await expectEnglish(visitor);
    await screenshot(visitor, 'auction-room-sealed-phone-en');
    const settled = await request(system.http).get(`/api/v1/auctions/${sealedId}`).expect(200);
    const tradeId = settled.body.outcome.tradeId as string;

    // Both sign through the API (the console's signing is in the first journey); the trade is in "My trades".
    const proposed = await trades.proposeTerms(seller, tradeId, { scope: 'Transfer of the pulse wind tunnel force measurement know-how, civil aviation, mainland China.' }).expect(200);
    await trades.sign(seller, tradeId, proposed.body.contract.termsVersion).expect(200);
    await trades.sign(buyer, tradeId, proposed.body.contract.termsVersion).expect(200);
    await buyerPage.goto('/my/trades');
    const row = buyerPage.getByTestId('trades').locator('tr', { hasText: sealedListing.title });
    await row.getByText('Signed').waitFor();
    await row.getByText('Buyer').waitFor();
    // The other party by name, from GET /organisations/names.
    await row.locator('[data-organisation-id]', { hasText: `Mianyang Aerodynamics Institute ${suffix}` }).waitFor();
    await expectEnglish(buyerPage);

    // The operator confirms the buyer's transfer of the outstanding amount into escrow.
    await op.goto(`/trades/${tradeId}`);
    await op.getByText('Confirm the buyer’s transfer of the outstanding 1150000.00 yuan into escrow.').waitFor();
    await op.locator('[data-party="seller"]', { hasText: `Mianyang Aerodynamics Institute ${suffix}` }).waitFor();
    await op.locator('[data-party="buyer"]', { hasText: `Chengdu Avionics Ltd ${suffix}` }).waitFor();
    await op.getByLabel('Payment reference').fill(`BANK-${suffix}-0002`);
    await expectEnglish(op);
    await op.getByRole('button', { name: 'Confirm payment' }).click();
    await op.locator('.page-head .badge', { hasText: 'Paid' }).waitFor();

    // The buyer disputes the delivery.
    await buyerPage.goto(`/trades/${tradeId}`);
    await buyerPage.locator('.page-head .badge', { hasText: 'Paid' }).waitFor();
    await buyerPage.getByRole('button', { name: 'Dispute', exact: true }).click();
    await buyerPage.getByLabel('Dispute · reason').fill('The delivered documentation lacks the balance calibration data.');
    await buyerPage.getByRole('button', { name: 'Confirm' }).click();
    await buyerPage.locator('.page-head .badge', { hasText: 'Disputed' }).waitFor();
    await buyerPage.getByText('The delivered documentation lacks the balance calibration data.').waitFor();
    await expectEnglish(buyerPage);

    // The operator finds it among the disputes and refunds the buyer.
    await op.goto('/admin/trades');
    await op.getByTestId('trades').locator('tr', { hasText: sealedListing.title }).getByRole('link').click();
    await op.waitForURL(new RegExp(`/trades/${tradeId}$`));
    await op.getByLabel('Outcome').selectOption('refunded');
    await op.getByLabel('Reason', { exact: false }).fill('Delivery incomplete; escrow returned to the buyer.');
    await expectEnglish(op);
    await op.getByRole('button', { name: 'Resolve dispute' }).click();
    await op.locator('.page-head .badge', { hasText: 'Refunded' }).waitFor();
    await op.getByText('Resolution: Delivery incomplete; escrow returned to the buyer.').waitFor();
    await screenshot(op, 'trade-dispute-resolved-en');

    // The buyer sees the resolution, and its inbox tells of it in English (the server's words kept, marked Chinese).
    await buyerPage.reload();
    await buyerPage.locator('.page-head .badge', { hasText: 'Refunded' }).waitFor();
    await buyerPage.goto('/notifications');
    const resolved = buyerPage.locator('ul.inbox li', { hasText: 'Dispute resolved' });
    for (let attempt = 0; !(await resolved.count()); attempt++) {
      if (attempt > 40) throw new Error('the dispute resolution never reached the inbox');
      await buyerPage.waitForTimeout(250);
      await buyerPage.reload();
      await buyerPage.getByRole('heading', { name: 'Inbox' }).waitFor();
    }
    await expectEnglish(buyerPage);
    await screenshot(buyerPage, 'notifications-en');

    // The remaining main pages, in English.
    for (const path of ['/', `/listings/${unsold.id}`, '/auctions', '/demands', '/reports', '/my/wallet', '/my/listings', '/my/organisation']) {
      await visit(buyerPage, path);
      await expectEnglish(buyerPage);
    }
  });

  it('fills and submits the listing form with the keyboard alone, every control labelled, and no page wider than a phone', async () => {
    const owner = await englishMember('institute', 'Harbin Optics Institute');
    const page = await openEnglish();
    await login(page, owner.email, '/my/listings/new');
    await page.getByRole('heading', { name: 'New listing' }).waitFor();
    await expectEnglish(page);

    const focused = () => focusedOn(page);

    // From the top of the page, Tab reaches the first field.
    for (let presses = 0; (await focused()).name !== 'title'; presses++) {
      if (presses > 40) throw new Error('Tab never reached the title field');
      await page.keyboard.press('Tab');
    }
    const title = `Fibre-optic gyroscope calibration ${suffix}`;
    const steps: [name: string, label: RegExp, act?: () => Promise<void>][] = [
      ['title', /^Title/, () => page.keyboard.type(title)],
      ['summary', /^Summary/, () => page.keyboard.type('Automatic calibration of fibre-optic gyroscopes for navigation, 0.01°/h bias stability.')],
      // A radio group is one stop; the arrows choose within it.
      ['direction', /Defence → civilian/],
      ['field', /^Technical field/, () => page.keyboard.type('Lasers')],
      ['trl', /^Technology readiness/, () => page.keyboard.type('7')],
      ['ipcCodes', /^IPC codes/, () => page.keyboard.type('G01C 19/72')],
      ['transactionModes', /Transfer/],
      ['transactionModes', /Exclusive licence/, () => page.keyboard.press('Space')],
    ];
    for (const [index, [name, label, act]] of steps.entries()) {
      if (index > 0) await page.keyboard.press('Tab');
      const at = await focused();
      expect({ name: at.name, label: at.label }).toEqual({ name, label: expect.stringMatching(label) });
      await act?.();
    }
    // On to the price and the description, every stop labelled.
    const seen: { name: string; label: string }[] = [];
    for (let presses = 0; (await focused()).name !== 'askingPrice'; presses++) {
      if (presses > 10) throw new Error('Tab never reached the asking price');
      await page.keyboard.press('Tab');
      const at = await focused();
      seen.push({ name: at.name, label: at.label });
    }
    await page.keyboard.type('680000.00');
    for (let presses = 0; (await focused()).name !== 'description'; presses++) {
      if (presses > 5) throw new Error('Tab never reached the description');
      await page.keyboard.press('Tab');
      const at = await focused();
      seen.push({ name: at.name, label: at.label });
    }
    await page.keyboard.type('Rate table with temperature chamber; Allan variance analysis; calibration report per ISO 16063.');
    for (const stop of seen) expect(stop.label).not.toBe('');
    expect(await page.getByLabel('Technical field').inputValue()).toBe('lasers_optics');
    expect(await page.getByLabel('Technology readiness (TRL)').inputValue()).toBe('7');
    expect(await page.getByLabel('Exclusive licence', { exact: true }).isChecked()).toBe(true);

    // Back in a one-line field, Enter submits the form: saved and sent for review.
    await page.getByLabel('IPC codes').focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/listings\/[0-9a-f-]{36}$/);
    await page.getByText('In review').first().waitFor();
    await page.getByRole('heading', { name: title }).waitFor();
    await expectEnglish(page);

    // The main pages on a phone: nothing wider than the screen.
    const phone = await openEnglish(PHONE);
    await login(phone, owner.email);
    const listingPath = new URL(page.url()).pathname;
    for (const path of ['/', '/auctions', '/demands', '/reports', listingPath, '/my/listings', '/my/listings/new', '/my/auctions', '/my/organisation', '/my/trades', '/notifications']) {
      await visit(phone, path);
      await expectNoHorizontalOverflow(phone);
      await expectEnglish(phone);
    }
    await phone.goto('/my/listings/new');
    await screenshot(phone, 'listing-form-phone-en');
  });

  it('creates an auction with the keyboard alone, and fits the operators’ pages on a phone', async () => {
    const owner = await englishMember('institute', 'Nanjing Sensors Institute');
    const listing = await listings.published(owner, operator, { ...englishListing('MEMS pressure sensor packaging'), field: 'electronic_information', ipcCodes: ['G01L 9/00'] });
    const page = await openEnglish();
    await login(page, owner.email, `/my/auctions/new?listingId=${listing.id}`);
    await page.getByRole('heading', { name: 'Start an auction' }).waitFor();
    await page.locator(`option[value="${listing.id}"]`).waitFor({ state: 'attached' });

    // Tab from the top of the page: each control is announced with its label; the listing chosen by the link.
    const met = await tabTo(page, 'listingId');
    expect((await focusedOn(page)).value).toBe(listing.id);
    const steps: [name: string, label: RegExp, act?: () => Promise<void>][] = [
      ['type', /^Auction type/, () => page.keyboard.type('English')],
      ['startPrice', /^Start price/, () => page.keyboard.type('800000.00')],
      ['increment', /^Bid increment/],
      ['reservePrice', /^Reserve price/, () => page.keyboard.type('900000.00')],
      ['deposit', /^Deposit/],
      ['startNow', /Start now/],
      ['endsAt', /^Ends/],
      ['softClose', /Extend the end on late bids/],
      ['softClose.windowSeconds', /^Window/],
    ];
    for (const [name, label, act] of steps) {
      met.push(...(await tabTo(page, name)));
      const at = await focusedOn(page);
      expect({ name: at.name, label: at.label }).toEqual({ name, label: expect.stringMatching(label) });
      await act?.();
    }
    // Every stop on the way had a label: the mode sold, the qualification checkboxes, each part of a date.
    for (const stop of met) expect(stop).toEqual({ ...stop, label: expect.stringMatching(/\S/) });
    expect(met.filter((stop) => /Secrecy qualification/.test(stop.label))).toHaveLength(1);

    // Enter in a one-line field creates it.
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/auctions\/[0-9a-f-]{36}$/);
    await page.getByText('English ascending').first().waitFor();
    await page.getByTestId('current-price').filter({ hasText: '¥800,000.00' }).waitFor();
    await expectEnglish(page);

    // The operators' pages on a phone: nothing wider than the screen, all in English.
    const phone = await openEnglish(PHONE);
    await login(phone, operator.email);
    for (const path of ['/admin/review', '/admin/organisations', '/admin/organisations?status=verified', '/admin/auctions', '/admin/trades', '/admin/demands', '/admin/experts', '/admin/audit', '/reports']) {
      await visit(phone, path);
      await expectNoHorizontalOverflow(phone);
      await expectEnglish(phone);
    }
    await phone.goto('/admin/review?status=published');
    await phone.locator(`li.card[data-listing="${listing.id}"] [data-organisation-id]`, { hasText: `Nanjing Sensors Institute ${suffix}` }).waitFor();
    await expectNoHorizontalOverflow(phone);
    await screenshot(phone, 'admin-review-phone-en');
  });
});
