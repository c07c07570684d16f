import { Module } from '@nestjs/common';
import { AuditLog } from './audit-log';
import { AuditReader } from './audit-reader';

/**
 * The append-only, hash-chained audit log (schema `audit`, shared by every service because the
 * chain is one). Services append through `AuditLog` in their own transactions.
 */
@Module({ providers: [AuditLog, AuditReader], exports: [AuditLog, AuditReader] })
export class AuditModule {}
