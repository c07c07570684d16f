import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AuditReader, ChainedEntry, ChainVerdict } from '@lib/audit';
import { Actor, requireActor, requireRole, Role } from '@lib/auth';
import { AuditQuery, IdentityPatterns } from '@lib/contracts';

/** Operators read and verify the audit log (which every service appends to). */
@Controller()
export class AuditHandlers {
  constructor(private readonly reader: AuditReader) {}

  @MessagePattern(IdentityPatterns.listAudit)
  list(@Payload('actor') actor: Actor | null, @Payload('input') input: AuditQuery): Promise<ChainedEntry[]> {
    requireRole(requireActor(actor), Role.operator);
    return this.reader.list(input);
  }

  @MessagePattern(IdentityPatterns.verifyAudit)
  verify(@Payload('actor') actor: Actor | null): Promise<ChainVerdict> {
    requireRole(requireActor(actor), Role.operator);
    return this.reader.verify();
  }
}
