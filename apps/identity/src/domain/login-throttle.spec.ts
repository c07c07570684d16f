import { judgeLoginAttempt } from './login-throttle';

const limits = { maxFailuresPerAccount: 5, maxFailuresPerClient: 20, windowSeconds: 900 };
const counts = (account: number, client: number) => ({ account, client, accountResetsIn: 600, clientResetsIn: 300 });

describe('login throttle', () => {
  it('allows attempts below both limits', () => {
    expect(judgeLoginAttempt(counts(4, 19), limits)).toEqual({ allowed: true });
  });

  it('refuses the account at its limit, until its window resets', () => {
    expect(judgeLoginAttempt(counts(5, 0), limits)).toEqual({ allowed: false, scope: 'account', retryAfterSeconds: 600 });
  });

  it('refuses the client at its limit even for an account without failures', () => {
    expect(judgeLoginAttempt(counts(0, 20), limits)).toEqual({ allowed: false, scope: 'client', retryAfterSeconds: 300 });
  });

  it('never tells a client to retry in zero or negative seconds', () => {
    expect(judgeLoginAttempt({ account: 9, client: 0, accountResetsIn: -1, clientResetsIn: -2 }, limits)).toMatchObject({ retryAfterSeconds: 1 });
  });
});
