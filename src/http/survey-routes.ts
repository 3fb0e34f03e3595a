import type { AuditLog } from '../auth/audit-log.ts';
import type { Policy } from '../core/policy/types.ts';
import express, { Router } from 'express';
import { isSwitchboardError, SwitchboardError } from '../core/errors/index.ts';
import type { SurveyService } from '../runtime/csat/survey-service.ts';
import type { ApiRoute } from './api-context.ts';
import { surveyFormPage, surveyGonePage, surveyThanksPage } from './survey-page.ts';

/** The API side of satisfaction surveys: issuing a ticket's link. */
export const surveyRoutes: readonly ApiRoute[] = [
  {
    method: 'post',
    path: '/tickets/:id/survey',
    operationId: 'issueSurvey',
    summary: 'Issue a satisfaction survey link for a ticket',
    tag: 'tickets',
    permission: 'tickets:write',
    ticketScoped: true,
    audited: true,
    ok: { status: 201, description: '`{ token, path, expiresAt }`' },
    handle(req, _res, ctx) {
      if (!ctx.surveys)
        throw new SwitchboardError('SWB_API_NOT_FOUND', 'satisfaction surveys are not available on this router');
      return ctx.surveys.issue(String(req.params.id));
    },
  },
];

/**
 * The customer-facing survey at `/survey/:token`: no login (the token is the credential). The
 * form posts urlencoded and gets a page back; JSON clients get JSON. An unknown or expired
 * token answers 404 either way.
 */
/** Survey answers are public (the link is the credential), so each is audited as the customer's. */
export function createSurveyRoutes(
  surveys: SurveyService,
  audited?: { audit: AuditLog; policy: () => Policy },
): Router {
  const router = Router();
  router.use(express.urlencoded({ extended: false, limit: '16kb' }), express.json({ limit: '16kb' }));
  const wantsHtml = (req: express.Request) => !req.is('application/json') && req.accepts(['json', 'html']) === 'html';
  const gone = (req: express.Request, res: express.Response, e: unknown) => {
    if (isSwitchboardError(e) && e.code === 'SWB_CSAT_TOKEN' && wantsHtml(req))
      return void res.status(404).type('html').send(surveyGonePage());
    throw e;
  };

  router.get('/:token', async (req, res) => {
    try {
      const { ticket } = await surveys.open(req.params.token);
      res
        .type('html')
        .set('Cache-Control', 'no-store')
        .set('Referrer-Policy', 'no-referrer')
        .send(surveyFormPage(ticket));
    } catch (e) {
      gone(req, res, e);
    }
  });

  router.post('/:token', async (req, res) => {
    try {
      const body = (req.body ?? {}) as { score?: unknown; comment?: unknown };
      const r = await surveys.answer(req.params.token, {
        score: body.score,
        ...(body.comment !== undefined ? { comment: body.comment } : {}),
      });
      await audited?.audit.append({
        actor: { tokenId: 'survey-link', name: `customer:${r.ticket.customer.id}`, role: 'customer' },
        ip: req.ip ?? req.socket.remoteAddress ?? 'unknown',
        operation: 'answerSurvey',
        method: req.method,
        path: `${req.baseUrl}/…`, // the link's token is the credential: never logged
        status: 200,
        ticketId: r.ticket.id,
        details: { score: r.ticket.csat?.score, ...(r.task ? { callback: r.task.id } : {}) },
        policyVersion: audited.policy().version,
      });
      if (wantsHtml(req)) res.type('html').send(surveyThanksPage(r.task !== undefined));
      else res.json({ score: r.ticket.csat?.score, callback: r.task ?? null });
    } catch (e) {
      gone(req, res, e);
    }
  });
  return router;
}
