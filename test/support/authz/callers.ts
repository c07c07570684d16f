/**
 * The callers of the authorisation matrix and the classes of outcome it expects of them.
 * See docs/authorisation.md.
 */

/**
 * The columns of the matrix, in order. "Own" and "other" are relative to the object a row's request
 * names: institute A and enterprise A own it (or are its parties); institute B and enterprise B are
 * other organisations of the same kinds; the expert is on the panel of the assignment a row names,
 * the other expert is in the pool but not on that panel, and belongs to institute A: an expert's
 * organisation is recorded for conflict-of-interest checks and gives no right of its members.
 */
export const CALLERS = [
  'anonymous', // no token
  'institute', // admin of institute A (owner or party)
  'instituteMember', // a member of institute A who is not its admin
  'instituteOther', // admin of institute B: another organisation
  'enterprise', // admin of enterprise A (owner or party)
  'enterpriseOther', // admin of enterprise B: another organisation
  'expert', // an expert with an assignment the row names
  'expertOther', // an expert of the pool without it, affiliated with institute A (for conflict-of-interest checks)
  'operator', // platform staff
] as const;
export type Caller = (typeof CALLERS)[number];

/** Short column headings, for the table in matrix.ts and for failure messages. */
export const HEADINGS: Record<Caller, string> = {
  anonymous: 'anon',
  institute: 'inst',
  instituteMember: 'i.mem',
  instituteOther: 'i.oth',
  enterprise: 'ent',
  enterpriseOther: 'e.oth',
  expert: 'exp',
  expertOther: 'x.oth',
  operator: 'oper',
};

/**
 * What a caller must get:
 * - `ok`: a 2xx (the request is valid and this caller may make it);
 * - `allowed`: let through authorisation: a 2xx, or a 4xx that is none of 401/403/404 (the object is in
 *   a state where the action does not apply, say a 409), never a 5xx;
 * - `401`: no or invalid token (`AUTH.UNAUTHENTICATED`);
 * - `403`: wrong role for the operation (`AUTH.FORBIDDEN`);
 * - `404`: the object is not visible to this caller (another organisation's, or not public): `*.NOT_FOUND`;
 * - `'<status> <CODE>'`: exactly this refusal, for a rule of the product about this caller and object
 *   (the seller may not bid: `'403 AUCTION.OWN_LISTING'`). Such a refusal names an object the caller
 *   may know exists.
 */
export type Outcome = 'ok' | 'allowed' | 401 | 403 | 404 | `${400 | 401 | 403 | 409 | 422} ${string}`;

export const ok = 'ok' as const;
export const al = 'allowed' as const;

/** Refusals run first against a row's fixture, then the calls allowed through, the successful ones last. */
export function phaseOf(outcome: Outcome): 0 | 1 | 2 {
  if (outcome === 'ok') return 2;
  if (outcome === 'allowed') return 1;
  return 0;
}

export interface Answer {
  status: number;
  code?: string;
  body?: unknown;
}

export function describeAnswer(answer: Answer): string {
  return answer.code ? `${answer.status} ${answer.code}` : `${answer.status}`;
}

/** Whether the answer is of the expected class. */
export function matches(expected: Outcome, answer: Answer): boolean {
  const { status, code } = answer;
  switch (expected) {
    case 'ok':
      return status >= 200 && status < 300;
    case 'allowed':
      return status < 500 && ![401, 403, 404].includes(status);
    case 401:
      return status === 401 && code === 'AUTH.UNAUTHENTICATED';
    case 403:
      return status === 403 && code === 'AUTH.FORBIDDEN';
    case 404:
      return status === 404 && /\.NOT_FOUND$/.test(code ?? '');
    default: {
      const [wantedStatus, wantedCode] = expected.split(' ');
      return status === Number(wantedStatus) && code === wantedCode;
    }
  }
}
