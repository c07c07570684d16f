import { runServiceApp } from '@lib/microservice';
import { EvaluationModule } from './evaluation.module';

runServiceApp(EvaluationModule, 'evaluation');
