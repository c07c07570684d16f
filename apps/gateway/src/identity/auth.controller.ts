import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Actor } from '@lib/auth';
import { AcceptInvitationDto, IdentityPatterns, LoginDto, MeView, RefreshDto, RegisterDto, TokenPairView } from '@lib/contracts';
import { Access } from '../auth/access.decorator';
import { ClientAddress, CurrentActor } from '../auth/current-actor.decorator';
import { IdentityClient } from './identity.client';
import { RateLimited } from '../rate-limits/rate-limits';

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(private readonly identity: IdentityClient) {}

  @Post('auth/register')
  @RateLimited('registration')
  @Access.public('Register a new organisation (pending until an operator verifies it) with its first member as admin')
  @ApiCreatedResponse({ type: MeView })
  register(@Body() body: RegisterDto): Promise<MeView> {
    return this.identity.send(IdentityPatterns.register, null, body);
  }

  @Post('auth/accept-invitation')
  @Access.public('Join an organisation (or the expert pool) with the token of an invitation, setting a password')
  @ApiCreatedResponse({ type: MeView })
  acceptInvitation(@Body() body: AcceptInvitationDto): Promise<MeView> {
    return this.identity.send(IdentityPatterns.acceptInvitation, null, body);
  }

  @Post('auth/login')
  @RateLimited('login')
  @HttpCode(200)
  @Access.public('Log in with e-mail and password; repeated failures are throttled per account and per client')
  @ApiOkResponse({ type: TokenPairView })
  login(@Body() body: LoginDto, @ClientAddress() clientAddress: string): Promise<TokenPairView> {
    return this.identity.send(IdentityPatterns.login, null, { ...body, clientAddress });
  }

  @Post('auth/refresh')
  @HttpCode(200)
  @Access.public('Exchange a refresh token for a new pair; each refresh token works once, and a reused one ends its session')
  @ApiOkResponse({ type: TokenPairView })
  refresh(@Body() body: RefreshDto): Promise<TokenPairView> {
    return this.identity.send(IdentityPatterns.refresh, null, body);
  }

  @Post('auth/logout')
  @HttpCode(204)
  @Access.roles('any', 'End the session of this refresh token; its access tokens stop working too')
  @ApiNoContentResponse({ description: 'Logged out' })
  async logout(@CurrentActor() actor: Actor, @Body() body: RefreshDto): Promise<void> {
    await this.identity.send(IdentityPatterns.logout, actor, body);
  }

  @Get('me')
  @Access.roles('any', 'The logged-in user and their organisation')
  @ApiOkResponse({ type: MeView })
  me(@CurrentActor() actor: Actor): Promise<MeView> {
    return this.identity.send(IdentityPatterns.me, actor, {});
  }
}
