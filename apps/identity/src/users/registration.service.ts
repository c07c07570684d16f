import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '@lib/audit';
import { Actor, Role, SystemActor } from '@lib/auth';
import { AppConfig } from '@lib/config';
import {
  AcceptInvitationDto,
  CreatedInvitationView,
  CreateExpertDto,
  InviteMemberDto,
  MeView,
  RegisterDto,
} from '@lib/contracts';
import { CommonErrors, DomainError } from '@lib/errors';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { PasswordHasher } from '../auth/password-hasher';
import { assertCapability } from '../domain/organisation-status';
import { sha256 } from '../domain/refresh-token';
import { OrganisationEntity } from '../organisations/organisation.entity';
import { EMAIL_TAKEN, rethrowUniqueViolation } from '../persistence-errors';
import { organisationSnapshot, toInvitationView, toOrganisationView, toUserView, userSnapshot } from '../views';
import { InvitationEntity } from './invitation.entity';
import { UserEntity } from './user.entity';

const CREDIT_CODE_TAKEN = {
  organisations_credit_code_key: { field: 'organisation.creditCode', message: 'An organisation with this credit code is already registered' },
};

const invitationInvalid = () =>
  new DomainError('INVITATION.INVALID', 'not_found', 'This invitation does not exist, has expired or was already used');

/** New accounts: a user with a new organisation, members joining by invitation, experts, operators. */
@Injectable()
export class RegistrationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly passwords: PasswordHasher,
    private readonly audit: AuditLog,
    private readonly config: AppConfig,
  ) {}

  /** Registers an organisation (pending until an operator verifies it) and its first member, its admin. */
  async register(input: RegisterDto): Promise<MeView> {
    const passwordHash = await this.passwords.hash(input.password);
    try {
      return await this.dataSource.transaction(async (manager) => {
        await this.assertEmailFree(manager, input.email);
        const organisation = manager.create(OrganisationEntity, {
          id: randomUUID(),
          name: input.organisation.name,
          kind: input.organisation.kind,
          creditCode: input.organisation.creditCode,
          regionCode: input.organisation.regionCode,
          status: 'pending',
          statusReason: null,
          verifiedAt: null,
        });
        await manager.save(organisation);
        const user = await manager.save(
          manager.create(UserEntity, {
            id: randomUUID(),
            email: input.email,
            passwordHash,
            displayName: input.displayName,
            role: organisation.kind,
            organisationId: organisation.id,
            isOrganisationAdmin: true,
            expertiseFields: [],
          }),
        );
        const actor: SystemActor | Actor = {
          userId: user.id,
          role: user.role,
          organisationId: organisation.id,
          isOrganisationAdmin: true,
          sessionId: 'registration',
        };
        await this.audit.append(manager, {
          actor,
          action: 'organisation.registered',
          entityType: 'organisation',
          entityId: organisation.id,
          after: organisationSnapshot(organisation),
        });
        await this.audit.append(manager, {
          actor,
          action: 'user.registered',
          entityType: 'user',
          entityId: user.id,
          after: userSnapshot(user),
        });
        return { user: toUserView(user), organisation: toOrganisationView(organisation) };
      });
    } catch (error) {
      rethrowUniqueViolation(error, { ...EMAIL_TAKEN, ...CREDIT_CODE_TAKEN });
    }
  }

  /** An organisation admin invites a colleague; the invitee sets a password to join. */
  async inviteMember(actor: Actor, organisationId: string, input: InviteMemberDto): Promise<CreatedInvitationView> {
    return this.dataSource.transaction(async (manager) => {
      const organisation = await manager.findOneBy(OrganisationEntity, { id: organisationId });
      if (!organisation) throw CommonErrors.notFound('organisation', organisationId);
      assertCapability(organisation.status, 'inviteMembers');
      await this.assertEmailFree(manager, input.email);
      return this.createInvitation(manager, actor, {
        organisationId,
        email: input.email,
        role: organisation.kind,
        displayName: input.displayName ?? null,
        expertiseFields: [],
      });
    });
  }

  /** An operator adds an expert to the pool; the expert sets a password through the invitation. */
  async inviteExpert(actor: Actor, input: CreateExpertDto): Promise<CreatedInvitationView> {
    return this.dataSource.transaction(async (manager) => {
      if (input.organisationId && !(await manager.existsBy(OrganisationEntity, { id: input.organisationId }))) {
        throw new DomainError('ORGANISATION.NOT_FOUND', 'validation', 'No organisation with this id', {
          fields: [{ field: 'organisationId', messages: ['organisationId names no organisation'] }],
        });
      }
      await this.assertEmailFree(manager, input.email);
      return this.createInvitation(manager, actor, {
        organisationId: input.organisationId ?? null,
        email: input.email,
        role: Role.expert,
        displayName: input.displayName,
        expertiseFields: input.expertiseFields,
      });
    });
  }

  async acceptInvitation(input: AcceptInvitationDto): Promise<MeView> {
    const passwordHash = await this.passwords.hash(input.password);
    try {
      return await this.dataSource.transaction(async (manager) => {
        const invitation = await manager.findOne(InvitationEntity, {
          where: { tokenHash: sha256(input.token) },
          lock: { mode: 'pessimistic_write' },
        });
        if (!invitation || invitation.acceptedAt || invitation.expiresAt.getTime() <= Date.now()) throw invitationInvalid();
        const displayName = input.displayName ?? invitation.displayName;
        if (!displayName) {
          throw new DomainError('REQUEST.INVALID', 'validation', 'displayName is required', {
            fields: [{ field: 'displayName', messages: ['displayName is required: the invitation has no name'] }],
          });
        }
        await this.assertEmailFree(manager, invitation.email);
        const user = await manager.save(
          manager.create(UserEntity, {
            id: randomUUID(),
            email: invitation.email,
            passwordHash,
            displayName,
            role: invitation.role,
            organisationId: invitation.organisationId,
            isOrganisationAdmin: false,
            expertiseFields: invitation.expertiseFields,
          }),
        );
        await manager.update(InvitationEntity, { id: invitation.id }, { acceptedAt: new Date() });
        await this.audit.append(manager, {
          actor: { userId: user.id, role: user.role, organisationId: user.organisationId, isOrganisationAdmin: false, sessionId: 'invitation' },
          action: 'user.joined',
          entityType: 'user',
          entityId: user.id,
          after: userSnapshot(user),
          reason: `invitation ${invitation.id}`,
        });
        const organisation = user.organisationId ? await manager.findOneBy(OrganisationEntity, { id: user.organisationId }) : null;
        return { user: toUserView(user), organisation: organisation ? toOrganisationView(organisation) : null };
      });
    } catch (error) {
      rethrowUniqueViolation(error, EMAIL_TAKEN);
    }
  }

  /** The first operator, from the CLI: there is no default operator and no default password. */
  async createOperator(email: string, displayName: string, password: string, createdBy: SystemActor): Promise<MeView> {
    const passwordHash = await this.passwords.hash(password);
    try {
      return await this.dataSource.transaction(async (manager) => {
        await this.assertEmailFree(manager, email);
        const user = await manager.save(
          manager.create(UserEntity, {
            id: randomUUID(),
            email,
            passwordHash,
            displayName,
            role: Role.operator,
            organisationId: null,
            isOrganisationAdmin: false,
            expertiseFields: [],
          }),
        );
        await this.audit.append(manager, {
          actor: createdBy,
          action: 'user.operator_created',
          entityType: 'user',
          entityId: user.id,
          after: userSnapshot(user),
        });
        return { user: toUserView(user), organisation: null };
      });
    } catch (error) {
      rethrowUniqueViolation(error, EMAIL_TAKEN);
    }
  }

  private async createInvitation(
    manager: EntityManager,
    actor: Actor,
    fields: Pick<InvitationEntity, 'organisationId' | 'email' | 'role' | 'displayName' | 'expertiseFields'>,
  ): Promise<CreatedInvitationView> {
    const token = randomBytes(32).toString('base64url');
    const invitation = await manager.save(
      manager.create(InvitationEntity, {
        ...fields,
        id: randomUUID(),
        tokenHash: sha256(token),
        invitedBy: actor.userId,
        expiresAt: new Date(Date.now() + this.config.auth.invitationTtlHours * 3_600_000),
        acceptedAt: null,
      }),
    );
    await this.audit.append(manager, {
      actor,
      action: 'invitation.created',
      entityType: 'invitation',
      entityId: invitation.id,
      organisationId: fields.organisationId,
      after: { email: fields.email, role: fields.role, organisationId: fields.organisationId, expertiseFields: fields.expertiseFields },
    });
    return { ...toInvitationView(invitation), token };
  }

  private async assertEmailFree(manager: EntityManager, email: string): Promise<void> {
    if (await manager.existsBy(UserEntity, { email })) {
      throw new DomainError('EMAIL.TAKEN', 'conflict', EMAIL_TAKEN.users_email_key.message, {
        fields: [{ field: 'email', messages: [EMAIL_TAKEN.users_email_key.message] }],
      });
    }
  }
}
