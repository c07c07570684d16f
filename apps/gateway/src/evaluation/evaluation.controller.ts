import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Actor, Role } from '@lib/auth';
import {
  AssignmentSummaryView,
  AssignmentView,
  AssignPanelDto,
  ComparablesQueryDto,
  ComparablesView,
  Envelope,
  EvaluationAssignmentParams,
  EvaluationDecisionDto,
  EvaluationPatterns,
  EvaluationView,
  IdParam,
  IncomeCalculationView,
  IncomeInputsDto,
  ListAssignmentsQuery,
  ListEvaluationsQuery,
  Page,
  ReplaceExpertDto,
  RequestEvaluationDto,
  SubmitReviewDto,
} from '@lib/contracts';
import { ServiceClient } from '@lib/messaging';
import { Access } from '../auth/access.decorator';
import { CurrentActor } from '../auth/current-actor.decorator';

const MEMBERS = [Role.institute, Role.enterprise];
const OWNERS_AND_OPERATORS = [...MEMBERS, Role.operator];

@ApiTags('evaluation')
@Controller()
export class EvaluationController {
  constructor(private readonly services: ServiceClient) {}

  private send<T>(pattern: string, actor: Actor | null, input: unknown): Promise<T> {
    return this.services.send<T, Envelope<unknown>>(pattern, { actor, input });
  }

  @Post('evaluations')
  @Access.roles(OWNERS_AND_OPERATORS, 'Request an expert evaluation of a listing', 'The listing’s owner organisation, or an operator; one open evaluation per listing.')
  @ApiCreatedResponse({ type: EvaluationView })
  request(@CurrentActor() actor: Actor, @Body() body: RequestEvaluationDto): Promise<EvaluationView> {
    return this.send(EvaluationPatterns.request, actor, body);
  }

  @Post('evaluations/income-calculator')
  @HttpCode(200)
  @Access.roles('any', 'Income method: the present value of a royalty stream (revenue forecast, royalty rate, discount rate, years)')
  @ApiOkResponse({ type: IncomeCalculationView })
  incomeCalculator(@CurrentActor() actor: Actor, @Body() body: IncomeInputsDto): Promise<IncomeCalculationView> {
    return this.send(EvaluationPatterns.incomeCalculator, actor, body);
  }

  @Get('evaluations')
  @Access.roles(OWNERS_AND_OPERATORS, 'Evaluations: my organisation’s listings’, or (operators) all, by status or listing')
  list(@CurrentActor() actor: Actor, @Query() query: ListEvaluationsQuery): Promise<Page<EvaluationView>> {
    return this.send(EvaluationPatterns.list, actor, query);
  }

  @Get('evaluations/:id')
  @Access.roles(
    OWNERS_AND_OPERATORS,
    'An evaluation: panel, progress, consensus and reviews',
    'Operators see the experts; the owner sees aliases only, and the result and reviews once published.',
  )
  @ApiOkResponse({ type: EvaluationView })
  get(@CurrentActor() actor: Actor, @Param() params: IdParam): Promise<EvaluationView> {
    return this.send(EvaluationPatterns.get, actor, { evaluationId: params.id });
  }

  @Post('evaluations/:id/cancel')
  @HttpCode(200)
  @Access.roles(OWNERS_AND_OPERATORS, 'Cancel an evaluation, with a reason', 'The owner before a panel is assigned; operators any time before publication.')
  @ApiOkResponse({ type: EvaluationView })
  cancel(@CurrentActor() actor: Actor, @Param() params: IdParam, @Body() body: EvaluationDecisionDto): Promise<EvaluationView> {
    return this.send(EvaluationPatterns.decide, actor, { ...body, evaluationId: params.id, action: 'cancel' });
  }

  @Post('admin/evaluations/:id/panel')
  @HttpCode(200)
  @Access.roles(
    [Role.operator],
    'Assign the panel: at least three experts of the listing’s field, with a deadline',
    'Experts from the listing’s organisation, or from one that registered for its auction, traded, expressed interest or negotiated for it, are refused with the reason.',
  )
  @ApiOkResponse({ type: EvaluationView })
  assignPanel(@CurrentActor() actor: Actor, @Param() params: IdParam, @Body() body: AssignPanelDto): Promise<EvaluationView> {
    return this.send(EvaluationPatterns.assignPanel, actor, { ...body, evaluationId: params.id });
  }

  @Post('admin/evaluations/:id/assignments/:assignmentId/replace')
  @HttpCode(200)
  @Access.roles([Role.operator], 'Replace an expert whose deadline passed without a review', 'The same field and conflict rules apply to the new expert.')
  @ApiOkResponse({ type: EvaluationView })
  replace(@CurrentActor() actor: Actor, @Param() params: EvaluationAssignmentParams, @Body() body: ReplaceExpertDto): Promise<EvaluationView> {
    return this.send(EvaluationPatterns.replaceExpert, actor, { ...body, evaluationId: params.id, assignmentId: params.assignmentId });
  }

  @Post('admin/evaluations/:id/confirm')
  @HttpCode(200)
  @Access.roles([Role.operator], 'Confirm a flagged result: it is published on the listing')
  @ApiOkResponse({ type: EvaluationView })
  confirm(@CurrentActor() actor: Actor, @Param() params: IdParam, @Body() body: EvaluationDecisionDto): Promise<EvaluationView> {
    return this.send(EvaluationPatterns.decide, actor, { ...body, evaluationId: params.id, action: 'confirm' });
  }

  @Post('admin/evaluations/:id/send-back')
  @HttpCode(200)
  @Access.roles([Role.operator], 'Send a flagged result back, with a reason: a new panel is assigned for a new round')
  @ApiOkResponse({ type: EvaluationView })
  sendBack(@CurrentActor() actor: Actor, @Param() params: IdParam, @Body() body: EvaluationDecisionDto): Promise<EvaluationView> {
    return this.send(EvaluationPatterns.decide, actor, { ...body, evaluationId: params.id, action: 'send_back' });
  }

  @Get('assignments')
  @Access.roles([Role.expert], 'My evaluation assignments')
  mine(@CurrentActor() actor: Actor, @Query() query: ListAssignmentsQuery): Promise<Page<AssignmentSummaryView>> {
    return this.send(EvaluationPatterns.myAssignments, actor, query);
  }

  @Get('assignments/:id')
  @Access.roles([Role.expert], 'One of my assignments: the listing to evaluate and my review', 'Each view is audited, like a view of a dossier.')
  @ApiOkResponse({ type: AssignmentView })
  assignment(@CurrentActor() actor: Actor, @Param() params: IdParam): Promise<AssignmentView> {
    return this.send(EvaluationPatterns.assignment, actor, { assignmentId: params.id });
  }

  @Post('assignments/:id/review')
  @Access.roles([Role.expert], 'Submit my review: the rubric scores with comments and a valuation range with its method', 'Final once made.')
  @ApiCreatedResponse({ type: AssignmentView })
  review(@CurrentActor() actor: Actor, @Param() params: IdParam, @Body() body: SubmitReviewDto): Promise<AssignmentView> {
    return this.send(EvaluationPatterns.submitReview, actor, { ...body, assignmentId: params.id });
  }

  @Get('assignments/:id/comparables')
  @Access.roles([Role.expert], 'Market method: settled trades in the listing’s field and TRL band')
  @ApiOkResponse({ type: ComparablesView })
  comparables(@CurrentActor() actor: Actor, @Param() params: IdParam, @Query() query: ComparablesQueryDto): Promise<ComparablesView> {
    return this.send(EvaluationPatterns.comparables, actor, { ...query, assignmentId: params.id });
  }
}
