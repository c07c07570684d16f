/**
 * Negotiated deals at every stage, made through the public API the way people would: an
 * enterprise expresses interest in an institute's listing, the institute accepts, they trade
 * offers, one accepts, and the trade goes as far as its stage (terms, signatures, payment,
 * completion, a dispute). Gives the inbox, the trades pages and the annual report something to show.
 */
type Call = (method: string, path: string, token: string | null, body?: unknown) => Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const STAGES = ['completed', 'completed', 'paid', 'signed', 'disputed', 'pending_signature', 'negotiating', 'interest'] as const;
const PAST = STAGES.indexOf('pending_signature');

export async function seedDealsDemo(call: Call, operator: string, owners: { institute: string[]; enterprise: string[] }, log: (line: string) => void): Promise<void> {
  if (owners.institute.length === 0 || owners.enterprise.length === 0) return;
  let made = 0;
  for (const [i, stage] of STAGES.entries()) {
    const seller = owners.institute[(i + 1) % owners.institute.length];
    const buyer = owners.enterprise[i % owners.enterprise.length];
    // Listings 0–2 of the first institute are in the demo auctions; take later ones.
    const mine = await call('GET', `/listings/mine?status=published&pageSize=20&page=1`, seller);
    const listing = mine.items[3 + Math.floor(i / owners.institute.length)];
    if (!listing) continue;
    const interest = await call('POST', '/interests', buyer, { listingId: listing.id, message: '我司对该成果很感兴趣，希望洽谈转化合作。We would like to discuss terms.' });
    if (stage === 'interest') {
      made++;
      continue;
    }
    const accepted = await call('POST', `/interests/${interest.id}/accept`, seller, { message: '欢迎洽谈，请提出报价。' });
    const thread = accepted.negotiationId as string;
    const mode = listing.transactionModes[0];
    const asking = Number(listing.askingPrice ?? '800000.00');
    await call('POST', `/negotiations/${thread}/messages`, buyer, { body: '请问是否包含技术培训和后续支持？' });
    await call('POST', `/negotiations/${thread}/offers`, buyer, { amount: (asking * 0.8).toFixed(2), transactionMode: mode, note: '首轮报价' });
    const counter = await call('POST', `/negotiations/${thread}/offers`, seller, { amount: (asking * 0.92).toFixed(2), transactionMode: mode, note: '含三个月技术支持' });
    if (stage === 'negotiating') {
      made++;
      continue;
    }
    const agreed = await call('POST', `/negotiations/${thread}/offers/${counter.currentOffer.id}/accept`, buyer, { note: '同意' });
    let tradeId: string | null = agreed.tradeId;
    for (let attempt = 0; !tradeId && attempt < 20; attempt++) {
      await new Promise((r) => setTimeout(r, 250));
      tradeId = (await call('GET', `/negotiations/${thread}`, buyer)).tradeId;
    }
    if (!tradeId) continue;
    made++;
    if (STAGES.indexOf(stage) >= PAST) continue;
    const terms = await call('PUT', `/trades/${tradeId}/contract`, seller, {
      scope: `${mode === 'transfer' ? '技术转让' : '技术许可'}：含全部技术资料及三个月技术支持 / know-how and three months of support`,
      effectiveDate: '2026-12-01',
      expiryDate: mode.endsWith('licence') ? '2031-11-30' : null,
    });
    await call('POST', `/trades/${tradeId}/signatures`, seller, { termsVersion: terms.contract.termsVersion });
    const signed = await call('POST', `/trades/${tradeId}/signatures`, buyer, { termsVersion: terms.contract.termsVersion });
    if (stage === 'signed') continue;
    if (stage === 'disputed') {
      await call('POST', `/trades/${tradeId}/disputes`, buyer, { reason: '卖方迟迟未交付技术资料 / the seller has not delivered the documents' });
      continue;
    }
    await call('POST', `/admin/trades/${tradeId}/payments`, operator, { amount: signed.outstanding, reference: `DEMO-PAY-${tradeId.slice(0, 8)}` });
    if (stage === 'completed') await call('POST', `/trades/${tradeId}/completion`, buyer);
  }
  log(`  negotiated deals ${made} (interest, negotiating, and trades pending signature, signed, disputed, paid, completed)`);
}
