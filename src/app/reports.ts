import type { Actor } from '../domain/actor.js';
import { reportWords } from '../notifications/reports.js';
import { reply } from './reply.js';
import type { InTransaction } from './unit.js';

/** The care report on left-behind children: admins see their school by class, class teachers their own class. */
export function createReportUseCases(inTransaction: InTransaction) {
  return {
    /**
     * `/report`: this month and last for the actor's school or class, as the monthly report
     * words it; `report` is the figures, for a channel that also draws them as a chart.
     */
    mine: (actor: Actor) =>
      inTransaction(async ({ domain, now }) => {
        const report = await domain.reports.forActor(actor, now);
        return { report, reply: reply(reportWords(report)) };
      }),
  };
}
