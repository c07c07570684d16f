import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@lib/audit';
import { ServiceKernelModule } from '@lib/microservice';
import { NotificationOutbox, notificationOutboxControllerFor } from '@lib/outbox';
import { QueueName, QueuesModule } from '@lib/queues';
import { DeadlineScheduler } from './evaluations/deadline-scheduler';
import { DeadlinesHandlers } from './evaluations/deadlines.handlers';
import { DeadlinesService } from './evaluations/deadlines.service';
import { AssignmentEntity, EvaluationEntity, ReviewEntity } from './evaluations/evaluation.entity';
import { EvaluationNotices } from './evaluations/evaluation-notices';
import { EvaluationsHandlers } from './evaluations/evaluations.handlers';
import { EvaluationsService } from './evaluations/evaluations.service';
import { PanelService } from './evaluations/panel.service';
import { PeerServices } from './evaluations/peer-services';
import { Publication } from './evaluations/publication';
import { ReviewsService } from './evaluations/reviews.service';

/** Evaluation requests, expert panels with conflict checks, final reviews, consensus, deadlines, and publication to the listing. */
@Module({
  imports: [
    ServiceKernelModule.forService('evaluation'),
    TypeOrmModule.forFeature([EvaluationEntity, AssignmentEntity, ReviewEntity]),
    AuditModule,
    QueuesModule.forRoot([QueueName.evaluationDeadlines]),
  ],
  controllers: [EvaluationsHandlers, DeadlinesHandlers, notificationOutboxControllerFor('evaluation')],
  providers: [NotificationOutbox, EvaluationsService, PanelService, ReviewsService, DeadlinesService, PeerServices, Publication, EvaluationNotices, DeadlineScheduler],
})
export class EvaluationModule {}
