import { runServiceApp } from '@lib/microservice';
import { AuctionModule } from './auction.module';

runServiceApp(AuctionModule, 'auction');
