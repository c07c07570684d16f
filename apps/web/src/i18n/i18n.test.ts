import { describe, expect, it } from 'vitest';
import { en } from './en';
import { isMessageKey, translate, translateAlias } from './i18n';
import { MessageKey, zh } from './zh';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the dictionaries', () => {
  it('give every key a non-empty text in both languages, with the same placeholders', () => {
    for (const key of Object.keys(zh) as MessageKey[]) {
      expect(zh[key].trim(), key).not.toBe('');
      expect(en[key]?.trim(), key).toBeTruthy();
      expect(placeholders(en[key]), key).toEqual(placeholders(zh[key]));
    }
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
  });

  it('label every value of the API vocabularies the console shows', async () => {
    const v = await import('../lib/vocabulary');
    const groups: [string, readonly string[]][] = [
      ['field', v.TECHNICAL_FIELDS],
      ['direction', v.DIRECTIONS],
      ['mode', v.TRANSACTION_MODES],
      ['secrecy', v.SECRECY_LEVELS],
      ['patentKind', v.PATENT_KINDS],
      ['auctionType', v.AUCTION_TYPES],
      ['auctionStatus', v.AUCTION_STATUSES],
      ['qualType', v.QUALIFICATION_TYPES],
      ['tradeStatus', v.TRADE_STATUSES],
      ['criterion', v.RUBRIC_CRITERIA],
      ['valuationMethod', v.VALUATION_METHODS],
      ['evaluationStatus', v.EVALUATION_STATUSES],
      ['assignmentStatus', v.ASSIGNMENT_STATUSES],
      ['conflict', v.CONFLICT_REASONS],
      ['demandStatus', v.DEMAND_STATUSES],
      ['visibility', v.DEMAND_VISIBILITIES],
      ['demandSort', v.DEMAND_SORTS],
      ['factor', v.MATCH_FACTORS],
      ['effect', v.MATCH_EFFECTS],
    ];
    for (const [group, values] of groups) for (const value of values) expect(isMessageKey(`${group}.${value}`), `${group}.${value}`).toBe(true);
  });
});

describe('translate', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('zh', 'common.pageOf', { page: 2, pages: 5 })).toBe('第 2 / 5 页');
    expect(translate('en', 'common.pageOf', { page: 2, pages: 5 })).toBe('Page 2 of 5');
    expect(translate('en', 'common.pageOf', { page: 2 })).toBe('Page 2 of {pages}');
  });

  it('shows the aliases the API writes in Chinese in the user’s language, and anything else as it is', () => {
    expect(translateAlias('en', '竞买人 02')).toBe('Bidder 02');
    expect(translateAlias('en', '专家 03')).toBe('Expert 03');
    expect(translateAlias('zh', '竞买人 02')).toBe('竞买人 02');
    expect(translateAlias('en', 'Bidder X')).toBe('Bidder X');
    expect(translateAlias('en', null)).toBe('—');
  });
});
