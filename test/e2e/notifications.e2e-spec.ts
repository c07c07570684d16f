import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { NotificationPatterns, NotificationRequest, StoredNotification } from '@lib/contracts';
import { ServiceClient } from '@lib/messaging';
import { DELIVERY_CHANNELS, DeliveryChannel } from '../../apps/worker/src/notifications/delivery-channel';
import { until } from '../support/app-process';
import { withTestDatabase } from '../support/database';
import { Session } from '../support/identity';
import { NegotiationsApi } from '../support/negotiations';
import { Scenario, startScenario } from '../support/scenario';

/**
 * Notifications end to end: a service publishes `notifications.requested`; the worker queues it
 * (job id from the key), expands recipient organisations into their users with identity, stores one
 * inbox entry per user in matching, and hands the entries to every delivery channel; each user reads
 * and marks only their own inbox through the gateway.
 */
describe('notifications: request → worker → inbox → delivery channels', () => {
  let { system, identity, operator } = {} as Scenario;
  let loop: NegotiationsApi;
  let admin: Session;
  let colleague: Session;
  let outsider: Session;

  const publish = (request: NotificationRequest) => system.gateway.get(ServiceClient).publish(NotificationPatterns.requested, request);
  const requestFor = (overrides: Partial<NotificationRequest> = {}): NotificationRequest => ({
    key: `test.notice:${randomUUID()}`,
    kind: 'test.notice',
    recipientOrganisationIds: [admin.organisationId!],
    recipientUserIds: [operator.userId],
    title: '测试通知',
    body: '通知正文',
    subject: { type: 'listing', id: randomUUID() },
    ...overrides,
  });
  const inbox = (session: Session, query: Record<string, string | number | boolean> = {}) =>
    request(system.http).get('/api/v1/notifications').query({ pageSize: 100, ...query }).set(session.auth).expect(200).then((r) => r.body);
  const entriesOf = (key: string) =>
    withTestDatabase(async (db) => (await db.query(`SELECT recipient_user_id FROM matching.notifications WHERE request_key = $1 ORDER BY recipient_user_id`, [key])).rows.map((r) => r.recipient_user_id as string));

  beforeAll(async () => {
    ({ system, identity, operator } = await startScenario(['identity', 'matching', 'worker']));
    loop = new NegotiationsApi(system);
    admin = await identity.verifiedMember(operator, 'enterprise');
    colleague = await loop.colleague(identity, admin);
    outsider = await identity.verifiedMember(operator, 'institute');
  });
  afterAll(() => system?.stop());

  it('stores one entry for every user of the recipient organisations and every named user, nobody else', async () => {
    const notice = requestFor();
    await publish(notice);
    const expected = [admin.userId, colleague.userId, operator.userId].sort();
    expect(await until(() => entriesOf(notice.key), (users) => users.length >= 3, 15_000)).toEqual(expected);

    const page = await inbox(colleague);
    const entry = page.items.find((n: { kind: string; title: string }) => n.title === notice.title && n.kind === notice.kind);
    expect(entry).toEqual({
      id: expect.any(String),
      kind: 'test.notice',
      title: '测试通知',
      body: '通知正文',
      subject: notice.subject,
      createdAt: expect.any(String),
      readAt: null,
    });
    expect((await inbox(outsider)).total).toBe(0);
  });

  it('stores a request once however often it is published (the key is the job id and the inbox key)', async () => {
    const notice = requestFor({ key: `trade.signed:${randomUUID()}` });
    await publish(notice);
    await publish(notice);
    await publish({ ...notice, title: '同一个键，不同的标题' });
    await until(() => entriesOf(notice.key), (users) => users.length >= 3, 15_000);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await entriesOf(notice.key)).toHaveLength(3);
    const titles = (await inbox(admin)).items.filter((n: { subject: { id: string } }) => n.subject.id === notice.subject.id).map((n: { title: string }) => n.title);
    expect(titles).toEqual(['测试通知']);
  });

  it('sends a request for the operators to every operator, looked up at delivery, and to no member', async () => {
    const notice = requestFor({ recipientOrganisationIds: [], recipientUserIds: [], recipientOperators: true });
    await publish(notice);
    const operators = await withTestDatabase(async (db) => (await db.query(`SELECT id FROM identity.users WHERE role = 'operator' ORDER BY id`)).rows.map((r) => r.id as string));
    expect(operators).toContain(operator.userId);
    expect(await until(() => entriesOf(notice.key), (users) => users.length >= operators.length, 15_000)).toEqual(operators);
    expect((await inbox(admin)).items.map((n: { subject: { id: string } }) => n.subject.id)).not.toContain(notice.subject.id);
  });

  it('lets each user read and mark only their own notifications', async () => {
    const notice = requestFor({ recipientOrganisationIds: [outsider.organisationId!], recipientUserIds: [] });
    await publish(notice);
    await until(() => entriesOf(notice.key), (users) => users.length >= 1, 15_000);
    const theirs = (await inbox(outsider)).items.find((n: { subject: { id: string } }) => n.subject.id === notice.subject.id);

    // Another user cannot mark it (it does not exist for them), and does not see it.
    const refused = await request(system.http).post(`/api/v1/notifications/${theirs.id}/read`).set(admin.auth).expect(404);
    expect(refused.body.error.code).toBe('NOTIFICATION.NOT_FOUND');
    expect((await inbox(admin)).items.map((n: { id: string }) => n.id)).not.toContain(theirs.id);
    expect((await inbox(outsider)).items.find((n: { id: string }) => n.id === theirs.id).readAt).toBeNull();

    // Their own: read once, and reading again changes nothing.
    const read = await request(system.http).post(`/api/v1/notifications/${theirs.id}/read`).set(outsider.auth).expect(200);
    expect(read.body.readAt).toEqual(expect.any(String));
    const again = await request(system.http).post(`/api/v1/notifications/${theirs.id}/read`).set(outsider.auth).expect(200);
    expect(again.body.readAt).toBe(read.body.readAt);
    // Nobody (even an operator) reads another's inbox; an anonymous caller is refused.
    await request(system.http).post(`/api/v1/notifications/${theirs.id}/read`).set(operator.auth).expect(404);
    await request(system.http).get('/api/v1/notifications').expect(401);
  });

  it('filters unread, counts them, and marks all read', async () => {
    const first = requestFor({ recipientOrganisationIds: [], recipientUserIds: [colleague.userId] });
    const second = requestFor({ recipientOrganisationIds: [], recipientUserIds: [colleague.userId] });
    await publish(first);
    await publish(second);
    await until(async () => [...(await entriesOf(first.key)), ...(await entriesOf(second.key))], (users) => users.length >= 2, 15_000);

    const before = await inbox(colleague);
    expect(before.unreadCount).toBe(before.items.filter((n: { readAt: string | null }) => n.readAt === null).length);
    const one = before.items.find((n: { subject: { id: string } }) => n.subject.id === first.subject.id);
    await request(system.http).post(`/api/v1/notifications/${one.id}/read`).set(colleague.auth).expect(200);
    const unread = await inbox(colleague, { unread: true });
    expect(unread.items.map((n: { id: string }) => n.id)).not.toContain(one.id);
    expect(unread.unreadCount).toBe(before.unreadCount - 1);
    expect(unread.total).toBe(unread.unreadCount);
    expect((await inbox(colleague, { unread: false })).items.map((n: { id: string }) => n.id)).toEqual([one.id]);

    const marked = await request(system.http).post('/api/v1/notifications/read-all').set(colleague.auth).expect(200);
    expect(marked.body).toEqual({ marked: before.unreadCount - 1 });
    expect(await inbox(colleague, { unread: true })).toMatchObject({ items: [], total: 0, unreadCount: 0 });
    // Only the caller's: the admin of the same organisation still has unread ones.
    expect((await inbox(admin)).unreadCount).toBeGreaterThan(0);
    // Newest first, paged.
    const paged = await request(system.http).get('/api/v1/notifications').query({ pageSize: 1, page: 2 }).set(colleague.auth).expect(200);
    expect(paged.body).toMatchObject({ page: 2, pageSize: 1, total: before.total, items: [{ id: before.items[1].id }] });
  });

  it('hands entries to every delivery channel; a channel that fails retries the job without a second inbox entry or a second in-app delivery', async () => {
    const worker = system.services.get('worker')!;
    const channels = worker.get<DeliveryChannel[]>(DELIVERY_CHANNELS);
    const inApp = channels.find((c) => c.name === 'in-app')!;
    const inAppDeliveries: string[] = [];
    const originalDeliver = inApp.deliver.bind(inApp);
    inApp.deliver = async (entries: StoredNotification[]) => {
      inAppDeliveries.push(...entries.map((e) => e.id));
      return originalDeliver(entries);
    };
    let failures = 1;
    const sent: StoredNotification[] = [];
    const sms: DeliveryChannel = {
      name: 'test-sms',
      async deliver(entries) {
        if (failures-- > 0) throw new Error('SMS gateway down');
        sent.push(...entries);
      },
    };
    channels.push(sms);
    try {
      const notice = requestFor({ recipientOrganisationIds: [admin.organisationId!], recipientUserIds: [] });
      await publish(notice);
      await until(async () => sent.length, (n) => n >= 2, 20_000);
      const stored = await entriesOf(notice.key);
      expect(stored).toEqual([admin.userId, colleague.userId].sort());
      expect(sent.map((e) => e.recipientUserId).sort()).toEqual(stored);
      expect(sent.every((e) => e.kind === 'test.notice' && e.subject.id === notice.subject.id)).toBe(true);
      // In-app delivered on the first attempt and not again on the retry.
      expect(inAppDeliveries.filter((id) => sent.some((e) => e.id === id))).toHaveLength(2);
    } finally {
      channels.splice(channels.indexOf(sms), 1);
      inApp.deliver = originalDeliver;
    }
  });

  it('drops a malformed request without harm, and goes on delivering', async () => {
    await system.gateway.get(ServiceClient).publish(NotificationPatterns.requested, { key: '', kind: 'x', recipientUserIds: ['not-a-uuid'] });
    const notice = requestFor({ recipientOrganisationIds: [], recipientUserIds: [outsider.userId] });
    await publish(notice);
    expect(await until(() => entriesOf(notice.key), (users) => users.length >= 1, 15_000)).toEqual([outsider.userId]);
    expect(await withTestDatabase(async (db) => Number((await db.query(`SELECT count(*) FROM matching.notifications WHERE request_key = ''`)).rows[0].count))).toBe(0);
  });
});
