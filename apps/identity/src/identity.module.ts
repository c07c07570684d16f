import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@lib/audit';
import { ServiceKernelModule } from '@lib/microservice';
import { RedisModule } from '@lib/redis';
import { AuditHandlers } from './audit/audit.handlers';
import { AccessTokens } from './auth/access-tokens';
import { AuthHandlers } from './auth/auth.handlers';
import { LoginThrottle } from './auth/login-throttle.service';
import { PasswordHasher } from './auth/password-hasher';
import { SessionsService } from './auth/sessions.service';
import { RevocationMarks } from './auth/revocation-marks';
import { ExpertsHandlers } from './experts/experts.handlers';
import { ExpertsService } from './experts/experts.service';
import { OrganisationsHandlers } from './organisations/organisations.handlers';
import { OrganisationsService } from './organisations/organisations.service';
import { OrganisationDirectory } from './organisations/organisation-directory';
import { QualificationsHandlers } from './qualifications/qualifications.handlers';
import { QualificationsService } from './qualifications/qualifications.service';
import { RegistrationService } from './users/registration.service';
import { OrganisationEntity } from './organisations/organisation.entity';
import { UserEntity } from './users/user.entity';
import { InvitationEntity } from './users/invitation.entity';
import { RefreshTokenEntity } from './auth/refresh-token.entity';
import { QualificationEntity } from './qualifications/qualification.entity';
import { OrganisationDirectoryHandlers } from './reports/organisation-directory.handlers';

/** Organisations, users, sessions, qualifications, experts; and reading the audit log. */
@Module({
  imports: [
    ServiceKernelModule.forService('identity'),
    TypeOrmModule.forFeature([OrganisationEntity, UserEntity, InvitationEntity, RefreshTokenEntity, QualificationEntity]),
    RedisModule,
    AuditModule,
    JwtModule.register({}),
  ],
  controllers: [AuthHandlers, OrganisationsHandlers, QualificationsHandlers, ExpertsHandlers, AuditHandlers, OrganisationDirectoryHandlers],
  providers: [
    PasswordHasher,
    AccessTokens,
    LoginThrottle,
    SessionsService,
    RevocationMarks,
    RegistrationService,
    OrganisationsService,
    OrganisationDirectory,
    QualificationsService,
    ExpertsService,
  ],
  exports: [RegistrationService],
})
export class IdentityModule {}
