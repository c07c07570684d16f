import { Module } from '@nestjs/common';
import { ServiceKernelModule } from '@lib/microservice';

@Module({
  imports: [ServiceKernelModule.forService('evaluation')],
})
export class EvaluationModule {}
