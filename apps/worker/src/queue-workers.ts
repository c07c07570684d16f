import { Injectable } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { WorkerHost } from '@nestjs/bullmq';

/**
 * Stops every BullMQ worker of this app: no new jobs are taken and the active ones finish. Runs
 * before the app's modules are torn down, so a job never runs against a half-closed app.
 */
@Injectable()
export class QueueWorkers {
  constructor(private readonly discovery: DiscoveryService) {}

  async drain(): Promise<void> {
    const hosts = this.discovery
      .getProviders()
      .map((wrapper) => wrapper.instance as unknown)
      .filter((instance): instance is WorkerHost => instance instanceof WorkerHost);
    await Promise.all(hosts.map((host) => host.worker?.close()));
  }
}
