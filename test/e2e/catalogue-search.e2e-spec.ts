import request from 'supertest';
import { IdentityApi, Session } from '../support/identity';
import { ListingsApi } from '../support/listings';
import { TestSystem } from '../support/system';

/**
 * GET /api/v1/catalogue against real Meilisearch: full text in Chinese and English, highlights,
 * every filter, facet counts, sorting, stable pages, and only ever published listings. Every
 * expectation is computed by the test from what it published, and compared as exact id sets.
 */

type Owner = 'instA' | 'instB' | 'ent';

interface Spec {
  title: string;
  summary: string;
  field: string;
  direction: 'mil_to_civ' | 'civ_to_mil';
  trl: number;
  ipcCodes: string[];
  modes: string[];
  /** Asking price in fen; null is negotiable. */
  priceFen: number | null;
  owner: Owner;
}

interface Published extends Spec {
  id: string;
  publishedAtMs: number;
}

const DUAL = '（军民两用）';
const HTML_TITLE = '<b>耐高温</b>陶瓷基复合材料 <script>alert(1)</script>';
// Owners' text may contain the private-use characters the gateway uses internally as highlight markers.
const PUA_TITLE = 'Spectral \uE000 calibrator \uE001 bench';

const RAW_SPECS: Spec[] = [
  { title: '高超声速风洞气动测试技术', summary: '基于脉冲风洞的高超声速飞行器气动力与热环境测试方法，适用于 hypersonic wind tunnel testing。', field: 'aerodynamics', direction: 'mil_to_civ', trl: 6, ipcCodes: ['G01M 9/06'], modes: ['transfer', 'non_exclusive_licence'], priceFen: 125_000_000, owner: 'instA' },
  { title: '低速回流式试验段流场校测系统', summary: '面向低速风洞的流场品质校测装置与数据处理软件。', field: 'aerodynamics', direction: 'mil_to_civ', trl: 4, ipcCodes: ['G01M 9/02'], modes: ['exclusive_licence'], priceFen: 38_000_050, owner: 'instB' },
  { title: '高功率光纤激光器', summary: '万瓦级连续光纤激光器，用于金属切割与焊接。', field: 'lasers_optics', direction: 'mil_to_civ', trl: 8, ipcCodes: ['H01S 3/067'], modes: ['transfer'], priceFen: 260_000_000, owner: 'instA' },
  { title: '激光熔覆修复技术', summary: '航空零件表面激光熔覆再制造工艺。', field: 'advanced_manufacturing', direction: 'civ_to_mil', trl: 7, ipcCodes: ['B23K 26/34', 'C23C 24/10'], modes: ['joint_development', 'non_exclusive_licence'], priceFen: null, owner: 'ent' },
  { title: 'Ceramic matrix composite turbine shroud', summary: 'High-temperature ceramic composite shroud for gas turbines.', field: 'aero_engines_gas_turbines', direction: 'mil_to_civ', trl: 5, ipcCodes: ['F01D 11/08'], modes: ['exclusive_licence', 'equity_investment'], priceFen: 99_999_999, owner: 'instB' },
  { title: 'Single-crystal turbine blade casting', summary: 'Directional solidification process for aero-engine blades.', field: 'aero_engines_gas_turbines', direction: 'mil_to_civ', trl: 9, ipcCodes: ['F01D 5/28', 'B22D 27/04'], modes: ['transfer'], priceFen: 480_000_000, owner: 'instA' },
  { title: '小型涡扇发动机燃烧室', summary: '紧凑型环形燃烧室设计，适用于小型飞行器动力。', field: 'aero_engines_gas_turbines', direction: 'mil_to_civ', trl: 3, ipcCodes: ['F23R 3/00'], modes: ['joint_development'], priceFen: null, owner: 'instB' },
  { title: '北斗高精度定位模块', summary: '支持 RTK 的北斗双频定位模块。', field: 'navigation_remote_sensing', direction: 'civ_to_mil', trl: 9, ipcCodes: ['G01S 19/43'], modes: ['transfer', 'non_exclusive_licence'], priceFen: 1_500_000, owner: 'ent' },
  { title: '合成孔径雷达成像处理软件', summary: 'Synthetic aperture radar imaging software with motion compensation.', field: 'navigation_remote_sensing', direction: 'mil_to_civ', trl: 6, ipcCodes: ['G01S 13/90', 'G01S 7/295'], modes: ['non_exclusive_licence'], priceFen: 72_000_000, owner: 'instA' },
  { title: '激光雷达点云目标识别', summary: '车载与机载激光雷达三维点云的目标检测算法。', field: 'navigation_remote_sensing', direction: 'civ_to_mil', trl: 5, ipcCodes: ['G01S 7/48', 'G06V 20/64'], modes: ['exclusive_licence', 'joint_development'], priceFen: 54_000_000, owner: 'ent' },
  { title: '固定翼无人机自主起降系统', summary: 'Autonomous take-off and landing for fixed-wing aircraft.', field: 'unmanned_systems', direction: 'mil_to_civ', trl: 7, ipcCodes: ['G05D 1/10'], modes: ['transfer'], priceFen: 310_000_000, owner: 'instB' },
  { title: '多旋翼无人机集群控制', summary: '分布式编队控制与协同任务分配。', field: 'unmanned_systems', direction: 'civ_to_mil', trl: 4, ipcCodes: ['G05D 1/00'], modes: ['joint_development', 'equity_investment'], priceFen: 20_000_000, owner: 'ent' },
  { title: '核辐射剂量在线监测仪', summary: 'Online radiation dose monitor for nuclear facilities.', field: 'nuclear', direction: 'mil_to_civ', trl: 8, ipcCodes: ['G01T 1/02'], modes: ['transfer', 'exclusive_licence'], priceFen: 8_800_000, owner: 'instA' },
  { title: '放射性废物固化处理工艺', summary: '中低放废物水泥固化配方与工艺。', field: 'nuclear', direction: 'mil_to_civ', trl: 2, ipcCodes: ['G21F 9/16'], modes: ['joint_development'], priceFen: null, owner: 'instB' },
  { title: '高能量密度锂电池热管理', summary: 'Thermal management for high energy density lithium batteries.', field: 'energy_power', direction: 'civ_to_mil', trl: 6, ipcCodes: ['H01M 10/613'], modes: ['non_exclusive_licence', 'equity_investment'], priceFen: 45_000_000, owner: 'ent' },
  { title: '微型燃气轮机发电机组', summary: '100 kW micro gas turbine generator set for distributed power.', field: 'energy_power', direction: 'mil_to_civ', trl: 7, ipcCodes: ['F02C 6/00'], modes: ['transfer'], priceFen: 150_000_000, owner: 'instA' },
  { title: '钛合金增材制造工艺', summary: '电子束熔丝增材制造大型钛合金构件。', field: 'advanced_manufacturing', direction: 'mil_to_civ', trl: 5, ipcCodes: ['B22F 10/25', 'B33Y'], modes: ['exclusive_licence'], priceFen: 66_600_000, owner: 'instB' },
  { title: '五轴数控加工中心误差补偿', summary: '五轴机床几何误差建模与实时补偿。', field: 'advanced_manufacturing', direction: 'civ_to_mil', trl: 8, ipcCodes: ['B23Q 15/00'], modes: ['transfer', 'non_exclusive_licence'], priceFen: 12_345_678, owner: 'ent' },
  { title: '碳纤维复合材料自动铺放', summary: 'Automated fibre placement for carbon fibre composites.', field: 'new_materials', direction: 'mil_to_civ', trl: 6, ipcCodes: ['B29C 70/38'], modes: ['joint_development'], priceFen: 88_000_000, owner: 'instA' },
  { title: '宽频吸波涂层材料', summary: '宽频雷达吸波涂层配方与喷涂工艺。', field: 'new_materials', direction: 'mil_to_civ', trl: 7, ipcCodes: ['C09D 5/32'], modes: ['exclusive_licence'], priceFen: null, owner: 'instB' },
  { title: '战伤急救止血材料', summary: '壳聚糖基快速止血敷料。', field: 'biomedicine', direction: 'mil_to_civ', trl: 9, ipcCodes: ['A61L 15/28'], modes: ['transfer', 'equity_investment'], priceFen: 3_000_000, owner: 'instA' },
  { title: '高原低氧适应药物', summary: '提高高原环境下人体耐缺氧能力的复方制剂。', field: 'biomedicine', direction: 'mil_to_civ', trl: 3, ipcCodes: ['A61K 36/00', 'A61P 7/00'], modes: ['joint_development'], priceFen: 18_000_000, owner: 'instB' },
  { title: '抗干扰短波通信电台', summary: 'Frequency-hopping HF radio with anti-jamming.', field: 'electronic_information', direction: 'civ_to_mil', trl: 8, ipcCodes: ['H04B 1/713'], modes: ['transfer'], priceFen: 27_500_000, owner: 'ent' },
  { title: '嵌入式安全实时操作系统', summary: '面向嵌入式装备的安全实时操作系统。', field: 'electronic_information', direction: 'mil_to_civ', trl: 7, ipcCodes: ['G06F 21/57'], modes: ['non_exclusive_licence'], priceFen: null, owner: 'instA' },
  { title: '相控阵天线收发组件', summary: 'Ka-band T/R module for phased array antennas.', field: 'electronic_information', direction: 'mil_to_civ', trl: 6, ipcCodes: ['H01Q 3/26'], modes: ['exclusive_licence', 'transfer'], priceFen: 130_000_000, owner: 'instB' },
  { title: '特种车辆油气悬挂系统', summary: '重载特种车辆油气悬挂。', field: 'other', direction: 'civ_to_mil', trl: 5, ipcCodes: ['B60G 17/04'], modes: ['transfer'], priceFen: 9_900_000, owner: 'ent' },
  { title: '野外快速净水装置', summary: '便携式超滤净水设备。', field: 'other', direction: 'mil_to_civ', trl: 9, ipcCodes: ['C02F 1/44'], modes: ['non_exclusive_licence', 'joint_development'], priceFen: 1_200_000, owner: 'instA' },
  { title: HTML_TITLE, summary: '陶瓷基复合材料用于热端部件 <i>&amp;</i>。', field: 'new_materials', direction: 'mil_to_civ', trl: 4, ipcCodes: ['C04B 35/80'], modes: ['equity_investment'], priceFen: 56_000_000, owner: 'instB' },
  { title: '非制冷红外焦平面探测器', summary: 'Uncooled infrared focal plane detector.', field: 'lasers_optics', direction: 'civ_to_mil', trl: 7, ipcCodes: ['G01J 5/20'], modes: ['transfer', 'exclusive_licence'], priceFen: 41_000_000, owner: 'ent' },
  { title: '高速摄影测量系统', summary: '用于弹道与冲击试验的高速摄影测量。', field: 'other', direction: 'mil_to_civ', trl: 1, ipcCodes: ['G01B 11/00'], modes: ['joint_development'], priceFen: 5_000_000, owner: 'instA' },
  { title: PUA_TITLE, summary: 'Spectrometer calibration bench.', field: 'lasers_optics', direction: 'mil_to_civ', trl: 2, ipcCodes: ['G01J 3/28'], modes: ['transfer'], priceFen: 2_222_200, owner: 'instB' },
];
const SPECS: Spec[] = RAW_SPECS.map((spec, i) => ({ ...spec, summary: i % 5 === 0 ? spec.summary : `${spec.summary}${DUAL}` }));

/** Text shared by every listing that must never be found: each query word the tests use. */
const HIDDEN_TEXT = {
  title: '风洞激光 turbine hypersonic 陶瓷 隐藏',
  summary: `风洞 激光 turbine hypersonic 陶瓷 ${DUAL} 不应出现在目录中。`,
  field: 'aerodynamics',
  trl: 5,
  ipcCodes: ['G01S 7/48'],
  transactionModes: ['transfer'],
};

const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
const sortedIds = (ids: string[]) => [...ids].sort();
const idsOf = (body: { hits: { listing: { id: string } }[] }) => body.hits.map((h) => h.listing.id);

/** IPC prefixes the way BRIEF.md defines the levels: section, class, subclass, main group, full code. */
function ipcLevels(code: string): string[] {
  const levels = [code.slice(0, 1), code.slice(0, 3), code.slice(0, 4)];
  if (code.includes('/')) levels.push(code.split('/')[0], code);
  return levels;
}

function facetsOf(items: Published[]) {
  const facets: Record<string, Record<string, number>> = { field: {}, direction: {}, transactionModes: {}, trl: {}, hasEvaluation: {}, evaluationGrade: {} };
  const add = (facet: string, value: string) => (facets[facet][value] = (facets[facet][value] ?? 0) + 1);
  for (const item of items) {
    add('field', item.field);
    add('direction', item.direction);
    for (const mode of item.modes) add('transactionModes', mode);
    add('trl', String(item.trl));
    add('hasEvaluation', 'false');
  }
  return facets;
}

/** HTML escaping written independently of the gateway's. */
const escaped = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const textOf = (p: Spec) => `${p.title} ${p.summary}`.toLowerCase();

describe('catalogue search', () => {
  let system: TestSystem;
  let identity: IdentityApi;
  let listings: ListingsApi;
  let operator: Session;
  let owners: Record<Owner, Session>;
  let unverified: Session;
  let published: Published[];
  const hidden: { id: string; what: string }[] = [];

  const catalogue = (query: Record<string, string | number | boolean> = {}) => listings.search(query);
  const everything = () => catalogue({ pageSize: 100 });

  beforeAll(async () => {
    system = await TestSystem.start(['identity', 'listings', 'worker']);
    identity = new IdentityApi(system);
    listings = new ListingsApi(system);
    operator = await identity.operator();
    owners = {
      instA: await identity.verifiedMember(operator, 'institute'),
      instB: await identity.verifiedMember(operator, 'institute'),
      ent: await identity.verifiedMember(operator, 'enterprise'),
    };
    unverified = await identity.member('institute');

    // Listings that are never published, with every word the queries below look for.
    const http = system.http;
    const draft = await listings.draft(owners.instA, HIDDEN_TEXT);
    hidden.push({ id: draft.id, what: 'draft' });
    const pending = await listings.draft(owners.instB, HIDDEN_TEXT);
    await request(http).post(`/api/v1/listings/${pending.id}/submit`).set(owners.instB.auth).expect(200);
    hidden.push({ id: pending.id, what: 'pending_review' });
    const rejected = await listings.draft(owners.instA, HIDDEN_TEXT);
    await request(http).post(`/api/v1/listings/${rejected.id}/submit`).set(owners.instA.auth).expect(200);
    await request(http).post(`/api/v1/admin/listings/${rejected.id}/reject`).set(operator.auth).send({ reason: '材料不全' }).expect(200);
    hidden.push({ id: rejected.id, what: 'rejected' });
    const revised = await listings.draft(owners.instB, HIDDEN_TEXT);
    await request(http).post(`/api/v1/listings/${revised.id}/submit`).set(owners.instB.auth).expect(200);
    await request(http).post(`/api/v1/admin/listings/${revised.id}/reject`).set(operator.auth).send({ reason: '补充说明' }).expect(200);
    await request(http).patch(`/api/v1/listings/${revised.id}`).set(owners.instB.auth).send({ summary: `${HIDDEN_TEXT.summary} 已修改` }).expect(200);
    hidden.push({ id: revised.id, what: 'revised back to draft' });
    const notVerified = await listings.draft(unverified, HIDDEN_TEXT);
    await request(http).post(`/api/v1/listings/${notVerified.id}/submit`).set(unverified.auth).expect(403);
    hidden.push({ id: notVerified.id, what: 'draft of an unverified organisation' });
    const secret = await listings.draft(owners.instA, { ...HIDDEN_TEXT, secrecyLevel: 'secret', declassification: null });
    await request(http).post(`/api/v1/listings/${secret.id}/submit`).set(owners.instA.auth).expect(422);
    hidden.push({ id: secret.id, what: 'secret draft without declassification' });
    const suspended = await listings.published(owners.instB, operator, HIDDEN_TEXT);
    await request(http).post(`/api/v1/admin/listings/${suspended.id}/suspend`).set(operator.auth).send({ reason: '核查中' }).expect(200);
    hidden.push({ id: suspended.id, what: 'suspended' });
    const withdrawn = await listings.published(owners.instA, operator, HIDDEN_TEXT);
    await request(http).post(`/api/v1/listings/${withdrawn.id}/withdraw`).set(owners.instA.auth).send({}).expect(200);
    hidden.push({ id: withdrawn.id, what: 'withdrawn' });

    published = [];
    for (const spec of SPECS) {
      const view = await listings.published(owners[spec.owner], operator, {
        title: spec.title,
        summary: spec.summary,
        field: spec.field,
        direction: spec.direction,
        trl: spec.trl,
        ipcCodes: spec.ipcCodes,
        transactionModes: spec.modes,
        askingPrice: spec.priceFen === null ? null : yuan(spec.priceFen),
      });
      expect(view.status).toBe('published');
      published.push({ ...spec, id: view.id, publishedAtMs: Date.parse(view.publishedAt) });
    }
    const expected = sortedIds(published.map((p) => p.id));
    await listings.eventually(everything, (r) => JSON.stringify(sortedIds(idsOf(r))) === JSON.stringify(expected), 30_000);
  }, 120_000);
  afterAll(() => system?.stop());

  /** Runs a catalogue query and checks it returns exactly `expected`, with facet counts computed from them. */
  async function expectExactly(query: Record<string, string | number | boolean> | string, expected: Published[]) {
    const response =
      typeof query === 'string'
        ? await request(system.http).get(`/api/v1/catalogue?pageSize=100&${query}`).expect(200)
        : await request(system.http).get('/api/v1/catalogue').query({ pageSize: 100, ...query }).expect(200);
    const body = response.body;
    expect({ query, ids: sortedIds(idsOf(body)) }).toEqual({ query, ids: sortedIds(expected.map((p) => p.id)) });
    expect(body.total).toBe(expected.length);
    expect({ query, facets: body.facets }).toEqual({ query, facets: facetsOf(expected) });
    return body;
  }

  describe('full text', () => {
    it('finds Chinese words in Chinese text', async () => {
      for (const q of ['风洞', '激光', '无人机', '陶瓷']) {
        const expected = published.filter((p) => textOf(p).includes(q));
        expect(expected.length).toBeGreaterThan(0);
        await expectExactly({ q }, expected);
      }
      // The two that the brief names.
      const tunnel = await catalogue({ q: '风洞' });
      expect(tunnel.hits.map((h: { listing: { title: string } }) => h.listing.title)).toContain('高超声速风洞气动测试技术');
      const laser = await catalogue({ q: '激光' });
      expect(laser.hits.map((h: { listing: { title: string } }) => h.listing.title)).toEqual(expect.arrayContaining(['高功率光纤激光器', '激光熔覆修复技术']));
    });

    it('finds English terms, case-insensitively', async () => {
      for (const q of ['turbine', 'hypersonic', 'Radar', 'COMPOSITE']) {
        const term = q.toLowerCase();
        const expected = published.filter((p) => new RegExp(`\\b${term}`).test(textOf(p)));
        expect(expected.length).toBeGreaterThan(0);
        await expectExactly({ q }, expected);
      }
    });

    it('finds nothing for a word no listing has', async () => {
      await expectExactly({ q: '潜艇声呐' }, []);
      await expectExactly({ q: 'xylophone' }, []);
    });

    it('wraps matches in <mark> in the highlighted title and summary', async () => {
      const body = await catalogue({ q: '风洞' });
      const hit = body.hits.find((h: { listing: { title: string } }) => h.listing.title === '高超声速风洞气动测试技术');
      expect(hit.highlight.title).toBe('高超声速<mark>风洞</mark>气动测试技术');
      expect(hit.highlight.summary).toContain('<mark>风洞</mark>');
      expect(hit.highlight.summary.replace(/<\/?mark>/g, '')).toBe(hit.listing.summary);

      const english = await catalogue({ q: 'turbine' });
      for (const h of english.hits) {
        expect(`${h.highlight.title} ${h.highlight.summary}`).toMatch(/<mark>turbine/i);
      }
    });

    it('returns a title with <b> and <script> HTML-escaped, with only <mark> as markup', async () => {
      const body = await catalogue({ q: '陶瓷' });
      const item = published.find((p) => p.title === HTML_TITLE)!;
      const hit = body.hits.find((h: { listing: { id: string } }) => h.listing.id === item.id);
      expect(hit.listing.title).toBe(HTML_TITLE); // the data itself is JSON, unchanged
      const title: string = hit.highlight.title;
      expect(title).toContain('<mark>陶瓷');
      expect(title.replace(/<\/?mark>/g, '')).toBe(
        '&lt;b&gt;耐高温&lt;/b&gt;陶瓷基复合材料 &lt;script&gt;alert(1)&lt;/script&gt;',
      );
      expect(title.match(/<[^>]*>/g)!.every((tag) => tag === '<mark>' || tag === '</mark>')).toBe(true);
      expect(hit.highlight.summary).toContain('<mark>陶瓷');
      expect(hit.highlight.summary.replace(/<\/?mark>/g, '')).toBe(escaped(item.summary));
      expect(hit.highlight.summary).toContain('&lt;i&gt;&amp;amp;&lt;/i&gt;');

      // Without a query too: nothing is highlighted, everything is escaped.
      const all = await everything();
      const plain = all.hits.find((h: { listing: { id: string } }) => h.listing.id === item.id);
      expect(plain.highlight.title).toBe('&lt;b&gt;耐高温&lt;/b&gt;陶瓷基复合材料 &lt;script&gt;alert(1)&lt;/script&gt;');
    });

    // Regression (found by this suite, fixed): the gateway marks matches with the private-use characters U+E000/U+E001 and turns
    // every such character into <mark>/</mark> after escaping; listing input does not refuse them,
    // so an owner's title "Spectral \uE000 calibrator \uE001 bench" comes out of
    // GET /api/v1/catalogue?q=bench as "Spectral <mark> calibrator </mark> <mark>bench</mark>":
    // markup the owner injected, not a match.
    it('does not turn characters an owner typed into <mark> tags', async () => {
      const item = published.find((p) => p.title === PUA_TITLE)!;
      const body = await catalogue({ q: 'bench' });
      const hit = body.hits.find((h: { listing: { id: string } }) => h.listing.id === item.id);
      expect(hit.highlight.title.match(/<\/?mark>/g)).toEqual(['<mark>', '</mark>']);
      expect(hit.highlight.title).toContain('<mark>bench</mark>');
    });

    it('answers each hit with exactly the public part of the listing', async () => {
      const body = await everything();
      expect(body.hits).toHaveLength(published.length);
      for (const hit of body.hits) {
        const anonymous = await request(system.http).get(`/api/v1/listings/${hit.listing.id}`).expect(200);
        const { visibility, ...view } = anonymous.body;
        expect(visibility).toBe('public');
        expect(hit.listing).toEqual(view);
        const item = published.find((p) => p.id === hit.listing.id)!;
        // The public part replaces the highlight markers U+E000/U+E001 (see the injection test below).
        const publicText = (text: string) => text.replace(/[\uE000\uE001]/g, '\uFFFD');
        expect(hit.listing).toMatchObject({
          title: publicText(item.title),
          summary: publicText(item.summary),
          field: item.field,
          direction: item.direction,
          trl: item.trl,
          ipcCodes: item.ipcCodes,
          transactionModes: item.modes,
          askingPrice: item.priceFen === null ? null : yuan(item.priceFen),
          priceNegotiable: item.priceFen === null,
          evaluation: null,
          publishedAt: new Date(item.publishedAtMs).toISOString(),
        });
      }
    });
  });

  describe('filters and facets', () => {
    it('an unfiltered query returns every published listing with facets over all of them', async () => {
      await expectExactly({}, published);
    });

    it('filters by one field', async () => {
      for (const field of ['aerodynamics', 'nuclear', 'biomedicine', 'other']) {
        await expectExactly({ field }, published.filter((p) => p.field === field));
      }
    });

    it('filters by several fields, comma-separated or repeated', async () => {
      const fields = ['lasers_optics', 'navigation_remote_sensing', 'nuclear'];
      await expectExactly({ field: fields.join(',') }, published.filter((p) => fields.includes(p.field)));
      await expectExactly('field=biomedicine&field=new_materials', published.filter((p) => ['biomedicine', 'new_materials'].includes(p.field)));
    });

    it('filters by direction', async () => {
      for (const direction of ['mil_to_civ', 'civ_to_mil']) {
        await expectExactly({ direction }, published.filter((p) => p.direction === direction));
      }
    });

    it('filters by TRL range, bounds inclusive', async () => {
      await expectExactly({ trlMin: 7 }, published.filter((p) => p.trl >= 7));
      await expectExactly({ trlMax: 3 }, published.filter((p) => p.trl <= 3));
      await expectExactly({ trlMin: 4, trlMax: 6 }, published.filter((p) => p.trl >= 4 && p.trl <= 6));
      await expectExactly({ trlMin: 5, trlMax: 5 }, published.filter((p) => p.trl === 5));
      await expectExactly({ trlMin: 8, trlMax: 3 }, []);
    });

    it('filters by IPC prefix at section, class, subclass, group and full-code level', async () => {
      for (const ipc of ['G', 'H', 'G01', 'G01S', 'G01S 7', 'G01S 7/48', 'G01S 13', 'G01S 1', 'B33Y', 'A61P 7', 'F01D 5/28']) {
        const expected = published.filter((p) => p.ipcCodes.some((code) => ipcLevels(code).includes(ipc)));
        await expectExactly({ ipc }, expected);
      }
      // The levels the brief names must each find something, and a deeper level never more.
      const counts = await Promise.all(['G', 'G01', 'G01S', 'G01S 7', 'G01S 7/48'].map((ipc) => catalogue({ ipc, pageSize: 100 }).then((r) => r.total)));
      expect(counts.every((c) => c > 0)).toBe(true);
      expect([...counts].sort((a, b) => b - a)).toEqual(counts);
      // Lower case and extra spaces are the same prefix.
      await expectExactly({ ipc: ' g01s   7/48 ' }, published.filter((p) => p.ipcCodes.includes('G01S 7/48')));
    });

    // Regression (found by this suite, fixed): listings accept and normalise padded IPC groups ("G01S 007/48" is stored as
    // "G01S 7/48", as ipc-code.ts says patent documents print them), but the catalogue's ipc filter
    // only upper-cases and collapses spaces: GET /api/v1/catalogue?ipc=G01S%20007%2F48 passes
    // validation and answers 200 with no hits although a listing has G01S 7/48.
    it('filters by an IPC code written the way listings accept it (padded main group)', async () => {
      await expectExactly({ ipc: 'G01S 007/48' }, published.filter((p) => p.ipcCodes.includes('G01S 7/48')));
    });

    it('filters by transaction mode: any of the given modes', async () => {
      await expectExactly({ mode: 'transfer' }, published.filter((p) => p.modes.includes('transfer')));
      const modes = ['joint_development', 'equity_investment'];
      await expectExactly({ mode: modes.join(',') }, published.filter((p) => p.modes.some((m) => modes.includes(m))));
    });

    it('filters by price in yuan, bounds inclusive, excluding negotiable listings', async () => {
      const priced = published.filter((p) => p.priceFen !== null);
      expect(priced.length).toBeLessThan(published.length);
      await expectExactly({ priceMin: '0' }, priced);
      await expectExactly({ priceMin: '1000000' }, priced.filter((p) => p.priceFen! >= 100_000_000));
      await expectExactly({ priceMax: '200000' }, priced.filter((p) => p.priceFen! <= 20_000_000));
      // 380000.50 yuan is one listing's exact price: included by both bounds.
      await expectExactly({ priceMin: '380000.50', priceMax: '999999.99' }, priced.filter((p) => p.priceFen! >= 38_000_050 && p.priceFen! <= 99_999_999));
      await expectExactly({ priceMin: '380000.51', priceMax: '999999.98' }, priced.filter((p) => p.priceFen! >= 38_000_051 && p.priceFen! <= 99_999_998));
      await expectExactly({ priceMin: '5000000' }, []);
    });

    it('filters by evaluation: none has one yet', async () => {
      await expectExactly({ hasEvaluation: 'false' }, published);
      await expectExactly({ hasEvaluation: 'true' }, []);
    });

    it('combines filters with each other and with a query', async () => {
      await expectExactly(
        { field: 'new_materials,advanced_manufacturing', direction: 'civ_to_mil', trlMin: 5 },
        published.filter((p) => ['new_materials', 'advanced_manufacturing'].includes(p.field) && p.direction === 'civ_to_mil' && p.trl >= 5),
      );
      await expectExactly(
        { q: '激光', field: 'lasers_optics,navigation_remote_sensing' },
        published.filter((p) => textOf(p).includes('激光') && ['lasers_optics', 'navigation_remote_sensing'].includes(p.field)),
      );
      await expectExactly(
        { q: '军民两用', mode: 'transfer', priceMax: '1500000', ipc: 'G' },
        published.filter(
          (p) =>
            textOf(p).includes(DUAL.slice(1, -1)) &&
            p.modes.includes('transfer') &&
            p.priceFen !== null &&
            p.priceFen <= 150_000_000 &&
            p.ipcCodes.some((c) => c.startsWith('G')),
        ),
      );
      await expectExactly(
        { direction: 'mil_to_civ', trlMax: 6, hasEvaluation: 'false', priceMin: '100000', mode: 'exclusive_licence,non_exclusive_licence' },
        published.filter(
          (p) =>
            p.direction === 'mil_to_civ' &&
            p.trl <= 6 &&
            p.priceFen !== null &&
            p.priceFen >= 10_000_000 &&
            p.modes.some((m) => m === 'exclusive_licence' || m === 'non_exclusive_licence'),
        ),
      );
    });
  });

  describe('sorting', () => {
    const byNewest = (a: Published, b: Published) => b.publishedAtMs - a.publishedAtMs || (a.id < b.id ? -1 : 1);

    it('sort=price_asc and price_desc order priced listings by price, negotiable ones last', async () => {
      const priced = published.filter((p) => p.priceFen !== null);
      const negotiable = published.filter((p) => p.priceFen === null);
      for (const [sort, direction] of [['price_asc', 1], ['price_desc', -1]] as const) {
        const ids = idsOf(await catalogue({ sort, pageSize: 100 }));
        const expectedPriced = [...priced].sort((a, b) => direction * (a.priceFen! - b.priceFen!)).map((p) => p.id);
        expect({ sort, ids: ids.slice(0, priced.length) }).toEqual({ sort, ids: expectedPriced });
        expect(sortedIds(ids.slice(priced.length))).toEqual(sortedIds(negotiable.map((p) => p.id)));
      }
    });

    it('sort=price_asc applies after filters (no query)', async () => {
      const expected = published
        .filter((p) => p.direction === 'mil_to_civ' && p.priceFen !== null)
        .sort((a, b) => a.priceFen! - b.priceFen!)
        .map((p) => p.id);
      expect(idsOf(await catalogue({ direction: 'mil_to_civ', priceMin: '0', sort: 'price_asc', pageSize: 100 }))).toEqual(expected);
    });

    // Regression (found by this suite, fixed): CATALOGUE_SETTINGS (libs/search/src/catalogue-index.ts) keeps Meilisearch's default
    // ranking rules, where `sort` comes after words, typo, proximity and attribute, so with a query
    // the requested sort only breaks relevance ties: GET /api/v1/catalogue?q=军民两用&direction=mil_to_civ
    // &priceMin=0&sort=price_asc&pageSize=100 answers listings with short summaries first, not the
    // cheapest first (the same for newest, price_desc and trl_desc whenever q is given).
    it('sort=price_asc applies after filters and a query', async () => {
      const expected = published
        .filter((p) => textOf(p).includes('军民两用') && p.direction === 'mil_to_civ' && p.priceFen !== null)
        .sort((a, b) => a.priceFen! - b.priceFen!)
        .map((p) => p.id);
      const ids = idsOf(await catalogue({ q: '军民两用', direction: 'mil_to_civ', priceMin: '0', sort: 'price_asc', pageSize: 100 }));
      expect(ids).toEqual(expected);
    });

    it('sort=trl_desc orders by TRL, highest first', async () => {
      const body = await catalogue({ sort: 'trl_desc', pageSize: 100 });
      const trlById = new Map(published.map((p) => [p.id, p.trl]));
      expect(idsOf(body).map((id) => trlById.get(id))).toEqual(published.map((p) => p.trl).sort((a, b) => b - a));
      expect(sortedIds(idsOf(body))).toEqual(sortedIds(published.map((p) => p.id)));
    });

    it('sort=newest orders by publication time, newest first (to the second)', async () => {
      const ids = idsOf(await catalogue({ sort: 'newest', pageSize: 100 }));
      const second = new Map(published.map((p) => [p.id, Math.floor(p.publishedAtMs / 1000)]));
      const seconds = ids.map((id) => second.get(id)!);
      expect(seconds).toEqual([...seconds].sort((a, b) => b - a));
      expect(sortedIds(ids)).toEqual(sortedIds(published.map((p) => p.id)));
      // The first and last are unambiguous whenever they are alone in their second.
      expect(new Set(seconds).size).toBeGreaterThan(1);
    });

    // Regression (found by this suite, fixed): the catalogue document stores publishedAt in whole seconds
    // (catalogueDocumentOf: Math.floor(ms / 1000)) and sort=newest ties are broken by id, so two
    // listings published within the same second come back in id order, not newest first:
    // GET /api/v1/catalogue?sort=newest&pageSize=100 puts an older listing before a newer one
    // (same for trl_desc among equal TRLs).
    it('sort=newest and trl_desc order listings published within the same second newest first', async () => {
      const newest = idsOf(await catalogue({ sort: 'newest', pageSize: 100 }));
      expect(newest).toEqual([...published].sort(byNewest).map((p) => p.id));
      const trl = idsOf(await catalogue({ sort: 'trl_desc', pageSize: 100 }));
      expect(trl).toEqual([...published].sort((a, b) => b.trl - a.trl || byNewest(a, b)).map((p) => p.id));
    });
  });

  describe('pagination', () => {
    async function walk(query: Record<string, string | number>, expectedTotal: number) {
      const pageSize = 7;
      const seen: string[] = [];
      const pages = Math.ceil(expectedTotal / pageSize);
      for (let page = 1; page <= pages + 1; page++) {
        const body = await catalogue({ ...query, page, pageSize });
        expect(body).toMatchObject({ page, pageSize, total: expectedTotal });
        const ids = idsOf(body);
        expect(ids).toHaveLength(page <= pages ? Math.min(pageSize, expectedTotal - (page - 1) * pageSize) : 0);
        // The same page asked again is the same page.
        expect(idsOf(await catalogue({ ...query, page, pageSize }))).toEqual(ids);
        seen.push(...ids);
      }
      return seen;
    }

    it('walks every listing exactly once with sort=newest', async () => {
      const seen = await walk({ sort: 'newest' }, published.length);
      expect(seen).toHaveLength(published.length);
      expect(sortedIds(seen)).toEqual(sortedIds(published.map((p) => p.id)));
      // …in the same order as one big page.
      expect(seen).toEqual(idsOf(await catalogue({ sort: 'newest', pageSize: 100 })));
    });

    it('walks every match exactly once by relevance for a query', async () => {
      const matching = published.filter((p) => textOf(p).includes('军民两用'));
      expect(matching.length).toBeGreaterThan(14);
      const seen = await walk({ q: '军民两用' }, matching.length);
      expect(seen).toHaveLength(matching.length);
      expect(sortedIds(seen)).toEqual(sortedIds(matching.map((p) => p.id)));
      expect(seen).toEqual(idsOf(await catalogue({ q: '军民两用', pageSize: 100 })));
    });

    it('walks a filtered, price-sorted result exactly once', async () => {
      const expected = published.filter((p) => p.trl >= 4).sort((a, b) => (a.priceFen ?? Infinity) - (b.priceFen ?? Infinity));
      const seen = await walk({ sort: 'price_asc', trlMin: 4 }, expected.length);
      expect(sortedIds(seen)).toEqual(sortedIds(expected.map((p) => p.id)));
      const pricedCount = expected.filter((p) => p.priceFen !== null).length;
      expect(seen.slice(0, pricedCount)).toEqual(expected.slice(0, pricedCount).map((p) => p.id));
    });
  });

  describe('only published listings', () => {
    it('never returns drafts, pending, rejected, revised, suspended or withdrawn listings', async () => {
      expect(hidden).toHaveLength(8);
      const all = await everything();
      const hiddenIds = new Set(hidden.map((h) => h.id));
      expect(idsOf(all).filter((id) => hiddenIds.has(id))).toEqual([]);
      for (const q of ['风洞', '激光', 'turbine', 'hypersonic', '陶瓷', '隐藏', '不应出现在目录中']) {
        const found = idsOf(await catalogue({ q, pageSize: 100 }));
        expect({ q, leaked: hidden.filter((h) => found.includes(h.id)) }).toEqual({ q, leaked: [] });
      }
      for (const ipc of ['G01S 7/48', 'G']) {
        const found = idsOf(await catalogue({ ipc, field: 'aerodynamics', pageSize: 100 }));
        expect(found.filter((id) => hiddenIds.has(id))).toEqual([]);
      }
      for (const item of hidden) {
        await request(system.http).get(`/api/v1/listings/${item.id}`).expect(404);
      }
    });

    it('removes a suspended or withdrawn listing (eventually) and brings a reinstated one back', async () => {
      const word = '折叠翼';
      const a = await listings.published(owners.instA, operator, { title: `${word}巡飞器`, summary: '可折叠翼面的巡飞器结构。', field: 'unmanned_systems' });
      const b = await listings.published(owners.instB, operator, { title: `${word}展开机构`, summary: '弹簧驱动的折叠翼展开机构。', field: 'unmanned_systems' });
      const search = () => catalogue({ q: word, pageSize: 100 });
      const idsAre = (expected: string[]) => (r: { hits: { listing: { id: string } }[] }) => JSON.stringify(sortedIds(idsOf(r))) === JSON.stringify(sortedIds(expected));

      await listings.eventually(search, idsAre([a.id, b.id]));

      await request(system.http).post(`/api/v1/admin/listings/${a.id}/suspend`).set(operator.auth).send({ reason: '权属争议' }).expect(200);
      await request(system.http).get(`/api/v1/listings/${a.id}`).expect(404);
      await listings.eventually(search, idsAre([b.id]));
      expect(idsOf(await catalogue({ field: 'unmanned_systems', pageSize: 100 }))).not.toContain(a.id);

      await request(system.http).post(`/api/v1/admin/listings/${a.id}/reinstate`).set(operator.auth).send({}).expect(200);
      await listings.eventually(search, idsAre([a.id, b.id]));
      const back = await request(system.http).get(`/api/v1/listings/${a.id}`).expect(200);
      expect(back.body.publishedAt).toBe(a.publishedAt);

      await request(system.http).post(`/api/v1/listings/${b.id}/withdraw`).set(owners.instB.auth).send({}).expect(200);
      await request(system.http).get(`/api/v1/listings/${b.id}`).expect(404);
      await listings.eventually(search, idsAre([a.id]));

      // A withdrawn listing cannot be reinstated into the catalogue.
      await request(system.http).post(`/api/v1/admin/listings/${b.id}/reinstate`).set(operator.auth).send({}).expect(409);
      await new Promise((r) => setTimeout(r, 500));
      expect(idsOf(await search())).toEqual([a.id]);

      // Leave the catalogue as the other tests expect it.
      await request(system.http).post(`/api/v1/admin/listings/${a.id}/suspend`).set(operator.auth).send({ reason: '测试结束' }).expect(200);
      await listings.eventually(search, idsAre([]));
      await expectExactly({}, published);
    });
  });

  describe('bad queries', () => {
    const cases: [string, string][] = [
      ['trlMin=0', 'trlMin'],
      ['trlMax=10', 'trlMax'],
      ['trlMin=2.5', 'trlMin'],
      ['pageSize=500', 'pageSize'],
      ['pageSize=0', 'pageSize'],
      ['page=0', 'page'],
      ['page=abc', 'page'],
      ['field=bogus', 'field'],
      ['field=aerodynamics,bogus', 'field'],
      ['direction=sideways', 'direction'],
      ['ipc=Z99', 'ipc'],
      ['ipc=G01S%207%2F4', 'ipc'],
      ['mode=lease', 'mode'],
      ['priceMin=abc', 'priceMin'],
      ['priceMax=-1', 'priceMax'],
      ['priceMin=1.234', 'priceMin'],
      ['hasEvaluation=yes', 'hasEvaluation'],
      ['sort=random', 'sort'],
      ['q=' + 'x'.repeat(201), 'q'],
      ['unknownParam=1', 'unknownParam'],
    ];

    it.each(cases)('%s is a 400 naming %s', async (query, field) => {
      const response = await request(system.http).get(`/api/v1/catalogue?${query}`).expect(400);
      expect(response.body.error.code).toBeDefined();
      expect(response.body.error.fields.map((f: { field: string }) => f.field)).toEqual([field]);
    });

    it('names every bad field of one query', async () => {
      const response = await request(system.http).get('/api/v1/catalogue?trlMin=0&pageSize=500&sort=random&bogus=1').expect(400);
      expect(response.body.error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['bogus', 'pageSize', 'sort', 'trlMin']);
    });
  });
});
