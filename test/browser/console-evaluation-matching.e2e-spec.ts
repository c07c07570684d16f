import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { EvaluationApi, reviewBody } from '../support/evaluation';
import { PASSWORD, Session } from '../support/identity';
import { chinaDateIn } from '../support/matching';
import { Scenario, startScenario } from '../support/scenario';
import { arrowToOption, buildWebConsole, DESKTOP, FocusStop, focused, launchBrowser, openContext, PHONE, screenshot, tabTo } from '../support/browser';

/**
 * The evaluation and matching pages of the web console in Chromium: an owner requests an evaluation of a
 * listing; the operator assigns a panel and sees a conflicted expert refused with the reason next to that
 * expert; an expert on a phone reads the listing's description and patents, looks at comparables, uses the
 * income calculator and submits a review after fixing the API's field error; the panel disagrees, the
 * operator confirms the flagged result and the owner sees it with the reviews by alias only. An enterprise
 * posts a demand (field error first), sees its ranked matches with explanations and expresses interest from
 * one; the listing's owner sees the demand among the listing's matches; a visitor finds it; an operator
 * hides and restores it.
 */
jest.setTimeout(150_000);

describe('the web console: evaluation, demands and matches, in Chromium', () => {
  let { system, identity, listings, operator } = {} as Scenario;
  let evaluations: EvaluationApi;
  let browser: Browser;
  let base: string;
  const pageErrors: string[][] = [];
  let institute: Session;
  let enterprise: Session;
  let listingId: string;
  const suffix = Math.random().toString(36).slice(2, 8);
  const listingTitle = `高超声速风洞气动测试技术 ${suffix}`;

  beforeAll(async () => {
    await buildWebConsole();
    ({ system, identity, listings, operator } = await startScenario(['identity', 'listings', 'auction', 'evaluation', 'matching', 'worker']));
    await system.gateway.listen(0, '127.0.0.1');
    base = (await system.gateway.getUrl()).replace('[::1]', '127.0.0.1');
    browser = await launchBrowser();
    evaluations = new EvaluationApi(system);
    institute = await identity.verifiedMember(operator, 'institute');
    enterprise = await identity.verifiedMember(operator, 'enterprise');
    listingId = (await listings.published(institute, operator, { title: listingTitle })).id;
  });
  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });
  afterEach(() => {
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
    // Logged in, the page leaves /login (on a phone the menu with "log out" stays folded).
    await page.waitForURL((url) => url.pathname !== '/login');
  }

  it('takes an evaluation from the owner’s request through a refused and an accepted panel, an expert’s review and a confirmed flagged result', async () => {
    const panel = await evaluations.experts(operator, 3);
    const conflicted = await evaluations.expert(operator, ['aerodynamics'], institute.organisationId!, '冲突专家');

    // The owner requests an evaluation from the listing page.
    const owner = await open();
    await login(owner, institute.email, `/listings/${listingId}`);
    await owner.getByRole('link', { name: '申请专家评估' }).click();
    await owner.waitForURL(/\/my\/evaluations\?listingId=/);
    await owner.locator(`option[value="${listingId}"]`).waitFor({ state: 'attached' });
    expect(await owner.getByLabel('评估对象').inputValue()).toBe(listingId);
    await owner.getByLabel('给评审专家的说明（可选）').fill('请重点评估测力天平精度。');
    await owner.getByRole('button', { name: '提交评估申请' }).click();
    await owner.waitForURL(/\/evaluations\/[0-9a-f-]{36}$/);
    const evaluationId = owner.url().split('/').pop()!;
    await owner.getByText('待组建专家组').first().waitFor();

    // The operator assigns a panel: the conflicted expert is refused, with the reason next to them.
    const op = await open();
    await login(op, operator.email, '/admin/evaluations');
    await op.locator(`li.card[data-evaluation="${evaluationId}"]`).getByRole('link', { name: listingTitle }).click();
    await op.waitForURL(`**/evaluations/${evaluationId}`);
    for (const expert of [...panel, conflicted]) await op.locator(`li[data-expert="${expert.userId}"] input[type=checkbox]`).check();
    await op.getByRole('button', { name: '指派专家组' }).click();
    const refusal = op.locator(`li[data-expert="${conflicted.userId}"] .conflict`);
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('专家属于成果所属机构');
    expect(await op.locator(`li[data-expert="${panel[0].userId}"] .conflict`).count()).toBe(0);
    await screenshot(op, 'evaluation-panel-conflict');
    await op.locator(`li[data-expert="${conflicted.userId}"] input[type=checkbox]`).uncheck();
    await op.getByRole('button', { name: '指派专家组' }).click();
    await op.locator('article[data-evaluation-status="in_review"]').waitFor();
    await op.getByText('专家1号').first().waitFor();

    // The first expert, on a phone: the assignment, the listing's description and patents, the review form.
    const expert = await open(PHONE);
    await login(expert, panel[0].email);
    await expert.waitForURL('**/expert/assignments');
    await expert.getByRole('link', { name: listingTitle }).click();
    await expert.getByText('测力天平精度 0.3%').waitFor();
    await expert.getByText('ZL201710601862.3').waitFor();
    await expert.getByText('请重点评估测力天平精度。').waitFor();
    const criteria = ['技术先进性', '技术成熟度', '知识产权强度', '市场前景', '军民两用价值'];
    for (const [i, c] of criteria.entries()) {
      await expert.getByLabel(`${c}得分（0–100）`).fill(i === 0 ? '150' : '80');
      await expert.getByLabel(`${c}评语`).fill(`${c}：依据测试数据与专利文献评定。`);
    }
    // Market method: the comparables of the listing's field and TRL band (none signed yet).
    await expert.getByLabel('市场法').check();
    await expert.getByText('该范围内暂无可比交易').waitFor();
    // Income method: the calculator's exact present value, taken as the range.
    await expert.getByLabel('收益法').check();
    await expert.getByLabel('年收入预测（元）').fill('1000000.00');
    await expert.getByLabel('提成率（%）').fill('5');
    await expert.getByLabel('折现率（%）').fill('10');
    await expert.getByLabel('年限').fill('3');
    await expert.getByRole('button', { name: '计算现值' }).click();
    await expert.getByText('¥124,342.60').first().waitFor();
    await expert.getByRole('button', { name: '用作估值区间' }).click();
    expect(await expert.getByLabel('估值下限（元）').inputValue()).toBe('124342.60');
    await expert.getByLabel('估值上限（元）').fill('150000.00');
    await expert.getByLabel('估值依据').fill('收益法：三年许可费折现。');
    // Submitting is behind an explicit "final" check, ticked with the keyboard.
    const submit = expert.getByRole('button', { name: '提交评审意见' });
    expect(await submit.isDisabled()).toBe(true);
    await expert.getByLabel('我已核对全部内容，知悉提交后不可修改').focus();
    await expert.keyboard.press('Space');
    await submit.click();
    // The API's 400 is shown under the score it concerns.
    const scoreError = expert.locator('[data-field="scores.technicalAdvancement.score"] .field-error');
    await scoreError.waitFor();
    expect(await expert.getByLabel('技术先进性得分（0–100）').getAttribute('aria-invalid')).toBe('true');
    await screenshot(expert, 'expert-review-errors');
    await expert.getByLabel('技术先进性得分（0–100）').fill('85');
    await submit.click();
    await expert.getByText(/评审意见已于 .* 提交，提交后不可修改/).waitFor();
    expect(await expert.getByRole('button', { name: '提交评审意见' }).count()).toBe(0);
    await expert.getByText('¥124,342.60').first().waitFor();
    await screenshot(expert, 'expert-review-final');

    // The other two disagree widely: the result is flagged; the operator confirms it.
    await evaluations.reviewedBy(panel.slice(1), evaluationId, [reviewBody(20), reviewBody(95)]);
    await op.reload();
    await op.locator('article[data-evaluation-status="flagged"]').waitFor();
    await op.getByRole('heading', { name: '结果存在较大分歧，待运营方确认' }).waitFor();
    await screenshot(op, 'evaluation-flagged');
    await op.getByRole('button', { name: '确认并发布' }).click();
    await op.locator('article[data-evaluation-status="published"]').waitFor();

    // The owner sees the result and the reviews by alias, never the experts' names; in English too.
    await owner.reload();
    await owner.locator('article[data-evaluation-status="published"]').waitFor();
    await owner.locator('[data-review="专家 01"]').waitFor();
    const text = await owner.locator('main').textContent();
    for (const name of ['专家1号', '专家2号', '专家3号']) expect(text).not.toContain(name);
    await owner.getByRole('button', { name: 'English' }).click();
    await owner.getByRole('heading', { name: 'Consensus' }).waitFor();
    await owner.getByRole('heading', { name: 'Reviews' }).waitFor();
    await screenshot(owner, 'evaluation-result');
    await owner.getByRole('button', { name: '中文' }).click();
  });

  it('lets the operator invite an expert, replace one who missed the deadline with them (a conflicted replacement refused first), and send a flagged result back', async () => {
    const listing = await listings.published(institute, operator, { title: `风洞天平自动校准系统 ${suffix}` });
    const panel = await evaluations.experts(operator, 3);
    const conflicted = await evaluations.expert(operator, ['aerodynamics'], institute.organisationId!, '本所专家');
    const evaluation = await evaluations.requested(institute, listing.id);
    // A deadline 4 s away: the worker flags the missing review at it.
    await evaluations.assigned(operator, evaluation.id, panel, new Date(Date.now() + 4000).toISOString());
    await evaluations.reviewedBy(panel.slice(0, 2), evaluation.id);
    await listings.eventually(
      () => evaluations.get(operator, evaluation.id).then((r) => r.body),
      (e: { panel: { missed: boolean }[] }) => e.panel.some((m) => m.missed),
      15_000,
    );

    // The operator invites the expert who will take over, from the expert pool page; the link signs them in.
    const op = await open();
    await login(op, operator.email, '/admin/experts');
    const freshEmail = `fresh.${suffix}@example.cn`;
    await op.getByLabel('电子邮箱').fill(freshEmail);
    await op.getByLabel('姓名').fill('接替专家');
    await op.getByLabel('空气动力', { exact: true }).check();
    await op.getByRole('button', { name: '发送邀请' }).click();
    const link = await op.locator('[data-invitation-link]').inputValue();
    expect(link).toContain('/accept-invitation?token=');
    await screenshot(op, 'expert-pool');
    const fresh = await open(PHONE);
    await fresh.goto(link);
    await fresh.getByLabel('设置密码').fill(PASSWORD);
    await fresh.getByRole('button', { name: '接受并登录' }).click();
    await fresh.waitForURL('**/expert/assignments');
    await fresh.getByText('暂无评审任务。').waitFor();

    await op.goto(`/evaluations/${evaluation.id}`);
    const late = op.locator('li.card[data-alias="专家 03"]');
    await late.getByText('已逾期').waitFor();
    await late.getByRole('button', { name: '更换专家' }).click();
    const choice = late.getByLabel('接替 专家 03 的专家');
    await op.locator(`option[value="${conflicted.userId}"]`).waitFor({ state: 'attached' });
    await choice.selectOption(conflicted.userId);
    await late.getByRole('button', { name: '确认更换' }).click();
    await late.locator('.conflict', { hasText: '专家属于成果所属机构' }).waitFor();
    await choice.selectOption({ label: '接替专家' });
    await late.getByRole('button', { name: '确认更换' }).click();
    await op.locator('li.card[data-alias="专家 03"]').getByText('已替换').waitFor();
    await op.locator('li.card[data-alias="专家 04"]').getByText('接替专家').waitFor();
    await screenshot(op, 'evaluation-replaced');
    // The new expert finds the assignment.
    await fresh.reload();
    await fresh.getByRole('link', { name: `风洞天平自动校准系统 ${suffix}` }).waitFor();

    // Its review is far from the others: flagged; the operator sends it back with a reason, for a new round.
    const freshSession = await identity.login(freshEmail);
    await evaluations.reviewedBy([freshSession], evaluation.id, [reviewBody(10)]);
    await op.reload();
    await op.locator('article[data-evaluation-status="flagged"]').waitFor();
    await op.getByRole('button', { name: '退回重评' }).click();
    await op.getByLabel(/退回重评 · 理由/).fill('专家意见分歧过大，请重新组建专家组');
    await op.getByRole('button', { name: '确认', exact: true }).click();
    await op.locator('article[data-evaluation-status="requested"]').waitFor();
    await op.getByText('专家意见分歧过大，请重新组建专家组').waitFor();
    await op.getByRole('heading', { name: '组建专家组' }).waitFor();

    // Round 2 (panel through the API): the invited expert reviews with the keyboard alone.
    const others = await evaluations.experts(operator, 2);
    await evaluations.assigned(operator, evaluation.id, [freshSession, ...others]);
    const mine = await request(system.http).get('/api/v1/assignments').query({ pageSize: 100 }).set(freshSession.auth).expect(200);
    const second = mine.body.items.find((a: { evaluationId: string; status: string }) => a.evaluationId === evaluation.id && a.status === 'assigned');
    const reviewer = await open();
    await login(reviewer, freshEmail, `/expert/assignments/${second.id}`);
    await reviewer.waitForURL(`**/expert/assignments/${second.id}`);
    await reviewer.getByLabel('技术先进性得分（0–100）').waitFor();
    const stops: FocusStop[] = await tabTo(reviewer, 'scores.technicalAdvancement.score', 60);
    for (const [i, c] of ['技术先进性', '技术成熟度', '知识产权强度', '市场前景', '军民两用价值'].entries()) {
      if (i > 0) await reviewer.keyboard.press('Tab');
      expect((await focused(reviewer)).label).toMatch(new RegExp(`^${c}得分`));
      await reviewer.keyboard.type('78');
      await reviewer.keyboard.press('Tab');
      expect((await focused(reviewer)).label).toMatch(new RegExp(`^${c}评语`));
      await reviewer.keyboard.type(`${c}：复核测试数据后评定。`);
    }
    const reviewSteps: [name: string, label: RegExp, act?: () => Promise<void>][] = [
      ['valuation.low', /^估值下限/, () => reviewer.keyboard.type('1100000.00')],
      ['valuation.high', /^估值上限/, () => reviewer.keyboard.type('1400000.00')],
      ['method', /成本法/],
      ['valuation.basis', /^估值依据/, () => reviewer.keyboard.type('成本法：研制投入与成新率。')],
      ['final', /提交后不可修改/, () => reviewer.keyboard.press('Space')],
      ['button', /^提交评审意见$/],
    ];
    for (const [name, label, act] of reviewSteps) {
      stops.push(...(await tabTo(reviewer, name)));
      const at = await focused(reviewer);
      expect({ name: at.name, label: at.label }).toEqual({ name, label: expect.stringMatching(label) });
      await act?.();
    }
    for (const stop of stops) expect(stop).toEqual({ ...stop, label: expect.stringMatching(/\S/) });
    await reviewer.keyboard.press('Enter');
    await reviewer.getByText(/评审意见已于 .* 提交，提交后不可修改/).waitFor();
    await evaluations.reviewedBy(others, evaluation.id);

    // The operator, on a phone, reads each round's reviews: the current round first, the earlier one a tab away.
    const opPhone = await open(PHONE);
    await login(opPhone, operator.email, `/evaluations/${evaluation.id}`);
    await opPhone.locator('article[data-evaluation-status="published"]').waitFor();
    const rounds = opPhone.getByRole('tablist', { name: '评审轮次' });
    await rounds.getByRole('tab', { name: '第 2 轮（本轮）', selected: true }).waitFor();
    const reviews = opPhone.locator('section[aria-labelledby="reviews-heading"]');
    await reviews.locator('[data-review="专家 05"]').waitFor();
    expect(await reviews.locator('[data-review]').count()).toBe(3);
    expect(await reviews.locator('[data-review="专家 01"]').count()).toBe(0);
    await rounds.getByRole('tab', { name: '第 1 轮' }).click();
    await reviews.locator('[data-review="专家 01"]').waitFor();
    await reviews.locator('[data-review="专家 04"]').getByText('接替专家').waitFor();
    expect(await reviews.locator('[data-review="专家 05"]').count()).toBe(0);
    const overflow = () => opPhone.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(await overflow()).toBe(0);
    await screenshot(opPhone, 'evaluation-rounds-phone');
    await opPhone.goto('/admin/evaluations?status=published');
    await opPhone.locator('main h1').waitFor();
    expect(await overflow()).toBe(0);
  });

  it('posts a demand, ranks listings for it with explanations, expresses interest from a match, and lets operators hide and restore it', async () => {
    await listings.eventually(
      () => listings.search({ q: suffix }),
      (r: { hits: { listing: { id: string } }[] }) => r.hits.some((h) => h.listing.id === listingId),
    );
    const demandTitle = `高超声速风洞气动测试技术引进 ${suffix}`;

    // The enterprise posts a demand with the keyboard alone: Tab from the top, each stop announced with its
    // label, selects chosen with the arrows, the date typed in its parts, Enter on the button.
    const ent = await open();
    await login(ent, enterprise.email, '/my/demands/new');
    await ent.getByLabel('需求名称').waitFor();
    const [year, month, day] = chinaDateIn(365).split('-');
    const typed = (text: string) => () => ent.keyboard.type(text);
    const met: FocusStop[] = await tabTo(ent, 'title');
    const steps: [name: string, label: RegExp, act?: () => Promise<void>][] = [
      ['title', /^需求名称/, typed(demandTitle)],
      ['description', /^需求描述/, typed('我公司从事高速列车外形设计，需要风洞气动力测试与测力天平技术，要求 TRL 5 以上。')],
      ['field', /^技术领域/, () => arrowToOption(ent, 'aerodynamics')],
      ['minTrl', /^最低技术就绪度（TRL）/],
      ['direction', /军转民/],
      ['ipcCodes', /^IPC 分类号（可选）/, typed('G01M 9/06, XYZ')],
      ['budget', /^预算（元）/, typed('2000000.00')],
      ['deadline', /^截止日期/, typed(`${month}${day}${year}`)],
      ['visibility', /公开/],
      ['button', /^发布$/],
    ];
    for (const [name, label, act] of steps) {
      met.push(...(await tabTo(ent, name)));
      const at = await focused(ent);
      expect({ name: at.name, label: at.label }).toEqual({ name, label: expect.stringMatching(label) });
      await act?.();
    }
    for (const stop of met) expect(stop).toEqual({ ...stop, label: expect.stringMatching(/\S/) });
    expect(await ent.getByLabel('截止日期').inputValue()).toBe(chinaDateIn(365));
    // The API's 400 for the malformed IPC code appears under that field; back there with Shift+Tab, corrected, sent again.
    await ent.keyboard.press('Enter');
    await ent.locator('[data-field="ipcCodes"] .field-error').waitFor();
    await screenshot(ent, 'demand-form-errors');
    await tabTo(ent, 'ipcCodes', 20, 'Shift+Tab');
    await ent.keyboard.press('ControlOrMeta+A');
    await ent.keyboard.type('G01M 9/06');
    await ent.keyboard.press('Enter');
    await ent.waitForURL(/\/demands\/[0-9a-f-]{36}$/);
    const demandId = ent.url().split('/').pop()!;

    // Its ranked matches: the listing, with a score and the explanation.
    const match = ent.locator(`li.match[data-listing="${listingId}"]`);
    await match.waitFor();
    expect(await match.locator('.explanation').textContent()).toMatch(/\S/);
    expect(await match.locator('.score').textContent()).toMatch(/^\d+%$/);
    await match.getByText('匹配依据').click();
    await match.locator('.reason').first().waitFor();
    await screenshot(ent, 'demand-matches');
    await match.getByRole('button', { name: '表达合作意向' }).click();
    await match.getByLabel('给所有方的留言').fill('贵所的风洞测试技术与我司需求高度匹配，希望进一步洽谈。');
    await match.getByRole('button', { name: '发送意向' }).click();
    await ent.waitForURL('**/my/interests?role=buyer');
    await ent.getByText(listingTitle).first().waitFor();
    const interests = await request(system.http).get('/api/v1/interests').query({ role: 'buyer' }).set(enterprise.auth).expect(200);
    expect(interests.body.items.find((i: { listingId: string }) => i.listingId === listingId)).toMatchObject({ demandRef: demandId, matchRef: expect.any(String) });

    // The enterprise edits it: the budget becomes negotiable.
    await ent.goto(`/my/demands/${demandId}/edit`);
    await ent.getByLabel('面议').check();
    await ent.getByRole('button', { name: '保存修改' }).click();
    await ent.waitForURL(`**/demands/${demandId}`);
    await ent.locator('dd', { hasText: '面议' }).first().waitFor();

    // The listing's owner sees the demand among the listing's matches.
    const owner = await open();
    await login(owner, institute.email, `/listings/${listingId}`);
    await owner.getByRole('button', { name: '查找匹配需求' }).click();
    await owner.locator(`li.match[data-demand="${demandId}"] .explanation`).waitFor();

    // A visitor on a phone finds it among the public demands.
    await listings.eventually(
      () => request(system.http).get('/api/v1/demands').query({ q: suffix }).then((r) => r.body.hits.map((h: { id: string }) => h.id)),
      (ids: string[]) => ids.includes(demandId),
    );
    const visitor = await open(PHONE);
    await visitor.goto('/demands');
    await visitor.getByLabel('关键词').fill(suffix);
    await visitor.getByLabel('关键词').press('Enter');
    await visitor.locator(`li.card[data-demand="${demandId}"]`).waitFor();
    await screenshot(visitor, 'demands-phone');

    // The operator hides it with a reason, then restores it.
    const op = await open();
    await login(op, operator.email, '/admin/demands?status=open');
    const card = op.locator(`li.card[data-demand="${demandId}"]`);
    await card.getByRole('button', { name: '屏蔽' }).click();
    await card.getByLabel(/理由/).fill('需求描述含未公开的装备指标');
    await card.getByRole('button', { name: '确认' }).click();
    await card.waitFor({ state: 'detached' });
    await op.getByRole('tab', { name: '已屏蔽' }).click();
    await card.getByText('需求描述含未公开的装备指标').waitFor();
    await card.getByRole('button', { name: '恢复' }).click();
    await card.getByRole('button', { name: '确认' }).click();
    await card.waitFor({ state: 'detached' });
    const restored = await request(system.http).get(`/api/v1/demands/${demandId}`).set(enterprise.auth).expect(200);
    expect(restored.body.status).toBe('open');

    // Its owner closes it (a reason is optional).
    await ent.goto('/my/demands?status=open');
    await ent.locator(`li.card[data-demand="${demandId}"]`).getByRole('link', { name: demandTitle }).click();
    await ent.getByRole('button', { name: '关闭需求' }).click();
    await ent.getByLabel(/理由/).fill('已找到供方');
    await ent.getByRole('button', { name: '确认' }).click();
    await ent.getByText('已关闭').first().waitFor();
    expect(await ent.getByRole('link', { name: '修改' }).count()).toBe(0);
  });

  it('lets the owner write the restricted dossier and allow an organisation, which accepts the NDA and opens it, as does a colleague it invites', async () => {
    const secret = `风洞试验段详细参数与天平标定数据 ${suffix}`;
    const owner = await open();
    await login(owner, institute.email, `/listings/${listingId}`);
    await owner.getByLabel('技术档案内容').fill(secret);
    await owner.getByRole('button', { name: '保存技术档案' }).click();
    await owner.getByText(/^已于 .* 保存。$/).waitFor();
    // The enterprise that expressed interest from its demand's match is offered by name, not by id.
    await owner.locator(`li.grant-row[data-organisation="${enterprise.organisationId}"]`).getByText('绵阳测试科技有限公司').waitFor();

    // Another organisation: the NDA first, then the owner's permission.
    const ent = await open();
    await login(ent, enterprise.email, `/listings/${listingId}`);
    await ent.getByRole('button', { name: '查看技术档案' }).click();
    await ent.getByText('请先接受该成果的保密协议。').waitFor();
    await ent.getByLabel('我代表本机构同意上述保密协议').focus();
    await ent.keyboard.press('Space');
    await ent.getByRole('button', { name: '接受保密协议' }).click();
    await ent.getByText(/本机构已于 .* 接受保密协议。/).waitFor();
    await ent.getByRole('button', { name: '查看技术档案' }).click();
    await ent.getByText('成果方尚未授权贵机构查阅技术档案，可先表达合作意向。').waitFor();

    // The enterprise tells the owner its organisation id, shown on its organisation page.
    await ent.goto('/my/organisation');
    const orgId = (await ent.locator('[data-organisation-id]').textContent())!.trim();
    expect(orgId).toBe(enterprise.organisationId);
    // The owner sees the enterprise, by name, among those that accepted the NDA, not yet allowed.
    await owner.reload();
    const accessRow = owner.getByTestId('dossier-access').locator(`tr[data-organisation="${orgId}"]`);
    await accessRow.getByText('绵阳测试科技有限公司').waitFor();
    expect(await accessRow.getAttribute('data-may-open')).toBe('false');
    await owner.getByLabel('机构编号').fill(orgId);
    await owner.locator('form.inline-form').getByRole('button', { name: '授权查阅' }).click();
    await owner.getByText(`已授权机构 ${enterprise.organisationId} 查阅。`).waitFor();
    await owner.getByTestId('dossier-access').locator(`tr[data-organisation="${orgId}"][data-may-open="true"]`).getByRole('button', { name: '撤回授权' }).waitFor();
    await owner.getByTestId('dossier-access').scrollIntoViewIfNeeded();
    await screenshot(owner, 'dossier-access');

    await ent.goto(`/listings/${listingId}`);
    await ent.getByRole('button', { name: '查看技术档案' }).click();
    await ent.getByText(secret).waitFor();
    await ent.getByText('ZL201710601862.3').first().waitFor();
    await screenshot(ent, 'dossier-opened');

    // The NDA and the permission are the organisation's: a colleague the enterprise's admin invites opens it too.
    await ent.goto('/my/organisation');
    const colleagueEmail = `colleague.${suffix}@example.cn`;
    await ent.getByLabel('同事的电子邮箱').fill(colleagueEmail);
    await ent.getByLabel('同事姓名（可选）').fill('王工程师');
    await ent.getByRole('button', { name: '发送邀请' }).click();
    const link = await ent.locator('[data-invitation-link]').inputValue();
    await ent.getByText(colleagueEmail).first().waitFor();
    const colleague = await open();
    await colleague.goto(link);
    await colleague.getByLabel('设置密码').fill(PASSWORD);
    await colleague.getByRole('button', { name: '接受并登录' }).click();
    await colleague.waitForURL('**/my/listings');
    await colleague.goto(`/listings/${listingId}`);
    await colleague.getByRole('button', { name: '查看技术档案' }).click();
    await colleague.getByText(secret).waitFor();
  });

  it('lets a rejected organisation’s admin correct it and resubmit it for verification', async () => {
    const rejected = await identity.member('enterprise');
    await request(system.http).post(`/api/v1/admin/organisations/${rejected.organisationId}/reject`).set(operator.auth).send({ reason: '机构名称与营业执照不一致' }).expect(200);
    const admin = await open(PHONE);
    await login(admin, rejected.email, '/my/organisation');
    await admin.getByText('机构名称与营业执照不一致').waitFor();
    await admin.getByLabel('机构名称').fill(`绵阳测试科技股份有限公司 ${suffix}`);
    await admin.getByRole('button', { name: '重新提交核验' }).click();
    await admin.getByText('待核验').first().waitFor();
    expect(await admin.getByRole('button', { name: '重新提交核验' }).count()).toBe(0);
  });

  it('shows operators the annual report by organisation, with its CSV', async () => {
    const op = await open();
    await login(op, operator.email, '/reports');
    const row = op.locator(`tr[data-organisation="${institute.organisationId}"]`);
    await row.waitFor();
    expect(Number(await row.locator('td').nth(2).textContent())).toBeGreaterThanOrEqual(1);
    await screenshot(op, 'report-organisations');
    const [download] = await Promise.all([op.waitForEvent('download'), op.getByRole('button', { name: '下载机构明细 CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^annual-report-organisations-\d{4}\.csv$/);
  });
});
