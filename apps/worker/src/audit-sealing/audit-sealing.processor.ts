import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { IdentityPatterns } from '@lib/contracts';
import { ServiceClient } from '@lib/messaging';
import { AUDIT_SEAL_EVERY_MS, AuditSealingJob, QueueName } from '@lib/queues';
import { Queue } from 'bullmq';

/**
 * Every second, identity links committed audit entries into the hash chain. Each app already seals
 * right after its own audited commits; this covers entries whose app stopped in between, so no
 * entry waits unsealed for long. Sealing twice, or on two replicas at once, changes nothing (one
 * sealer holds the chain at a time).
 */
@Processor(QueueName.auditSealing)
export class AuditSealingProcessor extends WorkerHost {
  constructor(private readonly services: ServiceClient) {
    super();
  }

  process(): Promise<{ sealed: number; busy: boolean }> {
    return this.services.send(IdentityPatterns.sealAudit, { actor: null, input: {} });
  }
}

@Injectable()
export class AuditSealingScheduler implements OnApplicationBootstrap {
  constructor(@InjectQueue(QueueName.auditSealing) private readonly queue: Queue) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      'audit-seal',
      { every: AUDIT_SEAL_EVERY_MS },
      { name: AuditSealingJob.seal, data: {}, opts: { attempts: 1, removeOnComplete: true, removeOnFail: 100 } },
    );
  }
}
