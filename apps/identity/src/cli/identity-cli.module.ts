import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@lib/audit';
import { AppConfigModule } from '@lib/config';
import { DatabaseModule } from '@lib/database';
import { PasswordHasher } from '../auth/password-hasher';
import { OrganisationEntity } from '../organisations/organisation.entity';
import { InvitationEntity } from '../users/invitation.entity';
import { RegistrationService } from '../users/registration.service';
import { UserEntity } from '../users/user.entity';

/** What the command line needs of identity: the same use cases, without NATS. */
@Module({
  imports: [
    AppConfigModule.forRoot('cli'),
    DatabaseModule.forSchema('identity'),
    TypeOrmModule.forFeature([OrganisationEntity, UserEntity, InvitationEntity]),
    AuditModule,
  ],
  providers: [PasswordHasher, RegistrationService],
  exports: [RegistrationService],
})
export class IdentityCliModule {}
