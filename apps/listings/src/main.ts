import { runServiceApp } from '@lib/microservice';
import { ListingsModule } from './listings.module';

runServiceApp(ListingsModule, 'listings');
