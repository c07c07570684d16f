import { runServiceApp } from '@lib/microservice';
import { WorkerModule } from './worker.module';

runServiceApp(WorkerModule, 'worker');
