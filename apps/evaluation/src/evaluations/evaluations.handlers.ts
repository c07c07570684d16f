import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Actor, requireActor, requireRole, Role } from '@lib/auth';
import {
  AssignmentComparablesQuery,
  AssignmentRef,
  AssignmentSummaryView,
  AssignmentView,
  AssignPanelCommand,
  ComparablesView,
  EvaluationDecisionCommand,
  EvaluationPatterns,
  EvaluationRef,
  EvaluationView,
  IncomeCalculationView,
  IncomeInputsDto,
  ListAssignmentsQuery,
  ListEvaluationsQuery,
  Page,
  ReplaceExpertCommand,
  RequestEvaluationDto,
  SubmitReviewCommand,
} from '@lib/contracts';
import { EvaluationsService } from './evaluations.service';
import { PanelService } from './panel.service';
import { ReviewsService } from './reviews.service';

const MEMBERS = [Role.institute, Role.enterprise];

@Controller()
export class EvaluationsHandlers {
  constructor(
    private readonly evaluations: EvaluationsService,
    private readonly panels: PanelService,
    private readonly reviews: ReviewsService,
  ) {}

  @MessagePattern(EvaluationPatterns.request)
  request(@Payload('actor') actor: Actor | null, @Payload('input') input: RequestEvaluationDto): Promise<EvaluationView> {
    return this.evaluations.request(requireRole(requireActor(actor), ...MEMBERS, Role.operator), input);
  }

  @MessagePattern(EvaluationPatterns.get)
  get(@Payload('actor') actor: Actor | null, @Payload('input') input: EvaluationRef): Promise<EvaluationView> {
    return this.evaluations.get(requireRole(requireActor(actor), ...MEMBERS, Role.operator), input.evaluationId);
  }

  @MessagePattern(EvaluationPatterns.list)
  list(@Payload('actor') actor: Actor | null, @Payload('input') input: ListEvaluationsQuery): Promise<Page<EvaluationView>> {
    return this.evaluations.list(requireRole(requireActor(actor), ...MEMBERS, Role.operator), input);
  }

  @MessagePattern(EvaluationPatterns.decide)
  decide(@Payload('actor') actor: Actor | null, @Payload('input') input: EvaluationDecisionCommand): Promise<EvaluationView> {
    const roles = input.action === 'cancel' ? [...MEMBERS, Role.operator] : [Role.operator];
    return this.evaluations.decide(requireRole(requireActor(actor), ...roles), input);
  }

  @MessagePattern(EvaluationPatterns.assignPanel)
  assignPanel(@Payload('actor') actor: Actor | null, @Payload('input') input: AssignPanelCommand): Promise<EvaluationView> {
    return this.panels.assign(requireRole(requireActor(actor), Role.operator), input);
  }

  @MessagePattern(EvaluationPatterns.replaceExpert)
  replaceExpert(@Payload('actor') actor: Actor | null, @Payload('input') input: ReplaceExpertCommand): Promise<EvaluationView> {
    return this.panels.replace(requireRole(requireActor(actor), Role.operator), input);
  }

  @MessagePattern(EvaluationPatterns.myAssignments)
  myAssignments(@Payload('actor') actor: Actor | null, @Payload('input') input: ListAssignmentsQuery): Promise<Page<AssignmentSummaryView>> {
    return this.reviews.mine(requireRole(requireActor(actor), Role.expert), input);
  }

  @MessagePattern(EvaluationPatterns.assignment)
  assignment(@Payload('actor') actor: Actor | null, @Payload('input') input: AssignmentRef): Promise<AssignmentView> {
    return this.reviews.get(requireRole(requireActor(actor), Role.expert), input.assignmentId);
  }

  @MessagePattern(EvaluationPatterns.submitReview)
  submitReview(@Payload('actor') actor: Actor | null, @Payload('input') input: SubmitReviewCommand): Promise<AssignmentView> {
    return this.reviews.submit(requireRole(requireActor(actor), Role.expert), input);
  }

  @MessagePattern(EvaluationPatterns.comparables)
  comparables(@Payload('actor') actor: Actor | null, @Payload('input') input: AssignmentComparablesQuery): Promise<ComparablesView> {
    return this.reviews.comparables(requireRole(requireActor(actor), Role.expert), input);
  }

  /** A pure calculation: any logged-in user may run it. */
  @MessagePattern(EvaluationPatterns.incomeCalculator)
  incomeCalculator(@Payload('actor') actor: Actor | null, @Payload('input') input: IncomeInputsDto): IncomeCalculationView {
    requireActor(actor);
    return this.reviews.calculate(input);
  }
}
