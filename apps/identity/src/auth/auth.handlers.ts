import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Actor, requireActor } from '@lib/auth';
import { AcceptInvitationDto, IdentityPatterns, LoginRequest, MeView, RefreshDto, RegisterDto, TokenPairView } from '@lib/contracts';
import { OrganisationsService } from '../organisations/organisations.service';
import { RegistrationService } from '../users/registration.service';
import { SessionsService } from './sessions.service';

@Controller()
export class AuthHandlers {
  constructor(
    private readonly registration: RegistrationService,
    private readonly sessions: SessionsService,
    private readonly organisations: OrganisationsService,
  ) {}

  @MessagePattern(IdentityPatterns.register)
  register(@Payload('input') input: RegisterDto): Promise<MeView> {
    return this.registration.register(input);
  }

  @MessagePattern(IdentityPatterns.acceptInvitation)
  acceptInvitation(@Payload('input') input: AcceptInvitationDto): Promise<MeView> {
    return this.registration.acceptInvitation(input);
  }

  @MessagePattern(IdentityPatterns.login)
  login(@Payload('input') input: LoginRequest): Promise<TokenPairView> {
    return this.sessions.login(input);
  }

  @MessagePattern(IdentityPatterns.refresh)
  refresh(@Payload('input') input: RefreshDto): Promise<TokenPairView> {
    return this.sessions.refresh(input.refreshToken);
  }

  @MessagePattern(IdentityPatterns.logout)
  async logout(@Payload('actor') actor: Actor | null, @Payload('input') input: RefreshDto): Promise<{ loggedOut: true }> {
    await this.sessions.logout(requireActor(actor), input.refreshToken);
    return { loggedOut: true };
  }

  @MessagePattern(IdentityPatterns.me)
  me(@Payload('actor') actor: Actor | null): Promise<MeView> {
    return this.organisations.me(requireActor(actor));
  }
}
