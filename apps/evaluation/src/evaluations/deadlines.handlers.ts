import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { DeadlineAnswer, DeadlineCommand, DeadlinesDueQuery, DueDeadline, EvaluationPatterns } from '@lib/contracts';
import { DeadlinesService } from './deadlines.service';
import { Publication } from './publication';

/** Service-to-service, for the worker's evaluation-deadlines queue. */
@Controller()
export class DeadlinesHandlers {
  constructor(
    private readonly deadlines: DeadlinesService,
    private readonly publication: Publication,
  ) {}

  @MessagePattern(EvaluationPatterns.deadline)
  deadline(@Payload('input') input: DeadlineCommand): Promise<DeadlineAnswer> {
    return this.deadlines.handle(input);
  }

  @MessagePattern(EvaluationPatterns.deadlinesDue)
  due(@Payload('input') input: DeadlinesDueQuery): Promise<DueDeadline[]> {
    return this.deadlines.due(new Date(), input.limit);
  }

  @MessagePattern(EvaluationPatterns.syncListings)
  syncListings(): Promise<{ recorded: number; pending: number }> {
    return this.publication.syncPending();
  }
}
