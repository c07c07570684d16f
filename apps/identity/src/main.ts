import { runServiceApp } from '@lib/microservice';
import { IdentityModule } from './identity.module';

runServiceApp(IdentityModule, 'identity');
