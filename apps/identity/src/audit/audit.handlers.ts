import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AuditEntry, AuditReader, AuditSealer, ChainVerdict, SealOutcome } from '@lib/audit';
import { Actor, requireActor, requireRole, Role } from '@lib/auth';
import { AuditQuery, IdentityPatterns } from '@lib/contracts';

/** Operators read and verify the audit log (which every service appends to); the worker has it sealed. */
@Controller()
export class AuditHandlers {
  constructor(
    private readonly reader: AuditReader,
    private readonly sealer: AuditSealer,
  ) {}

  @MessagePattern(IdentityPatterns.listAudit)
  list(@Payload('actor') actor: Actor | null, @Payload('input') input: AuditQuery): Promise<AuditEntry[]> {
    requireRole(requireActor(actor), Role.operator);
    return this.reader.list(input);
  }

  @MessagePattern(IdentityPatterns.verifyAudit)
  verify(@Payload('actor') actor: Actor | null): Promise<ChainVerdict> {
    requireRole(requireActor(actor), Role.operator);
    return this.reader.verify();
  }

  @MessagePattern(IdentityPatterns.sealAudit)
  seal(): Promise<SealOutcome> {
    return this.sealer.seal();
  }
}
