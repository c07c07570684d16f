import { INestApplicationContext } from '@nestjs/common';
import { Actor, systemActor } from '@lib/auth';
import { creditCodeCheckCharacter, QualificationType, TechnicalField } from '@lib/contracts';
import { OrganisationsService } from '../../apps/identity/src/organisations/organisations.service';
import { QualificationsService } from '../../apps/identity/src/qualifications/qualifications.service';
import { RegistrationService } from '../../apps/identity/src/users/registration.service';

/** Fictional organisations modelled on Mianyang Science City's institutes and enterprises. */
const ORGANISATIONS: { key: string; name: string; kind: 'institute' | 'enterprise'; region: string; qualifications: QualificationType[] }[] = [
  { key: 'iap', name: '绵阳应用物理研究所', kind: 'institute', region: '510703', qualifications: ['secrecy', 'weapons_rnd_licence', 'quality_system'] },
  { key: 'swatc', name: '西南空气动力试验中心', kind: 'institute', region: '510704', qualifications: ['secrecy', 'quality_system'] },
  { key: 'fgtri', name: '涪江燃气涡轮研究院', kind: 'institute', region: '510781', qualifications: ['secrecy', 'weapons_rnd_licence'] },
  { key: 'wsiet', name: '川西电子技术研究所', kind: 'institute', region: '510107', qualifications: ['secrecy', 'equipment_supplier'] },
  { key: 'suat', name: '西南应用科技大学', kind: 'institute', region: '510708', qualifications: ['secrecy'] },
  { key: 'jiuan', name: '涪城九安电子科技有限公司', kind: 'enterprise', region: '510703', qualifications: ['secrecy', 'equipment_supplier', 'quality_system', 'civil_military_enterprise'] },
  { key: 'kxcjm', name: '科学城精密制造股份有限公司', kind: 'enterprise', region: '510704', qualifications: ['quality_system', 'civil_military_enterprise'] },
  { key: 'xincai', name: '绵阳新材科技有限公司', kind: 'enterprise', region: '510700', qualifications: ['civil_military_enterprise'] },
  { key: 'anzhou', name: '安州无人系统科技有限公司', kind: 'enterprise', region: '510705', qualifications: ['secrecy', 'equipment_supplier'] },
  { key: 'youxian', name: '游仙激光光电有限公司', kind: 'enterprise', region: '510704', qualifications: [] },
];

const EXPERTS: { name: string; fields: TechnicalField[]; organisation?: string }[] = [
  { name: '陈立新 研究员', fields: ['aerodynamics', 'unmanned_systems', 'electronic_information'], organisation: 'swatc' },
  { name: '王海燕 教授', fields: ['new_materials', 'advanced_manufacturing'], organisation: 'suat' },
  { name: '刘建国 高级工程师', fields: ['electronic_information', 'navigation_remote_sensing'] },
  { name: '赵明 研究员', fields: ['nuclear', 'energy_power'], organisation: 'iap' },
  { name: '孙丽 教授', fields: ['lasers_optics', 'electronic_information'] },
  { name: '周强 高级工程师', fields: ['aero_engines_gas_turbines', 'energy_power'] },
  { name: '吴静 研究员', fields: ['biomedicine', 'other'] },
];

/** A checksum-valid credit code derived from a key, so the demo is the same on every machine. */
function demoCreditCode(index: number, region: string): string {
  const body = `91${region}MA${String(6_000_000 + index * 7919).padStart(7, '0')}`.slice(0, 17);
  return body + creditCodeCheckCharacter(body);
}

export interface DemoAccount {
  email: string;
  role: string;
  organisation: string | null;
}

/**
 * Seeds identity through its own use cases (so the audit log records everything): one operator,
 * ten verified organisations with an admin each and verified qualifications, and an expert pool.
 */
export async function seedIdentityDemo(app: INestApplicationContext, password: string, progress: (line: string) => void) {
  const registration = app.get(RegistrationService);
  const organisations = app.get(OrganisationsService);
  const qualifications = app.get(QualificationsService);
  const accounts: DemoAccount[] = [];

  const operatorView = await registration.createOperator('operator@demo.dualuse.cn', '平台值班员', password, systemActor('demo-seed'));
  const operator: Actor = { userId: operatorView.user.id, role: 'operator', organisationId: null, isOrganisationAdmin: false, sessionId: 'demo-seed' };
  accounts.push({ email: operatorView.user.email, role: 'operator', organisation: null });

  const organisationIds = new Map<string, string>();
  for (const [index, spec] of ORGANISATIONS.entries()) {
    const email = `admin@${spec.key}.demo.dualuse.cn`;
    const me = await registration.register({
      email,
      password,
      displayName: `${spec.name}管理员`,
      organisation: { name: spec.name, kind: spec.kind, creditCode: demoCreditCode(index, spec.region), regionCode: spec.region },
    });
    const organisationId = me.organisation!.id;
    organisationIds.set(spec.key, organisationId);
    await organisations.moderate(operator, { organisationId, decision: 'verify', reason: '资料齐全，核验通过' });
    const admin: Actor = { userId: me.user.id, role: spec.kind, organisationId, isOrganisationAdmin: true, sessionId: 'demo-seed' };
    for (const [n, type] of spec.qualifications.entries()) {
      const submitted = await qualifications.submit(admin, organisationId, {
        type,
        number: `${spec.key.toUpperCase()}-${type.slice(0, 3).toUpperCase()}-2024-${String(n + 1).padStart(3, '0')}`,
        grade: type === 'secrecy' ? (spec.kind === 'institute' ? '一级' : '二级') : undefined,
        issuer: type === 'secrecy' ? '国家保密行政管理部门' : '国防科技工业主管部门',
        validFrom: '2024-01-01',
        validUntil: '2028-12-31',
      });
      await qualifications.review(operator, { qualificationId: submitted.id, decision: 'verify' });
    }
    accounts.push({ email, role: spec.kind, organisation: spec.name });
    progress(`  organisations ${index + 1}/${ORGANISATIONS.length}`);
  }

  for (const [index, expert] of EXPERTS.entries()) {
    const email = `expert${index + 1}@demo.dualuse.cn`;
    const invitation = await registration.inviteExpert(operator, {
      email,
      displayName: expert.name,
      expertiseFields: expert.fields,
      organisationId: expert.organisation ? organisationIds.get(expert.organisation) : undefined,
    });
    await registration.acceptInvitation({ token: invitation.token, password });
    accounts.push({ email, role: 'expert', organisation: expert.organisation ? ORGANISATIONS.find((o) => o.key === expert.organisation)!.name : null });
  }
  progress(`  experts ${EXPERTS.length}/${EXPERTS.length}`);
  return accounts;
}
