import { existsSync, readFileSync } from 'node:fs';
import { demoListings } from './catalogue-generator';
import { seedDealsDemo } from './deals-demo';
import { seedDemandsDemo } from './demands-demo';
import { seedEvaluationsDemo } from './evaluations-demo';

export const DEMO_LISTING_COUNT = 300;

interface Credentials {
  password: string;
  operator: string;
  admins: { email: string; role: 'institute' | 'enterprise' }[];
  experts: string[];
}

/** Reads the demo accounts written by the identity seed. */
export function readDemoCredentials(file: string): Credentials | null {
  if (!existsSync(file)) return null;
  const lines = readFileSync(file, 'utf8').split('\n');
  const password = /password for all: (\S+)\)/.exec(lines[0])?.[1];
  if (!password) return null;
  const accounts = lines.slice(1).map((line) => line.trim().split(/\s+/)).filter((parts) => parts.length >= 2);
  const operator = accounts.find(([role]) => role === 'operator')?.[1];
  const admins = accounts
    .filter(([role, email]) => (role === 'institute' || role === 'enterprise') && email.startsWith('admin@'))
    .map(([role, email]) => ({ email, role: role as 'institute' | 'enterprise' }));
  const experts = accounts.filter(([role]) => role === 'expert').map(([, email]) => email);
  return operator ? { password, operator, admins, experts } : null;
}

async function call(baseUrl: string, method: string, path: string, token: string | null, body?: unknown) {
  const response = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : null;
}

/**
 * Seeds the demo catalogue through the public API, as real users would: each listing is created
 * by an admin of an organisation of the right kind, given a dossier, and taken to its demo
 * outcome by the owner and the operator (published ones reach the search index through the worker).
 */
export async function seedCatalogueDemo(baseUrl: string, credentialsFile: string, log: (line: string) => void): Promise<void> {
  const credentials = readDemoCredentials(credentialsFile);
  if (!credentials) {
    log(`  no demo accounts file (${credentialsFile}): catalogue not seeded`);
    return;
  }
  const login = async (email: string) => (await call(baseUrl, 'POST', '/auth/login', null, { email, password: credentials.password })).accessToken as string;
  const operator = await login(credentials.operator);
  const existing = await call(baseUrl, 'GET', '/admin/listings?status=published&pageSize=1', operator);
  if (existing.total > 0) {
    log(`  catalogue already seeded (${existing.total} published listings)`);
    return;
  }
  const owners = { institute: [] as string[], enterprise: [] as string[] };
  for (const admin of credentials.admins) owners[admin.role].push(await login(admin.email));
  const next = { institute: 0, enterprise: 0 };
  const listings = demoListings(DEMO_LISTING_COUNT);
  for (const [index, listing] of listings.entries()) {
    const pool = owners[listing.ownerKind];
    const owner = pool[next[listing.ownerKind]++ % pool.length];
    const created = await call(baseUrl, 'POST', '/listings', owner, listing.body);
    await call(baseUrl, 'PUT', `/listings/${created.id}/dossier`, owner, { content: listing.dossier });
    if (listing.outcome !== 'draft') await call(baseUrl, 'POST', `/listings/${created.id}/submit`, owner);
    if (listing.outcome === 'published') await call(baseUrl, 'POST', `/admin/listings/${created.id}/approve`, operator);
    if (listing.outcome === 'rejected') {
      await call(baseUrl, 'POST', `/admin/listings/${created.id}/reject`, operator, { reason: '解密批准文件扫描件不清晰，请补充后重新提交' });
    }
    if ((index + 1) % 50 === 0 || index + 1 === listings.length) log(`  listings ${index + 1}/${listings.length}`);
  }
  await seedAuctionsDemo(baseUrl, operator, owners, log);
  const api = (method: string, path: string, token: string | null, body?: unknown) => call(baseUrl, method, path, token, body);
  await seedDemandsDemo(api, owners, log);
  await seedDealsDemo(api, operator, owners, log);
  await seedEvaluationsDemo(api, operator, await Promise.all(credentials.experts.map(login)), log);
}

/**
 * Three running auctions on published listings of the demo institutes (English, sealed-bid and
 * Dutch), with the demo enterprises' wallets topped up, registered, and a first bid on the English one.
 */
async function seedAuctionsDemo(baseUrl: string, operator: string, owners: { institute: string[]; enterprise: string[] }, log: (line: string) => void) {
  const seller = owners.institute[0];
  const mine = await call(baseUrl, 'GET', '/listings/mine?status=published&pageSize=3', seller);
  if (mine.items.length < 3) return;
  const now = Date.now();
  const day = 86_400_000;
  const common = { deposit: '50000.00', requiredQualifications: [], startsAt: new Date(now + 5_000).toISOString(), endsAt: new Date(now + 2 * day).toISOString() };
  const english = await call(baseUrl, 'POST', '/auctions', seller, {
    ...common,
    listingId: mine.items[0].id,
    type: 'english',
    startPrice: '800000.00',
    increment: '10000.00',
    reservePrice: '1000000.00',
    softClose: { windowSeconds: 300, extensionSeconds: 300 },
  });
  await call(baseUrl, 'POST', '/auctions', seller, { ...common, listingId: mine.items[1].id, type: 'sealed_second_price', startPrice: '500000.00' });
  await call(baseUrl, 'POST', '/auctions', seller, {
    ...common,
    listingId: mine.items[2].id,
    type: 'dutch',
    startPrice: '3000000.00',
    dutch: { step: '50000.00', intervalSeconds: 3600, floorPrice: '1500000.00' },
  });
  for (const [n, enterprise] of owners.enterprise.entries()) {
    const me = await call(baseUrl, 'GET', '/me', enterprise);
    await call(baseUrl, 'POST', '/admin/payments/top-ups', operator, { organisationId: me.user.organisationId, amount: '2000000.00', reference: `DEMO-TOPUP-${n + 1}` });
    await call(baseUrl, 'POST', `/auctions/${english.id}/registrations`, enterprise);
  }
  await new Promise((r) => setTimeout(r, 6_000)); // the auctions open 5 s after creation
  await fetch(`${baseUrl}/api/v1/auctions/${english.id}/bids`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${owners.enterprise[0]}`, 'idempotency-key': 'demo-first-bid-0001' },
    body: JSON.stringify({ amount: '900000.00' }),
  });
  log('  auctions 3 (English with a first bid, sealed second-price, Dutch)');
}
