import { runServiceApp } from '@lib/microservice';
import { MatchingModule } from './matching.module';

runServiceApp(MatchingModule, 'matching');
