import type { CreateListingDto, Direction, DossierAccessPolicy, PatentKind, SecrecyLevel, TechnicalField, TransactionMode } from '@lib/contracts';
import { patentCheckCharacter, TECHNICAL_FIELDS } from '@lib/contracts';

/**
 * Demo and benchmark catalogues: listings ("成果") in Chinese with English technical terms, modelled
 * on what Mianyang Science City's institutes (军转民) and enterprises (民参军) would offer.
 *
 * Pure and deterministic: everything comes from a seeded PRNG (mulberry32), nothing reads a clock,
 * the network or the disk, so the same seed gives the same catalogue on every machine.
 *
 * Every body is valid as a `CreateListingDto` (the spec checks it with class-validator): patent numbers
 * carry the check character of `patentCheckCharacter` and a kind matching their kind digit, IPC codes
 * are canonical, prices are yuan strings, and anything above `public` carries a declassification record.
 */

// Globals looked up once: inside a vm context (as under Jest) every global access is an interceptor call.
const { imul, floor, min, max, exp, log, round } = Math;

// ---------------------------------------------------------------------------------------------------
// Public API

/** A plain request body for `POST /listings`, structurally a `CreateListingDto`. */
export interface ListingBody {
  title: string;
  summary: string;
  description: string;
  direction: Direction;
  field: TechnicalField;
  ipcCodes: string[];
  trl: number;
  patents: { number: string; kind: PatentKind; nationalDefence: boolean; title?: string }[];
  transactionModes: TransactionMode[];
  askingPrice: string | null;
  secrecyLevel: SecrecyLevel;
  declassification: { decisionNumber: string; authority: string; decisionDate: string } | null;
  dossierAccess?: DossierAccessPolicy;
}

// Compile-time check that a body is assignable to the DTO it is posted as.
const bodyIsDto: (body: ListingBody) => CreateListingDto = (body) => body;
void bodyIsDto;

export type DemoOwnerKind = 'institute' | 'enterprise';
export type DemoOutcome = 'published' | 'pending_review' | 'draft' | 'rejected';

export interface DemoListing {
  /** Institutes own the mil_to_civ listings, enterprises the civ_to_mil ones (the only direction they may create). */
  ownerKind: DemoOwnerKind;
  body: ListingBody;
  /** Restricted dossier text (process parameters, test data, deliverables). */
  dossier: string;
  /** Where the demo seed should take the listing: ~80% published, the rest pending_review / draft / rejected. */
  outcome: DemoOutcome;
}

/** The mulberry32 PRNG: a uniform float in [0, 1) per call, fully determined by the seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `count` rich, realistic demo listings, each with its owner kind, restricted dossier and the state the
 * demo seed should leave it in. Every technical field and both directions appear once count ≥ 12.
 */
export function demoListings(count: number, seed = 1): DemoListing[] {
  const r = new Rng(seed);
  const patentSerials = new SerialSequence(r);
  const titles = new Set<string>();
  const listings: DemoListing[] = [];
  let fieldOrder: TechnicalField[] = [];
  for (let i = 0; i < count; i++) {
    // Fields in shuffled rounds of twelve, so any prefix of the catalogue covers them evenly.
    if (i % TECHNICAL_FIELDS.length === 0) fieldOrder = r.shuffle([...TECHNICAL_FIELDS]);
    const field = fieldOrder[i % TECHNICAL_FIELDS.length];
    const direction: Direction = i === 0 ? 'mil_to_civ' : i === 1 ? 'civ_to_mil' : r.chance(0.6) ? 'mil_to_civ' : 'civ_to_mil';
    listings.push(demoListing(r, field, direction, patentSerials, titles));
  }
  return listings;
}

/**
 * An endless-enough stream of valid listing bodies for benchmark catalogues (100,000+): a few template
 * fills per item, vocabularies combined per field (qualifier × subject × form × application × specs) so
 * that searches hit subsets of very different sizes.
 */
export function* syntheticListings(count: number, seed = 1): Generator<ListingBody> {
  const r = new Rng(seed);
  const patentSerials = new SerialSequence(r);
  for (let i = 0; i < count; i++) {
    const field = TECHNICAL_FIELDS[r.int(0, TECHNICAL_FIELDS.length - 1)];
    const direction: Direction = r.chance(0.6) ? 'mil_to_civ' : 'civ_to_mil';
    yield syntheticListing(r, field, direction, patentSerials);
  }
}

// ---------------------------------------------------------------------------------------------------
// Randomness

class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    // Spread small consecutive seeds (1, 2, 3…) before they reach the generator.
    this.next = mulberry32(imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ 0x5bd1e995);
  }
  float(): number {
    return this.next();
  }
  /** An integer in [lo, hi], both included. */
  int(lo: number, hi: number): number {
    return lo + floor(this.next() * (hi - lo + 1));
  }
  /** A decimal in [lo, hi] with `dp` decimals, as text. */
  fixed(lo: number, hi: number, dp: number): string {
    return (lo + this.next() * (hi - lo)).toFixed(dp);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[floor(this.next() * items.length)];
  }
  /** `k` distinct items in random order (all of them if there are fewer). */
  sample<T>(items: readonly T[], k: number): T[] {
    const copy = [...items];
    const n = min(k, copy.length);
    for (let i = 0; i < n; i++) {
      const j = i + floor(this.next() * (copy.length - i));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy.slice(0, n);
  }
  shuffle<T>(items: T[]): T[] {
    return this.sample(items, items.length);
  }
  /** Picks by weight: `weighted([['a', 3], ['b', 1]])` gives 'a' three times as often. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of choices) total += w;
    let x = this.next() * total;
    for (const [value, w] of choices) {
      x -= w;
      if (x < 0) return value;
    }
    return choices[choices.length - 1][0];
  }
}

/**
 * Distinct 7-digit patent serial numbers: n ↦ 1,000,000 + (n·7919 + offset) mod 9,000,000 is a
 * bijection for n < 9,000,000 (7919 is prime to 9,000,000), so no two patents generated in one
 * catalogue share a number, whatever their year and kind.
 */
class SerialSequence {
  private n = 0;
  private readonly offset: number;
  constructor(r: Rng) {
    this.offset = r.int(0, 8_999_999);
  }
  next(): string {
    return `${1_000_000 + ((this.n++ * 7919 + this.offset) % 9_000_000)}`;
  }
}

// ---------------------------------------------------------------------------------------------------
// Vocabulary

type Term = readonly [zh: string, en: string];
type Spec = (r: Rng) => string;

interface FieldVocabulary {
  /** Plausible IPC groups for the field, canonical form. */
  ipc: readonly string[];
  /** The technology itself. */
  subjects: readonly Term[];
  /** Appended to the subject in Chinese titles: 技术, 方法, 系统… */
  forms: readonly string[];
  qualifiers: readonly Term[];
  /** Civilian markets a mil_to_civ achievement is offered to. */
  civilUses: readonly Term[];
  /** Defence uses a civ_to_mil technology is offered for. */
  defenceUses: readonly Term[];
  /** How it works, one sentence each. */
  approaches: readonly string[];
  /** Concrete public specifications. */
  specs: readonly Spec[];
  /** Restricted process parameters for the dossier. */
  process: readonly Spec[];
  /** One row of restricted test data: condition | result. */
  trial: Spec;
  /** Where an institute's achievement comes from (Mianyang-style background). */
  origins: readonly string[];
  /** Product names for design patents; fields without products get none. */
  designProducts?: readonly string[];
}

const pad3 = (n: number) => `${n}`.padStart(3, '0');

const VOCABULARY: Record<TechnicalField, FieldVocabulary> = {
  aerodynamics: {
    ipc: ['G01M 9/06', 'G01M 9/04', 'G01M 9/08', 'B64F 5/60', 'G06F 30/28', 'B64C 30/00', 'F15D 1/00', 'G01P 5/165', 'G01L 5/16'],
    subjects: [
      ['高超声速风洞气动测试', 'hypersonic wind tunnel testing'],
      ['脉冲风洞测力', 'impulse wind tunnel force measurement'],
      ['低速风洞气动声学测量', 'low-speed wind tunnel aeroacoustic measurement'],
      ['计算流体力学并行求解', 'parallel CFD solver'],
      ['结冰风洞防除冰验证', 'icing wind tunnel anti-icing validation'],
      ['电弧加热器热防护考核', 'arc-jet thermal protection testing'],
      ['翼型气动设计与优化', 'aerofoil design optimisation'],
      ['粒子图像测速', 'particle image velocimetry (PIV)'],
      ['压敏涂料表面压力测量', 'pressure-sensitive paint (PSP) measurement'],
      ['气动弹性颤振试验', 'aeroelastic flutter testing'],
      ['六分量应变天平', 'six-component strain-gauge balance'],
      ['边界层转捩预测', 'boundary-layer transition prediction'],
    ],
    forms: ['技术', '方法', '系统', '测试平台'],
    qualifiers: [
      ['高精度', 'high-precision'],
      ['低成本', 'low-cost'],
      ['快速', 'rapid'],
      ['大尺度', 'large-scale'],
      ['智能化', 'intelligent'],
      ['非接触式', 'non-contact'],
      ['全自动', 'fully automated'],
      ['多物理场耦合', 'multiphysics'],
    ],
    civilUses: [
      ['高速列车外形设计', 'high-speed train design'],
      ['大型风力发电机组', 'utility-scale wind turbines'],
      ['超高层建筑抗风设计', 'wind engineering of skyscrapers'],
      ['新能源汽车风阻优化', 'EV drag reduction'],
      ['大跨度桥梁抗风评估', 'long-span bridge wind assessment'],
      ['民用大飞机气动设计', 'civil airliner design'],
      ['城市风环境评估', 'urban wind environment'],
      ['体育器材减阻', 'sports equipment drag reduction'],
    ],
    defenceUses: [
      ['飞行器气动布局验证', 'aircraft configuration validation'],
      ['弹体外形减阻', 'missile drag reduction'],
      ['无人机气动设计', 'UAV aerodynamic design'],
      ['舰面气流场分析', 'ship airwake analysis'],
      ['高超声速飞行器热防护', 'hypersonic vehicle thermal protection'],
    ],
    approaches: [
      '采用自由活塞驱动激波风洞与高频响测力天平相结合的测试方案',
      '基于非结构混合网格与 GPU 加速的高精度数值模拟方法',
      '以光学非接触测量替代传统测压孔，单次试验获取全场数据',
      '试验、仿真与数据库一体化，支持气动数据的快速迭代',
      '采用主动流动控制与被动减阻结构组合设计',
    ],
    specs: [
      (r) => `测试段马赫数 ${r.int(4, 6)}-${r.int(8, 12)}，有效试验时间 ${r.int(15, 300)} ms`,
      (r) => `测力天平综合精度优于 ${r.fixed(0.1, 0.5, 2)}%`,
      (r) => `试验段 ${r.fixed(0.5, 3.2, 1)} m × ${r.fixed(0.5, 2.4, 1)} m，最高风速 ${r.int(60, 150)} m/s`,
      (r) => `流场速度不均匀度小于 ${r.fixed(0.1, 0.5, 2)}%，湍流度低于 ${r.fixed(0.02, 0.2, 2)}%`,
      (r) => `CFD 求解器支持 ${r.pick(['2 亿', '5 亿', '10 亿'])}网格，${r.int(2, 16) * 512} 核并行效率 ${r.int(70, 92)}%`,
      (r) => `PIV 测速不确定度 ${r.fixed(0.5, 2, 1)}%，采样频率 ${r.int(1, 20)} kHz`,
      (r) => `背景噪声低于 ${r.int(68, 82)} dB(A)`,
      (r) => `热流测量范围 ${r.fixed(0.1, 1, 1)}-${r.int(5, 30)} MW/m²`,
    ],
    process: [
      (r) => `来流总压 ${r.fixed(2, 12, 1)} MPa，总温 ${r.int(700, 1100)} K，单位雷诺数 ${r.fixed(1, 9, 1)}×10⁶ /m`,
      (r) => `天平静校加载 ${r.int(200, 800)} 点，重复性 ${r.fixed(0.02, 0.1, 3)}%，交叉干扰修正矩阵 6×${r.pick([27, 33])}`,
      (r) => `模型表面粗糙度 Ra ${r.fixed(0.4, 1.6, 1)} μm，攻角机构定位精度 ±${r.fixed(0.01, 0.05, 2)}°`,
      (r) => `湍流模型 ${r.pick(['SST k-ω', 'Spalart-Allmaras', 'γ-Reθ 转捩'])}，壁面 y⁺ < ${r.fixed(0.5, 1, 1)}，时间步长 ${r.int(1, 50)} μs`,
    ],
    trial: (r) => `Ma ${r.fixed(4.9, 10.1, 2)}，α=${r.int(-4, 12)}° | 升阻比 ${r.fixed(1.2, 4.5, 2)}，重复性 ${r.fixed(0.2, 1.2, 1)}%`,
    origins: ['依托绵阳风洞群数十年的试验能力与气动数据库', '源自国家级空气动力试验平台的测试技术积累', '已在多型飞行器气动布局研制中应用'],
  },

  lasers_optics: {
    ipc: ['H01S 3/10', 'H01S 3/067', 'H01S 5/40', 'G02B 6/02', 'G02B 26/06', 'G01S 17/89', 'G02B 1/10', 'G01D 5/353', 'G01J 5/00', 'B08B 7/00'],
    subjects: [
      ['高功率光纤激光器', 'high-power fibre laser'],
      ['半导体激光阵列', 'diode laser array'],
      ['飞秒激光微加工', 'femtosecond laser micromachining'],
      ['激光雷达三维成像', 'lidar 3D imaging'],
      ['大口径光学元件超精密加工', 'large-aperture optics finishing'],
      ['激光损伤阈值测试', 'laser-induced damage threshold testing'],
      ['红外热成像', 'infrared thermal imaging'],
      ['光纤光栅传感', 'fibre Bragg grating sensing'],
      ['激光清洗', 'laser cleaning'],
      ['自适应光学波前校正', 'adaptive optics wavefront correction'],
      ['激光测距', 'laser rangefinding'],
      ['高反射率光学薄膜', 'high-reflectivity optical coatings'],
    ],
    forms: ['技术', '系统', '装置', '工艺'],
    qualifiers: [
      ['高功率', 'high-power'],
      ['窄线宽', 'narrow-linewidth'],
      ['紧凑型', 'compact'],
      ['高亮度', 'high-brightness'],
      ['长寿命', 'long-life'],
      ['全光纤', 'all-fibre'],
      ['智能', 'smart'],
      ['低损耗', 'low-loss'],
    ],
    civilUses: [
      ['汽车白车身激光焊接', 'car body laser welding'],
      ['动力电池极耳切割', 'battery tab cutting'],
      ['文物激光清洗', 'cultural relic cleaning'],
      ['自动驾驶环境感知', 'autonomous driving perception'],
      ['桥梁与管道健康监测', 'structural health monitoring'],
      ['半导体晶圆划片', 'wafer dicing'],
      ['医疗美容', 'aesthetic medicine'],
      ['光纤通信', 'optical communication'],
    ],
    defenceUses: [
      ['机载光电吊舱', 'airborne EO pods'],
      ['激光测距与目标指示', 'ranging and designation'],
      ['舰载光电跟踪', 'shipborne EO tracking'],
      ['红外预警', 'infrared warning'],
      ['装备表面除漆', 'equipment paint stripping'],
    ],
    approaches: [
      '采用主振荡功率放大 (MOPA) 结构与大模场双包层光纤',
      '基于啁啾脉冲放大 (CPA) 的超快激光光源与振镜扫描系统',
      '离子束抛光与磁流变抛光组合的确定性光学加工流程',
      '以单光子探测与时间相关计数实现远距离三维成像',
      '采用离子束溅射镀膜并在线监控膜厚',
    ],
    specs: [
      (r) => `输出功率 ${r.int(1, 30)} kW，光束质量 M² < ${r.fixed(1.05, 1.6, 2)}`,
      (r) => `中心波长 ${r.pick(['1064', '1070', '1550', '915', '976', '532'])} nm，电光转换效率 ${r.int(30, 55)}%`,
      (r) => `脉宽 ${r.int(200, 900)} fs，重复频率 ${r.int(1, 2000)} kHz`,
      (r) => `面形精度 PV 优于 λ/${r.int(5, 20)}，表面粗糙度 RMS < ${r.fixed(0.2, 1, 1)} nm`,
      (r) => `测距范围 ${r.int(1, 20)} km，测距精度 ±${r.fixed(0.1, 1, 1)} m`,
      (r) => `激光损伤阈值 > ${r.int(10, 60)} J/cm²（${r.pick(['10 ns', '3 ns', '1 ns'])}，1064 nm）`,
      (r) => `探测器阵列 ${r.pick(['640×512', '1280×1024', '320×256'])}，NETD < ${r.int(20, 50)} mK`,
      (r) => `应变分辨率 ${r.fixed(0.5, 2, 1)} με，复用通道 ${r.int(8, 64)} 路`,
    ],
    process: [
      (r) => `泵浦波长 976 nm，泵浦功率 ${r.int(2, 40)} kW，增益光纤长度 ${r.fixed(5, 25, 1)} m，纤芯 ${r.int(20, 50)} μm`,
      (r) => `抛光去除函数峰值 ${r.fixed(10, 80, 1)} nm/min，驻留时间迭代 ${r.int(3, 9)} 轮`,
      (r) => `镀膜层数 ${r.int(20, 60)} 层，基底温度 ${r.int(120, 250)} ℃，沉积速率 ${r.fixed(0.1, 0.5, 2)} nm/s`,
      (r) => `扫描速度 ${r.int(100, 3000)} mm/s，光斑直径 ${r.int(10, 80)} μm，脉冲能量 ${r.int(5, 200)} μJ`,
    ],
    trial: (r) => `连续运行 ${r.int(100, 2000)} h，环境温度 ${r.int(-20, 45)} ℃ | 功率波动 ${r.fixed(0.3, 2, 1)}%，M² ${r.fixed(1.05, 1.3, 2)}`,
    origins: ['源自高功率激光装置研制中的光学与激光技术积累', '依托科学城激光与光电子产业园的中试条件', '经多轮工程化改进后具备产业化条件'],
    designProducts: ['手持式激光清洗机', '激光测距望远镜'],
  },

  nuclear: {
    ipc: ['G21C 17/00', 'G21F 9/00', 'G21F 9/16', 'G21F 1/10', 'G01T 1/20', 'G01T 1/167', 'G21K 5/00', 'G21G 4/08', 'H05H 9/00', 'G01N 23/05', 'A61L 2/08', 'G21H 1/00'],
    subjects: [
      ['辐照加工', 'radiation processing'],
      ['放射性废物固化处理', 'radioactive waste immobilisation'],
      ['中子照相无损检测', 'neutron radiography NDT'],
      ['辐射探测与剂量监测', 'radiation detection and dosimetry'],
      ['同位素电池', 'radioisotope battery'],
      ['电子加速器辐照灭菌', 'electron-beam sterilisation'],
      ['核级阀门密封', 'nuclear-grade valve sealing'],
      ['γ能谱核素识别', 'gamma spectrometry nuclide identification'],
      ['核设施退役去污', 'decommissioning decontamination'],
      ['反应堆在线监测', 'reactor online monitoring'],
      ['辐射屏蔽材料', 'radiation shielding materials'],
      ['医用同位素制备', 'medical isotope production'],
    ],
    forms: ['技术', '装置', '系统', '工艺'],
    qualifiers: [
      ['高通量', 'high-flux'],
      ['低剂量', 'low-dose'],
      ['远程操控', 'remotely operated'],
      ['便携式', 'portable'],
      ['高能量分辨', 'high-resolution'],
      ['长寿命', 'long-life'],
      ['模块化', 'modular'],
      ['在线', 'online'],
    ],
    civilUses: [
      ['医疗器械辐照灭菌', 'medical device sterilisation'],
      ['食品辐照保鲜', 'food irradiation'],
      ['核电站运行维护', 'nuclear power plant maintenance'],
      ['高分子材料辐射改性', 'polymer radiation modification'],
      ['安检与海关查验', 'security and customs inspection'],
      ['医用同位素供应', 'medical isotope supply'],
      ['环境放射性监测', 'environmental radioactivity monitoring'],
      ['航空部件无损检测', 'aerospace part NDT'],
    ],
    defenceUses: [
      ['核应急监测', 'nuclear emergency monitoring'],
      ['装备抗辐射加固验证', 'radiation hardening validation'],
      ['辐射侦察', 'radiological reconnaissance'],
      ['核设施安保', 'nuclear facility security'],
    ],
    approaches: [
      '采用高纯锗与溴化镧探测器组合的能谱测量方案',
      '以玻璃固化与水泥固化相结合处理中低放废物',
      '基于紧凑型中子源与闪烁体成像板的透照检测方法',
      '采用自屏蔽结构与远程操控实现无人值守运行',
      '剂量分布由蒙特卡罗模拟 (Monte Carlo) 与实测联合标定',
    ],
    specs: [
      (r) => `电子束能量 ${r.int(1, 10)} MeV，束流功率 ${r.int(10, 100)} kW`,
      (r) => `能量分辨率 ${r.fixed(2.5, 7.5, 1)}% @ 662 keV`,
      (r) => `剂量率测量范围 0.1 μSv/h - ${r.int(1, 10)} Sv/h`,
      (r) => `固化体浸出率低于 ${r.int(1, 9)}×10⁻⁴ g/(cm²·d)`,
      (r) => `中子注量率 ${r.int(1, 9)}×10⁷ n/(cm²·s)，L/D 比 ${r.int(50, 200)}`,
      (r) => `屏蔽层面密度 ${r.fixed(1, 5, 1)} g/cm²，γ 透射率 < ${r.int(1, 10)}%`,
      (r) => `设计寿命 ${r.int(10, 50)} 年，输出功率 ${r.int(10, 500)} μW`,
      (r) => `去污因子 > ${r.int(10, 200)}，二次废物减容 ${r.int(40, 80)}%`,
    ],
    process: [
      (r) => `辐照剂量 ${r.int(10, 50)} kGy，剂量不均匀度 ${r.fixed(1.1, 1.6, 2)}，传送速度 ${r.fixed(0.5, 5, 1)} m/min`,
      (r) => `玻璃配方 SiO₂ ${r.int(40, 52)}%、B₂O₃ ${r.int(10, 18)}%，熔制温度 ${r.int(1100, 1200)} ℃`,
      (r) => `探测器偏压 ${r.int(800, 3500)} V，成形时间 ${r.fixed(0.5, 6, 1)} μs，死时间 < ${r.int(1, 10)}%`,
      (r) => `屏蔽体配方：含硼聚乙烯 ${r.int(50, 80)}%，钨粉 ${r.int(10, 40)}%，热压 ${r.int(150, 200)} ℃`,
    ],
    trial: (r) => `源 ${r.pick(['Cs-137', 'Co-60', 'Am-241', 'Eu-152'])}，距离 ${r.int(10, 200)} cm | 计数率偏差 ${r.fixed(0.5, 3, 1)}%，识别时间 ${r.int(5, 60)} s`,
    origins: ['源自核技术应用领域的长期科研积累，符合 GB 18871 辐射防护要求', '依托绵阳核技术应用产业基地', '经辐射安全许可单位多年运行验证'],
    designProducts: ['便携式辐射巡检仪', '个人剂量报警仪'],
  },

  new_materials: {
    ipc: ['C22C 14/00', 'C04B 35/565', 'C04B 35/80', 'C22C 19/05', 'C08J 5/24', 'C23C 4/11', 'H01Q 17/00', 'C01B 32/184', 'C22C 30/00', 'C30B 29/36', 'C01B 33/158', 'H01F 1/057', 'F41H 5/04'],
    subjects: [
      ['碳化硅陶瓷基复合材料', 'SiC ceramic matrix composites (CMC)'],
      ['钛合金精密铸造', 'titanium alloy investment casting'],
      ['单晶高温合金', 'single-crystal superalloy'],
      ['碳纤维预浸料', 'carbon-fibre prepreg'],
      ['热障涂层', 'thermal barrier coatings'],
      ['雷达吸波材料', 'radar-absorbing materials'],
      ['石墨烯导热膜', 'graphene thermal film'],
      ['高熵合金', 'high-entropy alloys'],
      ['碳化硅单晶衬底', 'SiC single-crystal substrate'],
      ['气凝胶隔热材料', 'aerogel thermal insulation'],
      ['芳纶防弹复合材料', 'aramid ballistic composites'],
      ['稀土永磁材料', 'rare-earth permanent magnets'],
    ],
    forms: ['制备技术', '技术', '工艺', '及其制备方法'],
    qualifiers: [
      ['高强韧', 'high-toughness'],
      ['耐高温', 'high-temperature'],
      ['轻质', 'lightweight'],
      ['低成本', 'low-cost'],
      ['大尺寸', 'large-format'],
      ['宽频', 'broadband'],
      ['高纯', 'high-purity'],
      ['连续化', 'continuous-process'],
    ],
    civilUses: [
      ['新能源汽车轻量化', 'EV lightweighting'],
      ['高铁制动盘', 'high-speed rail brake discs'],
      ['光伏与半导体装备', 'PV and semiconductor equipment'],
      ['5G 基站散热', '5G base-station cooling'],
      ['民航发动机热端部件', 'civil engine hot sections'],
      ['医疗植入物', 'medical implants'],
      ['建筑节能', 'building energy efficiency'],
      ['消费电子散热', 'consumer electronics cooling'],
    ],
    defenceUses: [
      ['装甲防护', 'armour protection'],
      ['导弹天线罩', 'missile radomes'],
      ['飞行器热防护', 'vehicle thermal protection'],
      ['隐身涂层', 'stealth coatings'],
      ['舰船耐蚀结构', 'corrosion-resistant naval structures'],
    ],
    approaches: [
      '采用化学气相渗透 (CVI) 与聚合物浸渍裂解 (PIP) 复合致密化工艺',
      '以真空自耗电弧熔炼和热等静压 (HIP) 控制组织与缺陷',
      '采用物理气相传输 (PVT) 法生长单晶并优化温场',
      '通过等离子喷涂与电子束物理气相沉积 (EB-PVD) 制备梯度涂层',
      '以超临界干燥工艺制备低密度纳米多孔结构',
    ],
    specs: [
      (r) => `室温抗拉强度 ≥ ${r.int(800, 1300)} MPa，延伸率 ≥ ${r.int(6, 15)}%`,
      (r) => `长期使用温度 ${r.int(1100, 1600)} ℃`,
      (r) => `密度 ${r.fixed(1.5, 4.6, 2)} g/cm³`,
      (r) => `面内导热系数 ${r.int(800, 1800)} W/(m·K)`,
      (r) => `${r.int(2, 8)}-${r.int(12, 18)} GHz 频段反射率 ≤ -${r.int(8, 20)} dB`,
      (r) => `衬底直径 ${r.pick(['6', '8'])} 英寸，微管密度 < ${r.fixed(0.1, 1, 1)} cm⁻²`,
      (r) => `孔隙率 < ${r.fixed(0.5, 3, 1)}%，层间剪切强度 ${r.int(60, 110)} MPa`,
      (r) => `常温导热系数 ${r.fixed(0.013, 0.025, 3)} W/(m·K)`,
    ],
    process: [
      (r) => `沉积温度 ${r.int(900, 1100)} ℃，MTS:H₂ = 1:${r.int(5, 15)}，炉压 ${r.int(1, 10)} kPa，周期 ${r.int(120, 600)} h`,
      (r) => `熔炼电流 ${r.int(8, 30)} kA，真空度 ${r.int(1, 9)}×10⁻² Pa，HIP ${r.int(900, 1200)} ℃/${r.int(100, 150)} MPa/${r.int(2, 4)} h`,
      (r) => `生长温度 ${r.int(2100, 2400)} ℃，生长速率 ${r.fixed(0.2, 0.6, 2)} mm/h，籽晶偏角 ${r.int(0, 4)}°`,
      (r) => `固化制度：${r.int(80, 130)} ℃/${r.int(30, 90)} min + ${r.int(170, 200)} ℃/${r.int(2, 4)} h，升温速率 ${r.fixed(1, 3, 1)} ℃/min`,
    ],
    trial: (r) => `${r.pick(['室温', '800 ℃', '1200 ℃', '1500 ℃'])}，${r.pick(['拉伸', '弯曲', '热震', '氧化'])}试验 | 强度 ${r.int(200, 1300)} MPa，离散系数 ${r.fixed(2, 8, 1)}%`,
    origins: ['源自国防材料型号研制中的工艺积累', '依托科学城新材料中试平台完成放大验证', '已在多个型号上批量应用'],
  },

  aero_engines_gas_turbines: {
    ipc: ['F02C 7/00', 'F01D 5/18', 'F23R 3/28', 'F02C 9/00', 'F01D 11/02', 'G01M 15/14', 'F02C 3/04', 'F01D 21/00', 'F04D 29/32', 'C21D 10/00', 'F02K 3/06'],
    subjects: [
      ['涡轮叶片气膜冷却', 'turbine blade film cooling'],
      ['低排放燃烧室', 'low-emission combustor'],
      ['航空发动机整机试车', 'aero-engine test bed'],
      ['压气机叶片气动设计', 'compressor blade aerodynamic design'],
      ['燃气轮机健康管理', 'gas turbine health management (PHM)'],
      ['刷式密封', 'brush seal'],
      ['高空模拟试验', 'altitude simulation testing'],
      ['微型涡喷发动机', 'micro turbojet engine'],
      ['全权限数字电子控制', 'FADEC digital engine control'],
      ['叶片激光冲击强化', 'laser shock peening of blades'],
      ['燃气轮机振动监测', 'gas turbine vibration monitoring'],
      ['转子动力学分析', 'rotor dynamics analysis'],
    ],
    forms: ['技术', '系统', '方法', '装置'],
    qualifiers: [
      ['高效', 'high-efficiency'],
      ['长寿命', 'long-life'],
      ['轻量化', 'lightweight'],
      ['数字孪生', 'digital-twin'],
      ['宽工况', 'wide-envelope'],
      ['高推重比', 'high thrust-to-weight'],
      ['国产化', 'domestically produced'],
      ['智能', 'intelligent'],
    ],
    civilUses: [
      ['分布式能源燃气轮机', 'distributed-energy gas turbines'],
      ['海洋平台动力', 'offshore platform power'],
      ['油气管线压缩机组', 'pipeline compressor sets'],
      ['民用航空发动机维修', 'civil engine MRO'],
      ['工业余热发电', 'waste-heat power'],
      ['应急电源车', 'mobile emergency power'],
      ['通用航空动力', 'general aviation propulsion'],
    ],
    defenceUses: [
      ['无人机动力', 'UAV propulsion'],
      ['舰用燃气轮机', 'marine gas turbines'],
      ['航空发动机维修保障', 'engine sustainment'],
      ['靶机动力', 'target drone propulsion'],
    ],
    approaches: [
      '采用双层壁冷却结构与异型气膜孔组合设计',
      '基于贫油预混预蒸发 (LPP) 的分级燃烧组织方式',
      '以数字孪生模型融合振动、温度和油液数据进行故障预测',
      '采用全三维叶型反问题设计与多目标优化',
      '以激光冲击引入深层残余压应力，提高抗疲劳与抗外物损伤能力',
    ],
    specs: [
      (r) => `涡轮前温度 ${r.int(1500, 1900)} K，冷却效率提升 ${r.int(8, 25)}%`,
      (r) => `NOx 排放 < ${r.int(9, 25)} ppm (15% O₂)`,
      (r) => `推力 ${r.int(200, 2000)} N，推重比 ${r.fixed(6, 12, 1)}`,
      (r) => `推力测量不确定度 ${r.fixed(0.2, 0.8, 1)}%`,
      (r) => `泄漏量较篦齿密封降低 ${r.int(30, 70)}%`,
      (r) => `故障预警提前 ${r.int(50, 500)} h，误报率 < ${r.int(1, 5)}%`,
      (r) => `级压比 ${r.fixed(1.4, 2.2, 2)}，绝热效率 ${r.int(86, 92)}%`,
      (r) => `高周疲劳强度提高 ${r.int(20, 60)}%`,
    ],
    process: [
      (r) => `气膜孔径 ${r.fixed(0.3, 0.8, 2)} mm，倾角 ${r.int(25, 40)}°，吹风比 ${r.fixed(0.5, 2, 1)}`,
      (r) => `当量比 ${r.fixed(0.45, 0.65, 2)}，预混段长度 ${r.int(40, 120)} mm，旋流数 ${r.fixed(0.5, 1, 2)}`,
      (r) => `冲击能量 ${r.int(3, 10)} J，光斑 ${r.int(2, 5)} mm，搭接率 ${r.int(30, 60)}%`,
      (r) => `振动特征频段 ${r.int(50, 400)}-${r.int(1000, 5000)} Hz，报警阈值 ${r.fixed(5, 15, 1)} mm/s`,
    ],
    trial: (r) => `转速 ${r.int(60, 105)}%，进口温度 ${r.int(-40, 45)} ℃ | 推力 ${r.int(200, 2000)} N，耗油率 ${r.fixed(0.9, 1.4, 2)} kg/(daN·h)`,
    origins: ['依托燃气涡轮试验条件和整机试车能力', '源自航空发动机型号研制的设计与试验技术', '已完成上千小时台架考核'],
  },

  electronic_information: {
    ipc: ['H01L 21/02', 'H04B 7/185', 'H01Q 3/26', 'H01Q 21/00', 'G01S 13/90', 'G01S 7/28', 'H04L 9/08', 'H03F 3/189', 'H04K 3/00', 'G06F 9/48', 'G01R 29/08', 'H01L 23/66', 'H04B 1/00'],
    subjects: [
      ['氮化镓功率放大器', 'GaN power amplifier'],
      ['有源相控阵天线', 'active phased-array antenna (AESA)'],
      ['卫星通信终端', 'satellite communication terminal'],
      ['合成孔径雷达信号处理', 'SAR signal processing'],
      ['抗干扰数据链', 'anti-jam data link'],
      ['嵌入式实时操作系统', 'embedded real-time OS'],
      ['电磁兼容测试', 'EMC testing'],
      ['毫米波雷达', 'millimetre-wave radar'],
      ['量子密钥分发', 'quantum key distribution (QKD)'],
      ['高速信号采集', 'FPGA high-speed data acquisition'],
      ['射频微系统封装', 'RF microsystem packaging'],
      ['软件无线电', 'software-defined radio (SDR)'],
    ],
    forms: ['技术', '系统', '模块', '平台'],
    qualifiers: [
      ['高可靠', 'high-reliability'],
      ['小型化', 'miniaturised'],
      ['低功耗', 'low-power'],
      ['宽带', 'wideband'],
      ['国产化', 'domestically produced'],
      ['高集成度', 'highly integrated'],
      ['抗辐照', 'radiation-hardened'],
      ['自主可控', 'indigenous'],
    ],
    civilUses: [
      ['5G/6G 通信基站', '5G/6G base stations'],
      ['智能网联汽车', 'connected vehicles'],
      ['应急通信', 'emergency communication'],
      ['低轨卫星互联网', 'LEO satellite internet'],
      ['工业物联网', 'industrial IoT'],
      ['金融与政务安全通信', 'secure government and finance networks'],
      ['智慧交通雷达', 'traffic radar'],
      ['气象雷达', 'weather radar'],
    ],
    defenceUses: [
      ['机载雷达', 'airborne radar'],
      ['战术通信', 'tactical communication'],
      ['电子对抗', 'electronic warfare'],
      ['弹载电子设备', 'missile electronics'],
      ['舰载雷达', 'shipborne radar'],
      ['指挥信息系统', 'C4ISR systems'],
    ],
    approaches: [
      '采用 GaN HEMT 工艺与 Doherty 架构提升效率',
      '基于瓦片式 T/R 组件与数字波束形成 (DBF) 的阵面架构',
      '以跳频扩频与自适应调制编码提升抗干扰能力',
      '采用 LTCC 多层基板与系统级封装 (SiP) 实现高密度集成',
      '以 FPGA + 多核 DSP 实现实时成像处理流水线',
    ],
    specs: [
      (r) => `工作频段 ${r.pick(['L', 'S', 'C', 'X', 'Ku', 'Ka'])} 波段，瞬时带宽 ${r.int(100, 2000)} MHz`,
      (r) => `饱和输出功率 ${r.int(10, 200)} W，功率附加效率 ${r.int(40, 65)}%`,
      (r) => `阵元数 ${r.pick([64, 256, 512, 1024])}，扫描范围 ±${r.int(45, 60)}°`,
      (r) => `误码率 < 10⁻${r.pick(['⁶', '⁷', '⁸', '⁹'])}，抗干扰容限 ${r.int(20, 40)} dB`,
      (r) => `采样率 ${r.fixed(1, 10, 1)} GSPS，分辨率 ${r.pick([12, 14, 16])} bit`,
      (r) => `工作温度 -${r.int(40, 55)} ℃ ~ +${r.int(70, 125)} ℃`,
      (r) => `安全成码率 ${r.int(10, 100)} kbps @ ${r.int(20, 100)} km 光纤`,
      (r) => `MTBF ≥ ${r.int(5, 50) * 1000} h`,
    ],
    process: [
      (r) => `外延片 ${r.pick(['4', '6'])} 英寸 SiC 衬底 GaN，栅长 ${r.fixed(0.1, 0.5, 2)} μm，击穿电压 ${r.int(80, 200)} V`,
      (r) => `LTCC 层数 ${r.int(8, 24)}，线宽/线距 ${r.int(50, 100)}/${r.int(50, 100)} μm，共烧温度 ${r.int(850, 900)} ℃`,
      (r) => `波束控制码更新 ${r.int(1, 20)} μs，移相器 ${r.pick([6, 7])} bit，衰减器 ${r.pick([5, 6])} bit`,
      (r) => `跳速 ${r.pick([500, 1000, 5000])} hop/s，信道编码 ${r.pick(['LDPC 1/2', 'Turbo 1/3', 'Polar 2/3'])}`,
    ],
    trial: (r) => `${r.pick(['高温', '低温', '振动', '湿热', '盐雾'])}试验 ${r.int(24, 240)} h | 输出功率变化 ${r.fixed(0.1, 1, 1)} dB，功能正常`,
    origins: ['源自雷达与通信装备研制的电子信息技术', '依托绵阳电子信息产业集群的配套能力', '已在型号装备中长期使用'],
    designProducts: ['卫星通信便携终端', '加固型手持电台'],
  },

  navigation_remote_sensing: {
    ipc: ['G01S 19/42', 'G01C 21/16', 'G01S 19/21', 'G01S 19/49', 'G01C 19/72', 'G01C 19/64', 'G01S 13/90', 'G01C 11/00', 'G01S 17/89', 'G01J 3/28', 'G06V 20/13', 'G01C 21/08'],
    subjects: [
      ['北斗高精度定位', 'BeiDou high-precision positioning'],
      ['光纤陀螺惯性导航', 'fibre-optic gyro INS'],
      ['北斗/惯导组合导航', 'BeiDou/INS integrated navigation'],
      ['抗干扰卫星导航接收', 'anti-jam GNSS receiver'],
      ['高光谱遥感成像', 'hyperspectral remote sensing'],
      ['合成孔径雷达遥感解译', 'SAR image interpretation'],
      ['机载激光雷达测绘', 'airborne lidar mapping'],
      ['激光陀螺', 'ring laser gyroscope'],
      ['地磁匹配导航', 'geomagnetic matching navigation'],
      ['遥感影像智能解译', 'AI remote sensing image interpretation'],
      ['室内外无缝定位', 'seamless indoor-outdoor positioning'],
      ['MEMS 惯性测量单元', 'MEMS inertial measurement unit'],
    ],
    forms: ['技术', '系统', '终端', '软件'],
    qualifiers: [
      ['厘米级', 'centimetre-level'],
      ['高动态', 'high-dynamic'],
      ['低成本', 'low-cost'],
      ['抗欺骗', 'spoofing-resistant'],
      ['小型化', 'miniaturised'],
      ['全天候', 'all-weather'],
      ['实时', 'real-time'],
      ['自主', 'autonomous'],
    ],
    civilUses: [
      ['自动驾驶', 'autonomous driving'],
      ['精准农业', 'precision agriculture'],
      ['地质灾害监测', 'geohazard monitoring'],
      ['国土资源调查', 'land resource survey'],
      ['智慧矿山', 'smart mining'],
      ['电力巡检', 'power line inspection'],
      ['海洋测绘', 'marine surveying'],
      ['城市规划', 'urban planning'],
    ],
    defenceUses: [
      ['弹载导航', 'munition navigation'],
      ['单兵定位', 'soldier positioning'],
      ['无人机自主导航', 'UAV autonomous navigation'],
      ['战场侦察', 'battlefield reconnaissance'],
      ['舰船导航', 'naval navigation'],
    ],
    approaches: [
      '采用北斗三号 B1C/B2a 多频观测与 PPP-RTK 解算',
      '以紧耦合卡尔曼滤波融合卫星导航与惯性测量数据',
      '采用自适应调零天线阵与空时自适应处理 (STAP) 抑制干扰',
      '以深度学习模型进行地物分类与变化检测',
      '基于推扫式分光与在轨辐射定标的成像链路',
    ],
    specs: [
      (r) => `定位精度水平 ${r.int(1, 3)} cm + 1 ppm，RTK 初始化 < ${r.int(5, 30)} s`,
      (r) => `陀螺零偏稳定性 ${r.fixed(0.001, 0.05, 3)} °/h`,
      (r) => `纯惯导 ${r.int(1, 8)} h 定位误差 < ${r.fixed(0.5, 2, 1)} n mile`,
      (r) => `抗干扰能力 ≥ ${r.int(60, 100)} dB（干信比）`,
      (r) => `光谱范围 ${r.int(400, 450)}-${r.int(900, 2500)} nm，光谱通道 ${r.int(64, 256)} 个`,
      (r) => `点云密度 ${r.int(20, 300)} pts/m²，高程精度 ${r.int(3, 10)} cm`,
      (r) => `目标识别准确率 ${r.int(88, 97)}%`,
      (r) => `更新率 ${r.pick([10, 20, 50, 100, 200])} Hz，首次定位 < ${r.int(25, 35)} s`,
    ],
    process: [
      (r) => `光纤环长 ${r.int(200, 2000)} m，四极对称绕法，温度补偿系数 ${r.fixed(0.001, 0.01, 4)} °/h/℃`,
      (r) => `滤波器状态维数 ${r.int(15, 24)}，过程噪声 q = ${r.fixed(1, 9, 1)}×10⁻⁶，观测更新 ${r.int(1, 10)} Hz`,
      (r) => `天线阵元 ${r.int(4, 8)} 个，调零深度 ${r.int(40, 70)} dB，自由度 ${r.int(3, 7)}`,
      (r) => `训练样本 ${r.int(2, 50)} 万幅，骨干网络 ${r.pick(['ResNet-50', 'Swin-T', 'HRNet'])}，mIoU ${r.fixed(0.7, 0.9, 2)}`,
    ],
    trial: (r) => `${r.pick(['城市峡谷', '高速公路', '山区', '开阔地', '林区'])}跑车 ${r.int(20, 300)} km | 水平误差 RMS ${r.fixed(0.02, 1.5, 2)} m，可用率 ${r.fixed(95, 99.9, 1)}%`,
    origins: ['基于北斗三号系统开发，已通过第三方检测', '源自惯性导航型号产品的技术积累', '已在多个省级测绘项目中应用'],
    designProducts: ['北斗手持终端', '组合导航一体机'],
  },

  unmanned_systems: {
    ipc: ['B64U 10/13', 'G05D 1/10', 'B64U 10/25', 'B64U 70/00', 'G05D 1/00', 'B63B 35/00', 'B62D 55/065', 'H04W 84/18', 'G08G 5/00', 'F41H 11/02', 'B64U 50/19', 'B64U 80/00'],
    subjects: [
      ['多旋翼无人机', 'multirotor UAV'],
      ['长航时固定翼无人机', 'long-endurance fixed-wing UAV'],
      ['垂直起降复合翼无人机', 'VTOL hybrid UAV'],
      ['无人机集群协同控制', 'UAV swarm cooperative control'],
      ['无人水面艇', 'unmanned surface vessel (USV)'],
      ['履带式无人地面平台', 'tracked unmanned ground vehicle (UGV)'],
      ['飞控与导航', 'flight control and navigation'],
      ['无人机反制', 'counter-UAV'],
      ['自主避障', 'autonomous obstacle avoidance'],
      ['无人机自主起降', 'autonomous take-off and landing'],
      ['系留无人机', 'tethered UAV'],
      ['无人机任务载荷', 'UAV mission payload'],
    ],
    forms: ['系统', '技术', '平台', '方法'],
    qualifiers: [
      ['长航时', 'long-endurance'],
      ['全自主', 'fully autonomous'],
      ['重载', 'heavy-lift'],
      ['智能', 'intelligent'],
      ['低可探测', 'low-observable'],
      ['模块化', 'modular'],
      ['抗风', 'wind-resistant'],
      ['便携', 'man-portable'],
    ],
    civilUses: [
      ['电力线路巡检', 'power line inspection'],
      ['森林防火', 'forest fire prevention'],
      ['应急救援', 'emergency rescue'],
      ['农林植保', 'crop protection'],
      ['物流配送', 'drone delivery'],
      ['海洋监测', 'ocean monitoring'],
      ['安防巡逻', 'security patrol'],
      ['测绘航拍', 'aerial surveying'],
    ],
    defenceUses: [
      ['战场侦察', 'battlefield reconnaissance'],
      ['边海防巡逻', 'border and coastal patrol'],
      ['靶机', 'target drones'],
      ['通信中继', 'communication relay'],
      ['单兵侦察', 'squad reconnaissance'],
    ],
    approaches: [
      '采用分布式一致性算法实现集群编队与任务分配',
      '以视觉/激光 SLAM 与北斗融合实现拒止环境下导航',
      '采用油电混合动力与高升阻比机翼延长航时',
      '基于无线电侦测与光电跟踪的目标发现、识别与处置链路',
      '以模块化挂载接口支持多类任务载荷快速更换',
    ],
    specs: [
      (r) => `续航时间 ${r.int(1, 40)} h，最大起飞重量 ${r.int(5, 500)} kg`,
      (r) => `抗风等级 ${r.int(5, 8)} 级，任务半径 ${r.int(10, 300)} km`,
      (r) => `集群规模 ${r.int(10, 200)} 架，编队保持误差 < ${r.fixed(0.5, 3, 1)} m`,
      (r) => `定点悬停精度 ±${r.fixed(0.1, 0.5, 1)} m`,
      (r) => `航速 ${r.int(20, 45)} kn，适航海况 ${r.int(3, 5)} 级`,
      (r) => `探测距离 ${r.fixed(1, 5, 1)} km，识别时间 < ${r.int(2, 10)} s`,
      (r) => `着陆精度 ${r.int(5, 50)} cm`,
      (r) => `有效载荷 ${r.int(1, 100)} kg，数据链距离 ${r.int(10, 200)} km`,
    ],
    process: [
      (r) => `姿态环 PID：Kp ${r.fixed(3, 8, 2)}，Ki ${r.fixed(0.01, 0.3, 2)}，Kd ${r.fixed(0.05, 0.5, 2)}；控制频率 ${r.pick([250, 400, 500, 1000])} Hz`,
      (r) => `机翼展长 ${r.fixed(1.2, 12, 1)} m，展弦比 ${r.fixed(8, 18, 1)}，翼载 ${r.int(15, 60)} kg/m²`,
      (r) => `集群通信 ${r.pick(['1.4 GHz', '2.4 GHz', '5.8 GHz'])} 自组网，单跳时延 < ${r.int(5, 30)} ms`,
      (r) => `电池 ${r.int(6, 14)}S ${r.int(10, 60)} Ah，放电倍率 ${r.int(5, 25)}C`,
    ],
    trial: (r) => `${r.pick(['高原', '海上', '山地', '平原', '夜间'])}试飞，风速 ${r.int(3, 17)} m/s | 航时 ${r.fixed(0.5, 30, 1)} h，航迹误差 ${r.fixed(0.3, 5, 1)} m`,
    origins: ['已在科学城无人机试飞场完成飞行验证', '源自无人机型号研制的飞控与导航技术', '已在森林防火与应急救援演练中使用'],
    designProducts: ['多旋翼无人机', '无人机地面控制站', '无人机机库'],
  },

  energy_power: {
    ipc: ['H01M 10/052', 'F03D 1/06', 'H01M 10/0562', 'H01M 8/10', 'F01K 25/10', 'H02J 3/32', 'H02J 3/38', 'H01M 6/36', 'F28D 15/02', 'H01M 10/48', 'H10K 30/50', 'H10N 10/00'],
    subjects: [
      ['高比能锂离子电池', 'high-energy lithium-ion battery'],
      ['固态电池', 'solid-state battery'],
      ['氢燃料电池电堆', 'hydrogen fuel cell stack'],
      ['风电叶片', 'wind turbine blade'],
      ['超临界二氧化碳发电', 'supercritical CO₂ power cycle'],
      ['储能变流器', 'energy storage converter (PCS)'],
      ['微电网能量管理', 'microgrid energy management'],
      ['热电池', 'thermal battery'],
      ['高温热管', 'high-temperature heat pipe'],
      ['电池管理系统', 'battery management system (BMS)'],
      ['钙钛矿光伏', 'perovskite photovoltaics'],
      ['温差发电', 'thermoelectric generation'],
    ],
    forms: ['技术', '系统', '装置', '产品'],
    qualifiers: [
      ['高安全', 'high-safety'],
      ['长循环', 'long-cycle'],
      ['宽温域', 'wide-temperature'],
      ['高功率密度', 'high power density'],
      ['快充', 'fast-charging'],
      ['智能', 'smart'],
      ['低成本', 'low-cost'],
      ['大容量', 'large-capacity'],
    ],
    civilUses: [
      ['新能源汽车', 'electric vehicles'],
      ['电网储能', 'grid storage'],
      ['通信基站备电', 'telecom backup power'],
      ['海上风电', 'offshore wind'],
      ['氢能重卡', 'hydrogen trucks'],
      ['工业园区微电网', 'industrial microgrids'],
      ['户用光储', 'residential PV storage'],
      ['数据中心备用电源', 'data centre backup power'],
    ],
    defenceUses: [
      ['单兵电源', 'soldier power'],
      ['野战移动电站', 'field power stations'],
      ['水下装备动力', 'underwater vehicle power'],
      ['无人机电源', 'UAV power'],
      ['舰船综合电力', 'integrated naval power'],
    ],
    approaches: [
      '采用高镍正极与硅碳负极体系并优化电解液添加剂',
      '以硫化物固态电解质与干法电极工艺构建电芯',
      '采用金属双极板与低铂膜电极提升功率密度',
      '以模型预测控制 (MPC) 协调多源出力与负荷',
      '采用碱金属工质与毛细吸液芯实现高温均温传热',
    ],
    specs: [
      (r) => `电芯能量密度 ${r.int(260, 400)} Wh/kg，循环寿命 ${r.int(2000, 8000)} 次`,
      (r) => `-${r.int(30, 45)} ℃ 容量保持率 ${r.int(70, 90)}%`,
      (r) => `电堆额定功率 ${r.int(30, 200)} kW，体积功率密度 ${r.fixed(3, 6, 1)} kW/L`,
      (r) => `循环效率 ${r.int(40, 52)}%，透平入口温度 ${r.int(500, 700)} ℃`,
      (r) => `转换效率 ${r.fixed(97, 99, 1)}%，响应时间 < ${r.int(10, 100)} ms`,
      (r) => `叶片长度 ${r.int(70, 126)} m`,
      (r) => `激活时间 < ${r.fixed(0.2, 1.5, 1)} s，工作时间 ${r.int(60, 1800)} s`,
      (r) => `光电转换效率 ${r.fixed(18, 26, 1)}%，组件面积 ${r.fixed(0.1, 2.5, 1)} m²`,
    ],
    process: [
      (r) => `正极 NCM${r.pick(['811', '955', '622'])} 面密度 ${r.int(18, 28)} mg/cm²，压实密度 ${r.fixed(3.3, 3.7, 2)} g/cm³`,
      (r) => `化成制度：${r.fixed(0.02, 0.1, 2)}C 恒流至 ${r.fixed(3.4, 3.9, 2)} V，老化 ${r.int(25, 45)} ℃/${r.int(24, 96)} h`,
      (r) => `膜电极铂载量 ${r.fixed(0.1, 0.4, 2)} mg/cm²，双极板流道宽 ${r.fixed(0.5, 1.2, 1)} mm`,
      (r) => `热管工质 ${r.pick(['钠', '钾', '锂'])}，充装量 ${r.int(10, 80)} g，工作温度 ${r.int(500, 1100)} ℃`,
    ],
    trial: (r) => `${r.pick(['25 ℃', '-20 ℃', '45 ℃', '-40 ℃'])}，${r.pick(['1C', '2C', '0.5C', '3C'])} 循环 ${r.int(200, 3000)} 次 | 容量保持率 ${r.fixed(80, 98, 1)}%`,
    origins: ['源自特种电源研制技术', '依托绵阳新能源产业基地完成中试', '已通过第三方安全检测'],
    designProducts: ['便携式储能电源', '储能电池柜'],
  },

  advanced_manufacturing: {
    ipc: ['B23K 26/38', 'B33Y 10/00', 'B22F 10/28', 'B23K 20/12', 'G05B 19/4099', 'B23K 15/00', 'B24B 1/00', 'B21D 26/14', 'B29C 70/38', 'G05B 19/418', 'B23K 26/342', 'G01N 23/046', 'B22C 9/04'],
    subjects: [
      ['激光选区熔化增材制造', 'selective laser melting (SLM)'],
      ['激光切割', 'laser cutting'],
      ['搅拌摩擦焊', 'friction stir welding'],
      ['五轴数控加工', 'five-axis CNC machining'],
      ['电子束焊接', 'electron-beam welding'],
      ['超精密磨削', 'ultra-precision grinding'],
      ['电磁成形', 'electromagnetic forming'],
      ['复合材料自动铺丝', 'automated fibre placement (AFP)'],
      ['数字孪生产线', 'digital twin production line'],
      ['激光熔覆修复', 'laser cladding repair'],
      ['工业 CT 检测', 'industrial CT inspection'],
      ['熔模精密铸造', 'precision investment casting'],
    ],
    forms: ['技术', '工艺', '装备', '系统'],
    qualifiers: [
      ['大尺寸', 'large-format'],
      ['高效', 'high-throughput'],
      ['智能', 'intelligent'],
      ['柔性', 'flexible'],
      ['微米级', 'micron-precision'],
      ['绿色', 'green'],
      ['在线监测', 'in-process monitored'],
      ['多材料', 'multi-material'],
    ],
    civilUses: [
      ['汽车零部件', 'automotive parts'],
      ['轨道交通车体', 'rail car bodies'],
      ['航空零件维修', 'aerospace part repair'],
      ['模具制造', 'tooling'],
      ['医疗器械', 'medical devices'],
      ['船舶制造', 'shipbuilding'],
      ['3C 电子结构件', 'consumer electronics housings'],
      ['能源装备', 'energy equipment'],
    ],
    defenceUses: [
      ['装备结构件快速制造', 'rapid manufacture of structures'],
      ['弹体精密加工', 'precision airframe machining'],
      ['战场快速修复', 'battlefield repair'],
      ['装甲车体焊接', 'armoured hull welding'],
    ],
    approaches: [
      '采用多激光协同扫描与熔池在线监测闭环控制',
      '以工艺数据库和数字孪生模型实现参数自适应',
      '采用高刚性龙门结构与直线电机驱动',
      '以机器视觉与深度学习实现焊缝缺陷在线识别',
      '采用五轴联动刀路优化与切削力预测',
    ],
    specs: [
      (r) => `成形尺寸 ${r.int(250, 1500)} × ${r.int(250, 1500)} × ${r.int(300, 1200)} mm，致密度 > ${r.fixed(99.5, 99.95, 2)}%`,
      (r) => `切割厚度 ${r.int(1, 60)} mm（碳钢），切缝宽度 ${r.fixed(0.1, 0.5, 2)} mm`,
      (r) => `焊缝强度系数 ≥ ${r.int(80, 95)}%`,
      (r) => `定位精度 ${r.int(2, 8)} μm，重复定位精度 ${r.int(1, 4)} μm`,
      (r) => `表面粗糙度 Ra ${r.fixed(0.01, 0.4, 2)} μm`,
      (r) => `铺放速度 ${r.int(10, 60)} m/min`,
      (r) => `检测分辨率 ${r.int(5, 200)} μm`,
      (r) => `生产节拍缩短 ${r.int(15, 45)}%，一次合格率 ${r.fixed(95, 99.5, 1)}%`,
    ],
    process: [
      (r) => `激光功率 ${r.int(200, 1000)} W，扫描速度 ${r.int(600, 1500)} mm/s，层厚 ${r.int(30, 90)} μm，扫描间距 ${r.int(70, 130)} μm`,
      (r) => `转速 ${r.int(400, 1500)} r/min，焊速 ${r.int(100, 800)} mm/min，下压量 ${r.fixed(0.1, 0.4, 2)} mm`,
      (r) => `加速电压 ${r.int(60, 150)} kV，束流 ${r.int(20, 200)} mA，真空度 ${r.int(1, 9)}×10⁻² Pa`,
      (r) => `砂轮粒度 ${r.pick(['#600', '#2000', '#3000', '#5000'])}，进给 ${r.fixed(0.5, 5, 1)} μm/r，冷却液 ${r.int(3, 8)}% 乳化液`,
    ],
    trial: (r) => `${r.pick(['TC4', 'GH4169', 'AlSi10Mg', '316L', '7075-T6'])} 试样 | 抗拉 ${r.int(300, 1300)} MPa，延伸率 ${r.int(5, 20)}%`,
    origins: ['源自航空航天构件精密制造工艺', '依托科学城先进制造中试线完成工艺验证', '已为多家主机厂提供批产服务'],
    designProducts: ['激光切割机', '桌面式金属 3D 打印机'],
  },

  biomedicine: {
    ipc: ['A61K 31/4439', 'A61B 5/00', 'A61K 51/04', 'A61P 35/00', 'A61L 15/28', 'A61B 5/0205', 'A61F 2/28', 'A61L 27/06', 'G16H 50/20', 'A61B 6/03', 'A61N 5/10', 'C12Q 1/68', 'G16H 80/00', 'A61K 38/42'],
    subjects: [
      ['靶向小分子抗肿瘤药', 'targeted small-molecule oncology drug'],
      ['放射性药物', 'radiopharmaceutical'],
      ['高原适应药物', 'high-altitude adaptation drug'],
      ['创伤急救止血材料', 'haemostatic trauma dressing'],
      ['可穿戴生理监测', 'wearable physiological monitoring'],
      ['3D 打印钛合金骨植入物', '3D-printed titanium bone implant'],
      ['医学影像辅助诊断', 'AI-assisted medical imaging diagnosis'],
      ['低剂量 CT 成像', 'low-dose CT imaging'],
      ['质子治疗', 'proton therapy'],
      ['病原体快速检测', 'rapid pathogen detection'],
      ['远程医疗', 'telemedicine'],
      ['血液代用品', 'blood substitute'],
    ],
    forms: ['技术', '产品', '系统', '及其制备方法'],
    qualifiers: [
      ['高灵敏', 'high-sensitivity'],
      ['便携式', 'portable'],
      ['快速', 'rapid'],
      ['个性化', 'personalised'],
      ['低毒', 'low-toxicity'],
      ['智能', 'intelligent'],
      ['可降解', 'biodegradable'],
      ['无创', 'non-invasive'],
    ],
    civilUses: [
      ['肿瘤精准诊疗', 'precision oncology'],
      ['基层医疗机构', 'primary care'],
      ['院前急救', 'pre-hospital emergency care'],
      ['骨科植入', 'orthopaedic implants'],
      ['慢病管理', 'chronic disease management'],
      ['体检筛查', 'health screening'],
      ['高原旅游与作业', 'high-altitude tourism and work'],
      ['公共卫生应急', 'public health emergencies'],
    ],
    defenceUses: [
      ['战场急救', 'battlefield first aid'],
      ['高原驻训保障', 'high-altitude troop support'],
      ['卫勤保障', 'military medical support'],
      ['核生化防护医学', 'CBRN medicine'],
    ],
    approaches: [
      '基于结构导向的先导化合物优化与激酶选择性筛选',
      '采用壳聚糖/沸石复合体系实现快速凝血',
      '以拓扑优化多孔结构匹配骨组织弹性模量',
      '基于深度学习的病灶检测与分割模型，经多中心数据验证',
      '采用等温扩增与微流控芯片实现现场检测',
    ],
    specs: [
      (r) => `IC₅₀ ${r.int(1, 50)} nM，口服生物利用度 ${r.int(30, 80)}%`,
      (r) => `检测限 ${r.int(10, 500)} copies/mL，检测时间 < ${r.int(15, 60)} min`,
      (r) => `止血时间 < ${r.int(60, 180)} s`,
      (r) => `孔隙率 ${r.int(50, 80)}%，弹性模量 ${r.int(1, 20)} GPa`,
      (r) => `敏感性 ${r.int(90, 98)}%，特异性 ${r.int(88, 97)}%`,
      (r) => `辐射剂量降低 ${r.int(30, 70)}%`,
      (r) => `心率测量误差 ±${r.int(1, 3)} bpm，续航 ${r.int(3, 14)} 天`,
      (r) => `放射化学纯度 > ${r.int(95, 99)}%，标记率 > ${r.int(90, 98)}%`,
    ],
    process: [
      (r) => `合成路线 ${r.int(5, 12)} 步，总收率 ${r.int(15, 45)}%，关键中间体纯度 ${r.fixed(98, 99.9, 1)}%`,
      (r) => `标记条件 pH ${r.fixed(4, 7, 1)}，${r.int(25, 95)} ℃ 反应 ${r.int(5, 30)} min`,
      (r) => `打印层厚 ${r.int(20, 60)} μm，单元尺寸 ${r.fixed(0.6, 1.5, 1)} mm，HIP 后处理 ${r.int(900, 950)} ℃`,
      (r) => `扩增温度 ${r.int(37, 65)} ℃，引物 ${r.int(2, 6)} 对，芯片通道 ${r.int(4, 16)} 个`,
    ],
    trial: (r) => `${r.pick(['动物', '体外', '临床前', '多中心回顾性'])}研究 n=${r.int(20, 2000)} | 有效率 ${r.int(60, 98)}%，不良事件 ${r.fixed(0, 5, 1)}%`,
    origins: ['源自军事医学与高原卫勤保障研究', '依托核医学与放射药物研究平台', '已完成临床前研究'],
    designProducts: ['可穿戴监测手环', '便携式核酸检测仪'],
  },

  other: {
    ipc: ['G01D 18/00', 'F41H 5/04', 'G09B 9/00', 'A62B 17/00', 'B60P 3/00', 'G01M 7/02', 'G06F 30/20', 'A62C 3/00', 'B65G 1/137', 'G01N 17/00'],
    subjects: [
      ['高精度计量校准', 'precision metrology calibration'],
      ['爆炸冲击防护', 'blast and impact protection'],
      ['装备仿真训练', 'equipment simulation training'],
      ['应急救援装备', 'emergency rescue equipment'],
      ['特种车辆改装', 'special-purpose vehicle conversion'],
      ['环境适应性试验', 'environmental qualification testing'],
      ['军民标准转化', 'military-civil standards conversion'],
      ['工程仿真软件', 'engineering simulation software'],
      ['特种防护服', 'protective clothing'],
      ['智能仓储物流', 'smart warehousing logistics'],
    ],
    forms: ['技术', '服务', '系统', '解决方案'],
    qualifiers: [
      ['标准化', 'standardised'],
      ['高可靠', 'high-reliability'],
      ['智能', 'intelligent'],
      ['轻量化', 'lightweight'],
      ['全流程', 'end-to-end'],
      ['虚拟现实', 'VR-based'],
      ['可追溯', 'traceable'],
      ['快速部署', 'rapid-deployment'],
    ],
    civilUses: [
      ['第三方检测机构', 'testing laboratories'],
      ['消防救援', 'firefighting'],
      ['矿山安全', 'mine safety'],
      ['职业培训', 'vocational training'],
      ['工业质量管理', 'industrial quality management'],
      ['城市应急管理', 'urban emergency management'],
      ['电商仓储', 'e-commerce warehousing'],
    ],
    defenceUses: [
      ['部队训练', 'troop training'],
      ['装备保障', 'equipment support'],
      ['野战后勤', 'field logistics'],
      ['装备环境试验', 'equipment environmental testing'],
    ],
    approaches: [
      '建立可溯源至国家基准的量值传递链',
      '采用多层复合结构吸收冲击波能量',
      '以虚拟现实与实装数据驱动的仿真训练环境',
      '依据 GJB 150A 与 GB/T 2423 建立试验剖面',
      '采用自主求解器与参数化建模工具链',
    ],
    specs: [
      (r) => `温度校准不确定度 ${r.fixed(0.01, 0.1, 2)} ℃ (k=2)`,
      (r) => `可抵御 ${r.fixed(0.5, 5, 1)} kg TNT 当量 ${r.int(3, 10)} m 处爆炸冲击`,
      (r) => `支持 ${r.int(10, 200)} 人同时在线训练，时延 < ${r.int(10, 50)} ms`,
      (r) => `温度范围 -${r.int(55, 70)} ℃ ~ +${r.int(85, 150)} ℃，湿热 ${r.int(90, 98)}% RH`,
      (r) => `仿真规模 ${r.int(1, 50)} 百万自由度`,
      (r) => `整备质量 ${r.fixed(2, 15, 1)} t`,
      (r) => `防护等级 ${r.pick(['IP65', 'IP67', 'IP68'])}，阻燃等级 ${r.pick(['A 级', 'B1 级'])}`,
    ],
    process: [
      (r) => `标准器 ${r.pick(['SPRT', '标准铂电阻', '活塞式压力计'])}，比对周期 ${r.int(6, 24)} 月，环境 ${r.int(18, 23)}±${r.fixed(0.5, 2, 1)} ℃`,
      (r) => `面板结构：${r.int(2, 6)} mm 钢 + ${r.int(10, 40)} mm 泡沫铝 + ${r.int(5, 20)} mm UHMWPE`,
      (r) => `振动谱 ${r.int(5, 20)}-${r.int(500, 2000)} Hz，加速度谱密度 ${r.fixed(0.01, 0.2, 2)} g²/Hz`,
      (r) => `网格单元 ${r.int(1, 50)} 百万，求解器并行 ${r.pick([64, 128, 256])} 核`,
    ],
    trial: (r) => `${r.pick(['高低温', '振动', '冲击', '淋雨', '盐雾'])}试验 ${r.int(2, 96)} h | 性能偏差 ${r.fixed(0.1, 3, 1)}%，结论合格`,
    origins: ['源自装备试验鉴定与计量保障体系', '依托国防科技工业计量测试站', '已服务科学城多家军民融合企业'],
    designProducts: ['应急救援箱', '便携式校准仪'],
  },
};

const CIV_TO_MIL_QUALIFIERS: readonly Term[] = [
  ['军用级', 'military-grade'],
  ['加固型', 'ruggedised'],
  ['国产化替代', 'domestic-substitute'],
];

const ENTERPRISE_CONTEXT = [
  '公司产品已在民用市场批量应用，具备参与装备配套的质量与产能基础',
  '产品已按 GJB 150A 完成环境适应性试验',
  '公司质量管理体系按 GJB 9001C 运行',
  '可提供定制化开发与长期技术保障',
  '位于绵阳科技城军民融合产业园，可就近提供技术服务',
  '已为多家军工集团下属单位提供样品试用',
];

const INSTITUTE_CONTEXT = [
  '成果已完成定密审查，公开部分可对外转化',
  '本单位可提供技术培训、工艺指导与联合开发服务',
  '欢迎民用企业洽谈技术许可与合作开发',
  '可依托绵阳科技城中试平台开展工程化',
  '转化过程中本单位保留必要的技术支持团队',
];

const MATURITY: Record<number, string> = {
  1: '已完成基本原理研究 (basic principles observed)',
  2: '已形成技术概念与应用设想 (concept formulated)',
  3: '关键功能已通过实验室原理验证 (proof of concept)',
  4: '已完成实验室环境下部件级验证',
  5: '已完成相关环境下部件/分系统验证',
  6: '工程样机已通过相关环境演示验证 (prototype demonstrated)',
  7: '系统样机已通过实际使用环境考核',
  8: '产品已完成定型鉴定，具备小批量生产条件',
  9: '产品已批量生产并经实际应用验证 (proven in operation)',
};

const MODE_NAMES: Record<TransactionMode, string> = {
  transfer: '技术转让',
  exclusive_licence: '独占许可',
  non_exclusive_licence: '普通许可',
  joint_development: '合作开发',
  equity_investment: '作价入股',
};

const MODE_ORDER = Object.keys(MODE_NAMES) as TransactionMode[];

const SECRECY_NAMES: Record<SecrecyLevel, string> = { public: '公开', internal: '内部', secret: '秘密', confidential: '机密' };

const DECLASSIFIERS: readonly { prefix: string; authority: string }[] = [
  { prefix: '科工密解', authority: '国家国防科技工业局' },
  { prefix: '科工密解', authority: '国家国防科技工业局' },
  { prefix: '川工办密解', authority: '四川省国防科学技术工业办公室' },
  { prefix: '绵物密解', authority: '绵阳应用物理研究所定密工作领导小组' },
  { prefix: '西气密解', authority: '西南空气动力试验中心保密委员会' },
  { prefix: '涪燃密解', authority: '涪江燃气涡轮研究院保密委员会' },
];

// ---------------------------------------------------------------------------------------------------
// Shared pieces

type Band = 'early' | 'mid' | 'late';

function maturityBand(r: Rng, direction: Direction): Band {
  return direction === 'mil_to_civ'
    ? r.weighted<Band>([['early', 15], ['mid', 45], ['late', 40]])
    : r.weighted<Band>([['early', 5], ['mid', 35], ['late', 60]]);
}

function trlIn(r: Rng, band: Band): number {
  return band === 'early' ? r.int(1, 3) : band === 'mid' ? r.int(4, 6) : r.int(7, 9);
}

const MODES_BY_BAND: Record<Band, readonly TransactionMode[]> = {
  early: ['joint_development', 'equity_investment', 'non_exclusive_licence'],
  mid: ['joint_development', 'exclusive_licence', 'non_exclusive_licence', 'equity_investment', 'transfer'],
  late: ['transfer', 'exclusive_licence', 'non_exclusive_licence', 'equity_investment'],
};

function transactionModes(r: Rng, band: Band): TransactionMode[] {
  const modes = r.sample(MODES_BY_BAND[band], r.weighted([[1, 4], [2, 4], [3, 2]]));
  // Keep the canonical order, so the same set always reads the same.
  return MODE_ORDER.filter((m) => modes.includes(m));
}

const PRICE_RANGE: Record<Band, readonly [number, number]> = {
  early: [50_000, 2_000_000],
  mid: [300_000, 10_000_000],
  late: [1_000_000, 50_000_000],
};

/** ~25% negotiable (面议, null); otherwise log-uniform within the band, rounded like a real asking price. */
function askingPrice(r: Rng, band: Band): string | null {
  if (r.chance(0.25)) return null;
  const [lo, hi] = PRICE_RANGE[band];
  const raw = exp(log(lo) + r.float() * (log(hi) - log(lo)));
  const step = r.chance(0.2) ? 1_000 : raw < 1_000_000 ? 10_000 : 50_000;
  const yuan = min(50_000_000, max(50_000, round(raw / step) * step));
  return `${yuan}.00`;
}

function secrecyLevel(r: Rng, direction: Direction): SecrecyLevel {
  return direction === 'mil_to_civ'
    ? r.weighted<SecrecyLevel>([['public', 70], ['internal', 14], ['secret', 11], ['confidential', 5]])
    : r.weighted<SecrecyLevel>([['public', 90], ['internal', 8], ['secret', 2]]);
}

function declassification(r: Rng): NonNullable<ListingBody['declassification']> {
  const { prefix, authority } = r.pick(DECLASSIFIERS);
  const year = r.int(2023, 2024);
  const date = `${year}-${`${r.int(1, 12)}`.padStart(2, '0')}-${`${r.int(1, 28)}`.padStart(2, '0')}`;
  return { decisionNumber: `${prefix}〔${year}〕${r.int(1, 320)}号`, authority, decisionDate: date };
}

/** A valid Chinese patent (application) number whose kind digit matches `kind`; granted ones carry ZL. */
function patentNumber(r: Rng, kind: PatentKind, serials: SerialSequence): string {
  const pct = kind !== 'design' && r.chance(0.04);
  const kindDigit = kind === 'invention' ? (pct ? '8' : '1') : kind === 'utility_model' ? (pct ? '9' : '2') : '3';
  const serial = serials.next();
  // A few pre-2004 numbers: two-digit year, kind, five-digit serial.
  const digits = kind !== 'design' && !pct && r.chance(0.04) ? `${r.pick(['97', '98', '99', '00', '01', '02', '03'])}${kindDigit}${serial.slice(2)}` : `${r.int(2008, 2024)}${kindDigit}${serial}`;
  const granted = r.chance(kind === 'invention' ? 0.7 : 0.9);
  return `${granted ? 'ZL' : ''}${digits}.${patentCheckCharacter(digits)}`;
}

function patents(r: Rng, vocab: FieldVocabulary, subject: Term, direction: Direction, band: Band, serials: SerialSequence): ListingBody['patents'] {
  const n = band === 'early' ? r.weighted([[0, 4], [1, 4], [2, 2]]) : r.weighted([[0, 2], [1, 4], [2, 3], [3, 2]]);
  const result: ListingBody['patents'] = [];
  for (let k = 0; k < n; k++) {
    const kind: PatentKind =
      vocab.designProducts && r.chance(0.08) ? 'design' : r.chance(direction === 'mil_to_civ' ? 0.7 : 0.55) ? 'invention' : 'utility_model';
    // 国防专利 are invention patents (国防专利条例); enterprises hold few of them.
    const nationalDefence = kind === 'invention' && r.chance(direction === 'mil_to_civ' ? 0.35 : 0.05);
    const title =
      kind === 'design'
        ? r.pick(vocab.designProducts!)
        : kind === 'invention'
          ? `一种${subject[0]}${r.pick(['方法', '方法及系统', '装置及方法', '系统', '结构及其制备方法'])}`
          : `一种${subject[0]}${r.pick(['装置', '结构', '组件', '检测装置'])}`;
    result.push({ number: patentNumber(r, kind, serials), kind, nationalDefence, ...(r.chance(0.9) ? { title } : {}) });
  }
  return result;
}

function ipcCodes(r: Rng, vocab: FieldVocabulary): string[] {
  const codes = r.sample(vocab.ipc, r.weighted([[1, 3], [2, 4], [3, 2], [4, 1]]));
  // Now and then a code from a neighbouring field, as real classifications cross fields.
  if (r.chance(0.1)) {
    const other = r.pick(VOCABULARY[r.pick(TECHNICAL_FIELDS)].ipc);
    if (!codes.includes(other)) codes.push(other);
  }
  return codes;
}

interface TitleParts {
  title: string;
  /** "qualifier + subject + form" in Chinese, and its English. */
  coreZh: string;
  coreEn: string;
}

function titleOf(r: Rng, vocab: FieldVocabulary, subject: Term, direction: Direction, uses: readonly Term[]): TitleParts {
  const qualifier: Term | null =
    direction === 'civ_to_mil' && r.chance(0.15) ? r.pick(CIV_TO_MIL_QUALIFIERS) : r.chance(0.65) ? r.pick(vocab.qualifiers) : null;
  const form = r.pick(vocab.forms);
  const coreZh = `${qualifier ? qualifier[0] : ''}${subject[0]}${form}`;
  const coreEn = `${qualifier ? `${qualifier[1]} ` : ''}${subject[1]}`;
  if (r.chance(0.3)) {
    const use = r.pick(uses);
    return { title: `${coreZh}在${use[0]}中的应用 (${coreEn} for ${use[1]})`, coreZh, coreEn };
  }
  return { title: `${coreZh} (${coreEn})`, coreZh, coreEn };
}

/** Joins sentences up to `max` characters, then adds fillers until at least `min`. */
function fit(sentences: readonly string[], fillers: readonly string[], minLength: number, maxLength: number): string {
  let text = '';
  for (const s of sentences) if (text.length + s.length <= maxLength) text += s;
  for (const s of fillers) {
    if (text.length >= minLength) break;
    if (text.length + s.length <= maxLength) text += s;
  }
  // The fillers are many and short; this only guards against a vocabulary edit breaking the bounds.
  const padding = '本成果可根据用户需求进行定制开发，并提供技术培训与售后服务。';
  while (text.length < minLength) text += padding;
  return text.length > maxLength ? text.slice(0, maxLength) : text;
}

const modesText = (modes: readonly TransactionMode[]) => modes.map((m) => MODE_NAMES[m]).join('、');

// ---------------------------------------------------------------------------------------------------
// Demo listings: rich text and a dossier

function demoListing(r: Rng, field: TechnicalField, direction: Direction, serials: SerialSequence, titles: Set<string>): DemoListing {
  const vocab = VOCABULARY[field];
  const uses = direction === 'mil_to_civ' ? vocab.civilUses : vocab.defenceUses;

  let subject = r.pick(vocab.subjects);
  let parts = titleOf(r, vocab, subject, direction, uses);
  for (let attempt = 0; titles.has(parts.title) && attempt < 20; attempt++) {
    subject = r.pick(vocab.subjects);
    parts = titleOf(r, vocab, subject, direction, uses);
  }
  titles.add(parts.title);

  const band = maturityBand(r, direction);
  const trl = trlIn(r, band);
  const modes = transactionModes(r, band);
  const price = askingPrice(r, band);
  const secrecy = secrecyLevel(r, direction);
  const decl = secrecy === 'public' ? null : declassification(r);
  const listingPatents = patents(r, vocab, subject, direction, band, serials);
  const specs = r.sample(vocab.specs, r.int(3, 5)).map((spec) => spec(r));
  const [use1, use2, use3] = r.sample(uses, 3);
  const useList = [use1, use2, use3].filter(Boolean).map((u) => u[0]);
  const origin = direction === 'mil_to_civ' ? r.pick(vocab.origins) : r.pick(ENTERPRISE_CONTEXT);
  const approach = r.pick(vocab.approaches);

  const core = `${parts.coreZh}（${parts.coreEn}）`;
  const lead = direction === 'mil_to_civ' ? r.pick([`本成果为${core}`, `${core}`, `本单位研制的${core}`]) : r.pick([`本公司${core}`, `${core}`, `本产品基于${core}`]);
  const summaryTemplates = [
    [`${lead}，${approach}。`, `${specs[0]}，${specs[1]}。`, `可应用于${useList.slice(0, 2).join('、')}等领域。`],
    [`面向${useList[0]}需求，${lead}。`, `主要指标：${specs[0]}；${specs[1]}。`, `技术就绪度 TRL ${trl}。`],
    [`${origin}。`, `${lead}，${specs[0]}。`, `适用于${useList.join('、')}。`],
  ];
  const summary = fit(r.pick(summaryTemplates), [`${approach}。`, `技术就绪度 TRL ${trl}，${MATURITY[trl]}。`, `${specs[2]}。`], 60, 300);

  const inventions = listingPatents.filter((p) => p.kind === 'invention').length;
  const defence = listingPatents.filter((p) => p.nationalDefence).length;
  const ipText =
    listingPatents.length === 0
      ? '核心工艺以技术秘密形式保护，可随技术资料一并交付。'
      : `拥有相关专利 ${listingPatents.length} 项（其中发明专利 ${inventions} 项${defence ? `，国防专利 ${defence} 项，按国防专利管理规定办理实施许可` : ''}），另有配套技术秘密。`;
  const priceText = price === null ? '价格面议。' : `挂牌价 ${formatWan(price)} 万元，可视合作方式协商。`;
  const secrecyText =
    decl === null ? '' : `本成果原密级为“${SECRECY_NAMES[secrecy]}”，已经${decl.authority}批准解密（${decl.decisionNumber}），公开内容不涉及国家秘密。`;
  const context = direction === 'mil_to_civ' ? r.pick(INSTITUTE_CONTEXT) : r.pick(ENTERPRISE_CONTEXT);

  const description = fit(
    [
      `【技术背景】${origin}。${secrecyText}`,
      `【技术方案】${parts.coreZh}${approach}。${r.pick(vocab.approaches)}。`,
      `【主要指标】${specs.map((s, i) => `${i + 1}) ${s}`).join('；')}。`,
      `【成熟度】技术就绪度 TRL ${trl}：${MATURITY[trl]}。`,
      `【知识产权】${ipText}`,
      `【应用领域】${useList.join('、')}等。`,
      `【合作方式】${modesText(modes)}；${priceText}${context}。`,
    ],
    [`【补充说明】${r.pick(ENTERPRISE_CONTEXT.concat(INSTITUTE_CONTEXT))}。`, `可提供样品测试与现场演示，技术团队可派驻现场支持。`, `交付内容包括技术资料、工艺文件、培训与为期 ${r.int(6, 24)} 个月的技术支持。`],
    200,
    1500,
  );

  const body: ListingBody = {
    title: parts.title,
    summary,
    description,
    direction,
    field,
    ipcCodes: ipcCodes(r, vocab),
    trl,
    patents: listingPatents,
    transactionModes: modes,
    askingPrice: price,
    secrecyLevel: secrecy,
    declassification: decl,
  };
  if (r.chance(0.3)) body.dossierAccess = r.pick(['by_grant', 'verified_organisations'] as const);

  return {
    ownerKind: direction === 'mil_to_civ' ? 'institute' : 'enterprise',
    body,
    dossier: dossierOf(r, vocab, body),
    outcome: r.weighted<DemoOutcome>([['published', 80], ['pending_review', 8], ['draft', 7], ['rejected', 5]]),
  };
}

function formatWan(price: string): string {
  const yuan = Number(price.slice(0, -3));
  return (yuan / 10_000).toFixed(yuan % 10_000 === 0 ? 0 : 1);
}

function dossierOf(r: Rng, vocab: FieldVocabulary, body: ListingBody): string {
  const code = `${body.field.slice(0, 2).toUpperCase()}-${r.int(2019, 2024)}`;
  const lines: string[] = [
    `【受限资料】${body.title}`,
    `资料编号：${code}-${pad3(r.int(1, 999))}    版本：V${r.int(1, 4)}.${r.int(0, 9)}`,
    `原始密级：${SECRECY_NAMES[body.secrecyLevel]}${body.declassification ? `（已解密，批准文号 ${body.declassification.decisionNumber}，${body.declassification.decisionDate}）` : ''}`,
    '查阅范围：仅限已签署保密协议 (NDA) 并经平台核实的单位；每次查阅均记入审计日志，不得复制、转发。',
    '',
    '一、关键工艺参数 (process parameters)',
    ...r.sample(vocab.process, r.int(2, vocab.process.length)).map((p, i) => `${i + 1}. ${p(r)}`),
    '',
    '二、试验数据 (test data)',
    '试验编号 | 条件 | 结果',
  ];
  const rows = r.int(4, 10);
  for (let i = 1; i <= rows; i++) {
    const [condition, result] = vocab.trial(r).split(' | ');
    lines.push(`${code}-T${pad3(i)} | ${condition} | ${result}`);
  }
  lines.push(
    '',
    '三、交付物清单 (deliverables)',
    `- 技术说明书 1 份（${r.int(40, 300)} 页）`,
    `- 工程图纸 ${r.int(1, 12)} 套，工艺规程 ${r.int(2, 20)} 份`,
    r.chance(0.5) ? `- 软件源代码与构建说明（约 ${r.int(10, 400)} 千行）` : `- 关键工装与检测夹具设计文件 ${r.int(2, 15)} 项`,
    `- 现场培训 ${r.int(3, 20)} 人日，技术支持 ${r.int(6, 24)} 个月`,
    '',
    '四、注意事项',
    body.patents.some((p) => p.nationalDefence)
      ? '涉及国防专利的部分须经国防专利机构办理实施许可后方可使用。'
      : '本资料所列参数为特定设备条件下的验证值，移植到其他产线需重新进行工艺验证。',
  );
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------------
// Synthetic listings: cheap, still valid and varied

function syntheticListing(r: Rng, field: TechnicalField, direction: Direction, serials: SerialSequence): ListingBody {
  const vocab = VOCABULARY[field];
  const uses = direction === 'mil_to_civ' ? vocab.civilUses : vocab.defenceUses;
  const subject = r.pick(vocab.subjects);
  const parts = titleOf(r, vocab, subject, direction, uses);
  const band = maturityBand(r, direction);
  const trl = trlIn(r, band);
  const modes = transactionModes(r, band);
  const secrecy = secrecyLevel(r, direction);
  const use1 = r.pick(uses);
  const use2 = r.pick(uses);
  const s1 = r.pick(vocab.specs)(r);
  const s2 = r.pick(vocab.specs)(r);
  const s3 = r.pick(vocab.specs)(r);
  const approach = r.pick(vocab.approaches);

  let summary = `${parts.coreZh}（${parts.coreEn}），${s1}，${s2}，可用于${use1[0]}${use2 === use1 ? '' : `、${use2[0]}`}等领域。`;
  if (summary.length < 60) summary += `${approach}。`;
  if (summary.length < 60) summary += `技术就绪度 TRL ${trl}。`;
  if (summary.length > 300) summary = summary.slice(0, 299) + '。';

  let description = `${summary}【技术方案】${approach}。【主要指标】${s1}；${s2}；${s3}。【成熟度】TRL ${trl}：${MATURITY[trl]}。【合作方式】${modesText(modes)}。${direction === 'mil_to_civ' ? r.pick(vocab.origins) : r.pick(ENTERPRISE_CONTEXT)}。`;
  while (description.length < 200) description += `${r.pick(vocab.approaches)}。`;
  if (description.length > 1500) description = description.slice(0, 1499) + '。';

  return {
    title: parts.title,
    summary,
    description,
    direction,
    field,
    ipcCodes: ipcCodes(r, vocab),
    trl,
    patents: patents(r, vocab, subject, direction, band, serials),
    transactionModes: modes,
    askingPrice: askingPrice(r, band),
    secrecyLevel: secrecy,
    declassification: secrecy === 'public' ? null : declassification(r),
  };
}
