import { Module } from '@nestjs/common';
import { AuditLog } from './audit-log';
import { AuditReader } from './audit-reader';
import { AuditSealer } from './audit-sealer';

/**
 * The append-only, hash-chained audit log (schema `audit`, shared by every service because the
 * chain is one). Services append through `AuditLog` in their own transactions; `AuditSealer` links
 * what they committed into the chain shortly after.
 */
@Module({ providers: [AuditLog, AuditReader, AuditSealer], exports: [AuditLog, AuditReader, AuditSealer] })
export class AuditModule {}
