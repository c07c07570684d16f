import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@lib/audit';
import { AppConfigModule } from '@lib/config';
import { DatabaseModule } from '@lib/database';
import { PasswordHasher } from '../auth/password-hasher';
import { OrganisationEntity } from '../organisations/organisation.entity';
import { InvitationEntity } from '../users/invitation.entity';
import { RegistrationService } from '../users/registration.service';
import { OrganisationsService } from '../organisations/organisations.service';
import { QualificationEntity } from '../qualifications/qualification.entity';
import { QualificationsService } from '../qualifications/qualifications.service';
import { UserEntity } from '../users/user.entity';

/** What the command line and the demo seed need of identity: the same use cases, without NATS. */
@Module({
  imports: [
    AppConfigModule.forRoot('cli'),
    DatabaseModule.forSchema('identity'),
    TypeOrmModule.forFeature([OrganisationEntity, UserEntity, InvitationEntity, QualificationEntity]),
    AuditModule,
  ],
  providers: [PasswordHasher, RegistrationService, OrganisationsService, QualificationsService],
  exports: [RegistrationService, OrganisationsService, QualificationsService],
})
export class IdentityCliModule {}
