import { INestMicroservice } from '@nestjs/common';
import { systemActor } from '@lib/auth';
import { creditCodeCheckCharacter } from '@lib/contracts';
import { randomBytes, randomInt } from 'node:crypto';
import request from 'supertest';
import { RegistrationService } from '../../apps/identity/src/users/registration.service';
import { TestSystem } from './system';

const CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** A random, checksum-valid unified social credit code (region 510700, Mianyang). */
export function randomCreditCode(): string {
  let body = '91510700';
  for (let i = 0; i < 9; i++) body += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return body + creditCodeCheckCharacter(body);
}

export const uniqueEmail = (label: string) => `${label}.${randomBytes(4).toString('hex')}@example.cn`;
export const PASSWORD = 'correct horse battery staple';

export interface Session {
  userId: string;
  email: string;
  organisationId: string | null;
  accessToken: string;
  refreshToken: string;
  auth: { Authorization: string };
}

/** A small client over the running gateway for identity flows. */
export class IdentityApi {
  constructor(private readonly system: TestSystem) {}

  get http() {
    return this.system.http;
  }

  async register(kind: 'institute' | 'enterprise' = 'institute', overrides: Record<string, unknown> = {}) {
    const email = uniqueEmail(kind);
    const response = await request(this.http)
      .post('/api/v1/auth/register')
      .send({
        email,
        password: PASSWORD,
        displayName: '张伟',
        organisation: { name: `绵阳测试${kind === 'institute' ? '研究所' : '科技有限公司'}`, kind, creditCode: randomCreditCode(), regionCode: '510700' },
        ...overrides,
      })
      .expect(201);
    return { email, user: response.body.user, organisation: response.body.organisation };
  }

  async login(email: string, password = PASSWORD): Promise<Session> {
    const response = await request(this.http).post('/api/v1/auth/login').send({ email, password }).expect(200);
    const me = await request(this.http).get('/api/v1/me').set('Authorization', `Bearer ${response.body.accessToken}`).expect(200);
    return {
      userId: me.body.user.id,
      email,
      organisationId: me.body.user.organisationId,
      accessToken: response.body.accessToken,
      refreshToken: response.body.refreshToken,
      auth: { Authorization: `Bearer ${response.body.accessToken}` },
    };
  }

  /** Registers an organisation and logs its admin in. */
  async member(kind: 'institute' | 'enterprise' = 'institute'): Promise<Session> {
    const { email } = await this.register(kind);
    return this.login(email);
  }

  /** An operator, created the way the CLI does it, logged in. */
  async operator(): Promise<Session> {
    const identity = this.system.services.get('identity') as INestMicroservice;
    const email = uniqueEmail('operator');
    await identity.get(RegistrationService).createOperator(email, '值班员', PASSWORD, systemActor('test'));
    return this.login(email);
  }

  async verifiedMember(operator: Session, kind: 'institute' | 'enterprise' = 'institute'): Promise<Session> {
    const member = await this.member(kind);
    await request(this.http).post(`/api/v1/admin/organisations/${member.organisationId}/verify`).set(operator.auth).send({}).expect(200);
    return member;
  }
}
