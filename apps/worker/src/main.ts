import { createServiceApp, exitOnBootFailure, stopGracefullyOnSignal } from '@lib/microservice';
import { QueueWorkers } from './queue-workers';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const worker = await createServiceApp(WorkerModule, 'worker');
  // Finish the jobs in hand before the app is taken apart.
  stopGracefullyOnSignal({ close: async () => { await worker.get(QueueWorkers).drain(); await worker.close(); } }, 'worker');
  await worker.listen();
}

main().catch(exitOnBootFailure('worker'));
