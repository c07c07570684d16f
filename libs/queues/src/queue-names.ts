/**
 * Every BullMQ queue, its job names and their payloads, in one place so producers and the
 * worker cannot disagree. A payload always carries the correlation id of the request that
 * caused it, so logs of the job line up with the logs of the request.
 */
export const QueueName = {
  system: 'system',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

export interface JobMeta {
  correlationId?: string;
}

export const SystemJob = {
  heartbeat: 'heartbeat',
} as const;

export interface SystemJobs {
  [SystemJob.heartbeat]: JobMeta;
}

/** Redis key (under the deployment's prefix) where the worker records its last heartbeat. */
export const WORKER_HEARTBEAT_KEY = 'worker:heartbeat';
export const WORKER_HEARTBEAT_EVERY_MS = 5000;
