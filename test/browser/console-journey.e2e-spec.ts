import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { randomCreditCode, PASSWORD, uniqueEmail } from '../support/identity';
import { Scenario, startScenario } from '../support/scenario';
import { englishAuctionBody } from '../support/auctions';
import { buildWebConsole, chinaLocalInput, DESKTOP, launchBrowser, openContext, PHONE, screenshot } from '../support/browser';

/**
 * The web console in a real browser (Debian's Chromium driven by playwright-core), served by the gateway
 * from its build: an institute signs up and lists an achievement (the API's field errors shown beside the
 * fields), an operator verifies the institute and approves the listing, an anonymous visitor on a phone finds
 * it in the catalogue, an enterprise registers and sets a proxy maximum in the live auction while the visitor's
 * page follows the price without reloading, the auction settles, and the trade appears in "my trades" and is
 * signed by both sides.
 */
jest.setTimeout(170_000);

describe('the web console, end to end in Chromium', () => {
  let { system, identity, listings, auctions, operator } = {} as Scenario;
  let browser: Browser;
  let base: string;
  const pageErrors: string[][] = [];

  beforeAll(async () => {
    await buildWebConsole();
    ({ system, identity, listings, auctions, operator } = await startScenario(['identity', 'listings', 'auction', 'matching', 'worker']));
    await system.gateway.listen(0, '127.0.0.1');
    base = (await system.gateway.getUrl()).replace('[::1]', '127.0.0.1');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });
  afterEach(() => {
    // No page may have thrown or logged an error along the way.
    expect(pageErrors.flat()).toEqual([]);
  });

  async function open(options = DESKTOP) {
    const { page, errors } = await openContext(browser, base, options);
    pageErrors.push(errors);
    return page;
  }

  async function login(page: Page, email: string, next = '') {
    await page.goto(`/login${next ? `?next=${encodeURIComponent(next)}` : ''}`);
    await page.getByLabel('电子邮箱').fill(email);
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByRole('button', { name: '退出' }).waitFor();
  }

  it('serves the console at / and deep links, keeps the API and its 404s under /api/v1, and the CSP allows the app', async () => {
    const root = await request(system.http).get('/').expect(200);
    expect(root.headers['content-type']).toContain('text/html');
    expect(root.headers['content-security-policy']).toContain("script-src 'self'");
    expect(root.text).toContain('<div id="root">');
    const deep = await request(system.http).get('/auctions/6f1c0000-0000-4000-8000-000000000000').expect(200);
    expect(deep.text).toBe(root.text);
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(root.text)![1];
    const js = await request(system.http).get(asset).expect(200);
    expect(js.headers['cache-control']).toContain('immutable');
    const missing = await request(system.http).get('/api/v1/no-such-thing').expect(404);
    expect(missing.body.error.code).toBeDefined();
    await request(system.http).get('/assets/no-such-file.js').expect(404);
    await request(system.http).get('/health').expect(200);
  });

  it('takes a listing from sign-up through review, search, a live auction and settlement to a signed trade', async () => {
    const suffix = Math.random().toString(36).slice(2, 8);
    const title = `高超声速风洞气动测试技术 ${suffix}`;

    // An institute signs up through the console; its organisation is pending.
    const institute = await open();
    const instituteEmail = uniqueEmail('institute');
    await institute.goto('/register');
    await institute.getByLabel('电子邮箱').fill(instituteEmail);
    await institute.getByLabel('密码').fill(PASSWORD);
    await institute.getByLabel('姓名').fill('李研究员');
    await institute.getByLabel('机构名称').fill(`绵阳空气动力研究所 ${suffix}`);
    await institute.getByLabel('科研院所 / 高校').check();
    await institute.getByLabel('统一社会信用代码').fill(randomCreditCode());
    await institute.getByLabel('行政区划代码').fill('510700');
    await institute.getByRole('button', { name: '注册', exact: true }).click();
    await institute.getByText('机构待运营方核验').waitFor();
    await screenshot(institute, 'organisation');

    // The operator verifies it in the verification queue.
    const op = await open();
    await login(op, operator.email);
    await op.goto('/admin/organisations?status=pending');
    const orgCard = op.locator('li.card', { hasText: `绵阳空气动力研究所 ${suffix}` });
    await screenshot(op, 'verification');
    await orgCard.getByRole('button', { name: '核验通过' }).click();
    await orgCard.waitFor({ state: 'detached' });

    // The institute writes the listing; the API's field errors appear next to the fields they concern.
    await institute.goto('/my/listings/new');
    await institute.getByLabel('成果名称').fill(title);
    await institute.getByLabel('摘要').fill('基于脉冲风洞的高超声速飞行器气动力与热环境测试方法，适用于 hypersonic wind tunnel testing。');
    await institute.getByLabel('技术领域').selectOption('aerodynamics');
    await institute.getByLabel('技术就绪度（TRL）').selectOption('6');
    await institute.getByLabel('IPC 分类号').fill('G01M 9/06, XYZ');
    await institute.getByLabel('挂牌价（元）').fill('1250000.00');
    await institute.getByLabel('详细说明').fill('测试段马赫数 5-10，试验时间 20 ms，测力天平精度 0.3%。');
    await institute.getByLabel('原始密级').selectOption('secret');
    await institute.getByRole('button', { name: '保存并提交审核' }).click();
    // 400 from the API: the malformed IPC code, shown under the IPC field.
    await institute.locator('[data-field="ipcCodes"] .field-error').waitFor();
    expect(await institute.getByLabel('IPC 分类号').getAttribute('aria-invalid')).toBe('true');
    await institute.getByLabel('IPC 分类号').fill('G01M 9/06');
    await institute.getByRole('button', { name: '保存并提交审核' }).click();
    // 422 on submission: a secret achievement needs its declassification record, shown in that fieldset.
    await institute.locator('[data-field="declassification"] .field-error').first().waitFor();
    expect(institute.url()).toMatch(/\/my\/listings\/[0-9a-f-]{36}\/edit$/);
    await screenshot(institute, 'listing-form-errors');
    await institute.getByLabel('解密批准文号').fill('科工密解〔2024〕118号');
    await institute.getByLabel('批准机关').fill('国家国防科技工业局');
    await institute.getByLabel('批准日期').fill('2024-06-30');
    await institute.getByRole('button', { name: '保存并提交审核' }).click();
    await institute.waitForURL(/\/listings\/[0-9a-f-]{36}$/);
    const listingId = institute.url().split('/').pop()!;
    await institute.getByText('待审核').first().waitFor();

    // The operator approves it from the review queue.
    await op.goto('/admin/review');
    const reviewCard = op.locator(`li.card[data-listing="${listingId}"]`);
    await reviewCard.getByText('科工密解〔2024〕118号').waitFor();
    await screenshot(op, 'review-queue');
    await reviewCard.getByRole('button', { name: '通过并发布' }).click();
    await reviewCard.waitFor({ state: 'detached' });

    // A few more published listings (through the API) so the catalogue has facets worth filtering.
    const neighbour = await identity.verifiedMember(operator, 'institute');
    for (const overrides of [
      { title: '低速风洞试验段流场品质改进技术', summary: '低速风洞试验段湍流度与均匀性改进，wind tunnel flow quality。', trl: 7, askingPrice: '860000.00' },
      { title: '风洞天平自动校准系统', summary: '六分量风洞天平的自动加载与校准装置，balance calibration。', field: 'advanced_manufacturing', trl: 5, askingPrice: '420000.00' },
      { title: '碳化硅纤维增强陶瓷基复合材料', summary: 'SiC/SiC 陶瓷基复合材料热端部件制备工艺。', field: 'new_materials', ipcCodes: ['C04B 35/565'], askingPrice: null, transactionModes: ['exclusive_licence'] },
      { title: '北斗高精度组合导航模块', summary: '北斗/惯导组合导航，适用于无人机与测绘，GNSS/INS navigation。', field: 'navigation_remote_sensing', direction: 'civ_to_mil', ipcCodes: ['G01S 19/47'], trl: 8 },
    ]) {
      await listings.published(neighbour, operator, { ...overrides, patents: [] });
    }

    // An anonymous visitor on a phone finds it in the catalogue, the match highlighted (indexing is asynchronous).
    const visitor = await open(PHONE);
    const hit = visitor.locator('ol.hits li', { hasText: suffix });
    const indexedBy = Date.now() + 30_000;
    for (;;) {
      await visitor.goto(`/?q=${encodeURIComponent('风洞')}`);
      await visitor.locator('.results-head span').filter({ hasText: /共 \d+ 项成果/ }).waitFor();
      if ((await hit.count()) && (await visitor.locator('ol.hits li').count()) === 3) break;
      if (Date.now() > indexedBy) {
        await screenshot(visitor, 'failed-catalogue');
        const l = await request(system.http).get(`/api/v1/listings/${listingId}`).set(operator.auth);
        const c = await request(system.http).get('/api/v1/catalogue');
        console.log(JSON.stringify({ status: l.body.status, catalogue: c.body }).slice(0, 1500));
        throw new Error(`the approved listing never reached the catalogue: ${await visitor.locator('main').innerText()}`);
      }
      await visitor.waitForTimeout(250);
    }
    expect(await hit.locator('h2 mark').first().textContent()).toBe('风洞');
    await screenshot(visitor, 'catalogue-phone');
    // A facet filter narrows the results to one field (the filters fold away on a phone).
    await visitor.getByText('筛选', { exact: true }).click();
    await visitor.getByLabel('空气动力').check();
    await visitor.waitForURL(/field=aerodynamics/);
    await visitor.locator('.results-head span').filter({ hasText: '共 2 项成果' }).waitFor();
    expect(await visitor.locator('ol.hits li').count()).toBe(2);
    await hit.waitFor();
    // The language switch (on the phone, behind the menu button).
    await visitor.getByRole('button', { name: '菜单' }).click();
    await visitor.getByRole('button', { name: 'English' }).click();
    await visitor.getByRole('heading', { name: 'Technology catalogue' }).waitFor();
    // The menu stays open on the same page: switch back.
    await visitor.getByRole('button', { name: '中文' }).click();
    await visitor.getByRole('heading', { name: '技术成果大厅' }).waitFor();
    const desktopVisitor = await open();
    await desktopVisitor.goto(`/?q=${encodeURIComponent('风洞')}`);
    await desktopVisitor.locator('ol.hits li', { hasText: suffix }).waitFor();
    await screenshot(desktopVisitor, 'catalogue');
    await desktopVisitor.locator('ol.hits li', { hasText: suffix }).getByRole('link').click();
    await desktopVisitor.getByText('尚未评估').waitFor();
    await screenshot(desktopVisitor, 'listing');

    // Two verified enterprises with money in their wallets: one bids through the console (its wallet topped up by
    // the operator through the console), the other through the API.
    const bidder = await identity.verifiedMember(operator, 'enterprise');
    const rival = await identity.verifiedMember(operator, 'enterprise');
    await op.goto('/admin/auctions');
    await op.getByLabel('机构 ID').fill(bidder.organisationId!);
    await op.getByLabel('金额（元）').fill('500000.00');
    await op.getByLabel('付款凭证号').fill(`BANK-${suffix}-0001`);
    await op.getByRole('button', { name: '确认入账' }).click();
    await op.getByText('已入账，可用余额 ¥500,000.00').waitFor();

    // The institute puts the listing up for an English auction ending in under a minute.
    await institute.goto(`/my/auctions/new?listingId=${listingId}`);
    await institute.getByLabel('起拍价（元）').fill('1000000.00');
    await institute.getByLabel('加价幅度（元）').fill('10000.00');
    await institute.getByLabel('保证金（元）').fill('50000.00');
    await institute.getByLabel('结束时间').fill(chinaLocalInput(45_000));
    await institute.getByLabel('延时触发窗口（秒）').fill('5');
    await institute.getByLabel('每次延长（秒）').fill('3');
    await institute.getByRole('button', { name: '创建拍卖' }).click();
    await institute.waitForURL(/\/auctions\/[0-9a-f-]{36}$/);
    const auctionId = institute.url().split('/').pop()!;

    // The visitor follows the room; the page is marked so a reload would show.
    await visitor.goto(`/auctions/${auctionId}`);
    await visitor.locator('[data-connection="live"]').waitFor();
    await visitor.evaluate(() => ((globalThis as unknown as { notReloaded: boolean }).notReloaded = true));
    await visitor.getByTestId('bid-count').filter({ hasText: '0' }).waitFor();

    // The enterprise logs in, registers (holding the deposit) and sets a proxy maximum.
    const enterprise = await open();
    await login(enterprise, bidder.email, `/auctions/${auctionId}`);
    await enterprise.waitForURL(new RegExp(`/auctions/${auctionId}$`));
    await enterprise.getByRole('button', { name: '报名并冻结保证金' }).click();
    await enterprise.getByTestId('registration').filter({ hasText: '竞买人 01' }).waitFor();
    await enterprise.getByLabel('我的最高出价（代理竞价）').fill('1100000.00');
    await enterprise.getByRole('button', { name: '设置最高价并出价' }).click();
    await enterprise.getByText('您的最高价：¥1,100,000.00').waitFor();

    // The visitor's page shows the first bid, then the rival's (API) bid answered by the proxy, without reloading.
    await visitor.getByTestId('bid-count').filter({ hasText: '1' }).waitFor();
    await visitor.getByTestId('leader').filter({ hasText: '竞买人 01' }).waitFor();
    await auctions.registered(operator, rival, auctionId);
    await auctions.bid(rival, auctionId, '1050000.00').expect(200);
    await visitor.getByTestId('current-price').filter({ hasText: '¥1,060,000.00' }).waitFor();
    await visitor.getByTestId('bid-count').filter({ hasText: '2' }).waitFor();
    await visitor.getByTestId('bid-history').getByText('竞买人 02').waitFor();
    await enterprise.getByTestId('current-price').filter({ hasText: '¥1,060,000.00' }).waitFor();
    expect(await visitor.evaluate(() => (globalThis as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    await screenshot(enterprise, 'auction-room');
    await screenshot(visitor, 'auction-room-phone');

    // The worker settles it at its end; both pages show the result live.
    await visitor.getByTestId('outcome').filter({ hasText: '成交：¥1,060,000.00，买受人 竞买人 01' }).waitFor({ timeout: 70_000 });
    await enterprise.getByTestId('outcome').filter({ hasText: '竞买人 01' }).waitFor();
    expect(await visitor.evaluate(() => (globalThis as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);

    // The trade is in the enterprise's "my trades"; the seller proposes terms and both sides sign.
    await enterprise.getByRole('link', { name: '我的交易' }).click();
    const tradeRow = enterprise.getByTestId('trades').locator('tr', { hasText: title });
    await tradeRow.getByText('待签约').waitFor();
    await tradeRow.getByText('买方').waitFor();
    await screenshot(enterprise, 'my-trades');
    await tradeRow.getByRole('link').click();
    await enterprise.waitForURL(/\/trades\/[0-9a-f-]{36}$/);
    const tradePath = new URL(enterprise.url()).pathname;
    await enterprise.getByText('等待卖方提出合同条款').waitFor();

    await institute.goto(tradePath);
    await institute.getByLabel('转让 / 许可范围').fill('技术转让：脉冲风洞测力方法全部技术资料，民用航空领域，中国大陆。');
    await institute.getByLabel('生效日期').fill('2027-01-01');
    await institute.getByRole('button', { name: '保存条款' }).click();
    await institute.getByRole('button', { name: '签署第 1 版条款' }).click();
    await institute.getByText('我方已签署，等待对方签署').waitFor();

    await enterprise.reload();
    await enterprise.getByRole('button', { name: '签署第 1 版条款' }).click();
    await enterprise.locator('.page-head .badge', { hasText: '已签约' }).waitFor();
    await screenshot(enterprise, 'trade');

    // The operator sees the whole story in the audit log, and the chain holds.
    await op.goto('/admin/audit');
    await op.getByRole('button', { name: '校验哈希链' }).click();
    await op.getByText(/哈希链完整：已校验 \d+ 条记录/).waitFor();
    await op.locator('table.audit').getByText('auction.settled').first().waitFor();
    await screenshot(op, 'audit', { fullPage: false });
    await op.goto('/reports');
    await op.locator('.chart').first().waitFor();
    await screenshot(op, 'annual-report');

    // The seller's notification inbox has the sale.
    await institute.goto('/notifications');
    await institute.locator('ul.inbox li').first().waitFor({ timeout: 20_000 });
    await screenshot(institute, 'notifications');
  });

  it('takes an enterprise’s interest in a listing through a negotiation thread and an agreed offer to a trade', async () => {
    const seller = await identity.verifiedMember(operator, 'institute');
    const listing = await listings.published(seller, operator, { title: '激光熔覆修复工艺包', summary: '航空零件激光熔覆修复工艺，laser cladding repair。', field: 'lasers_optics', ipcCodes: ['B23K 26/34'], patents: [] });
    const buyer = await identity.verifiedMember(operator, 'enterprise');

    // The enterprise logs in with the keyboard alone (labels, tab order, Enter submits) and expresses interest.
    const buyerPage = await open();
    await buyerPage.goto(`/login?next=${encodeURIComponent(`/listings/${listing.id}`)}`);
    await buyerPage.getByLabel('电子邮箱').focus();
    await buyerPage.keyboard.type(buyer.email);
    await buyerPage.keyboard.press('Tab');
    await buyerPage.keyboard.type(PASSWORD);
    await buyerPage.keyboard.press('Enter');
    await buyerPage.waitForURL(new RegExp(`/listings/${listing.id}$`));
    await buyerPage.getByLabel('给所有方的留言').fill('我司拟将该工艺用于民航发动机叶片修复，希望洽谈普通许可。');
    await buyerPage.getByRole('button', { name: '发送意向' }).click();
    await buyerPage.waitForURL(/\/my\/interests\?role=buyer$/);
    await buyerPage.locator('li.card', { hasText: '激光熔覆修复工艺包' }).getByText('待答复').waitFor();

    // The owner accepts it, which opens the thread.
    const sellerPage = await open();
    await login(sellerPage, seller.email, '/my/interests');
    const card = sellerPage.locator('li.card', { hasText: '激光熔覆修复工艺包' });
    await card.getByRole('button', { name: '接受并开启洽谈' }).click();
    await card.getByRole('button', { name: '确认' }).click();
    await sellerPage.waitForURL(/\/negotiations\/[0-9a-f-]{36}$/);
    const threadPath = new URL(sellerPage.url()).pathname;

    // The buyer offers; the seller counters; the buyer accepts the counter-offer.
    await buyerPage.goto(threadPath);
    await buyerPage.getByLabel('金额（元）').fill('1100000.00');
    await buyerPage.getByLabel('说明').fill('首付 30%');
    await buyerPage.getByRole('button', { name: '提交报价' }).click();
    await buyerPage.getByTestId('timeline').getByText('¥1,100,000.00').waitFor();
    await sellerPage.reload();
    await sellerPage.getByLabel('金额（元）').fill('1180000.00');
    await sellerPage.getByRole('button', { name: '提交报价' }).click();
    await sellerPage.getByTestId('timeline').getByText('已还价').waitFor();
    await buyerPage.reload();
    await buyerPage.getByRole('button', { name: '接受报价 ¥1,180,000.00' }).click();
    await buyerPage.getByText('已达成一致：¥1,180,000.00').waitFor();
    await screenshot(buyerPage, 'negotiation');

    // The agreement opens a trade (through the worker); the thread links to it.
    for (let attempt = 0; !(await buyerPage.getByRole('link', { name: '查看交易' }).count()); attempt++) {
      if (attempt > 40) throw new Error('the agreed negotiation never linked its trade');
      await buyerPage.waitForTimeout(250);
      await buyerPage.reload();
    }
    await buyerPage.getByRole('link', { name: '查看交易' }).click();
    await buyerPage.locator('.page-head .badge', { hasText: '待签约' }).waitFor();
    await buyerPage.getByText('协商', { exact: true }).waitFor();
    await buyerPage.getByText('¥1,180,000.00').first().waitFor();
  });

  it('lets an operator pause, resume and cancel an auction, each seen live in the room', async () => {
    const seller = await identity.verifiedMember(operator, 'institute');
    const listing = await listings.published(seller, operator, { title: '微波介质陶瓷配方', summary: '低损耗微波介质陶瓷，microwave dielectric ceramics。', field: 'new_materials', patents: [] });
    const auction = await auctions.create(seller, englishAuctionBody(listing.id, { startsAt: new Date(Date.now() + 2000).toISOString() }));

    const room = await open();
    await room.goto(`/auctions/${auction.id}`);
    await room.locator('[data-connection="live"]').waitFor();
    await room.locator('.page-head .badge', { hasText: '进行中' }).waitFor({ timeout: 20_000 });

    const op = await open();
    await login(op, operator.email, '/admin/auctions?status=open');
    const row = op.locator('tr', { has: op.locator(`a[href="/auctions/${auction.id}"]`) });
    await row.getByRole('button', { name: '暂停' }).click();
    await row.getByLabel(/暂停 · 理由/).fill('核查竞买资格');
    await row.getByRole('button', { name: '确认' }).click();
    await room.locator('.page-head .badge', { hasText: '已暂停' }).waitFor();
    await room.getByText('核查竞买资格').waitFor();

    await op.goto('/admin/auctions?status=paused');
    await op.locator('tr', { has: op.locator(`a[href="/auctions/${auction.id}"]`) }).getByRole('button', { name: '恢复' }).click();
    await room.locator('.page-head .badge', { hasText: '进行中' }).waitFor();

    await op.goto('/admin/auctions?status=open');
    const again = op.locator('tr', { has: op.locator(`a[href="/auctions/${auction.id}"]`) });
    await again.getByRole('button', { name: '取消拍卖' }).click();
    await again.getByLabel(/取消拍卖 · 理由/).fill('成果权属存在争议');
    await again.getByRole('button', { name: '确认' }).click();
    await room.locator('.page-head .badge', { hasText: '已取消' }).waitFor();
    await room.locator('[data-connection="closed"]').waitFor();
  });
});
