import { matchNotifications } from './match-notifier';

describe('notification requests of a new match', () => {
  const match = {
    matchId: 'm-1',
    demandId: 'd-1',
    listingId: 'l-1',
    demandOrganisationId: 'org-buyer',
    listingOrganisationId: 'org-seller',
    demandTitle: '脉冲风洞测力',
    listingTitle: '脉冲风洞测力技术 (impulse wind tunnel force measurement)',
    score: 0.876,
    explanation: 'same IPC group G01M 9/06; TRL 7 ≥ 6',
  };

  it('asks once per side, with keys stable per match and side', () => {
    const [demandSide, listingSide] = matchNotifications(match);
    expect(demandSide).toEqual({
      key: 'match.new:m-1:demand',
      kind: 'match.new',
      recipientOrganisationIds: ['org-buyer'],
      recipientUserIds: [],
      title: '新匹配成果 New listing for your demand “脉冲风洞测力”',
      body: '“脉冲风洞测力技术 (impulse wind tunnel force measurement)” matches your demand (score 0.88): same IPC group G01M 9/06; TRL 7 ≥ 6.',
      subject: { type: 'demand', id: 'd-1' },
    });
    expect(listingSide).toMatchObject({ key: 'match.new:m-1:listing', recipientOrganisationIds: ['org-seller'], subject: { type: 'listing', id: 'l-1' } });
    expect(matchNotifications(match)).toEqual([demandSide, listingSide]);
  });

  it('keeps titles and bodies within what the inbox stores', () => {
    const long = matchNotifications({ ...match, demandTitle: '需'.repeat(200), listingTitle: '成'.repeat(200), explanation: 'x'.repeat(5000) });
    for (const request of long) {
      expect(request.title.length).toBeLessThanOrEqual(300);
      expect(request.body.length).toBeLessThanOrEqual(4000);
      expect(request.title).toContain('…');
    }
  });
});
