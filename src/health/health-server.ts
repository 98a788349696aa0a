import type { RequestListener } from 'node:http';
import type { Db } from '../db/client.js';
import { listen, type ListeningServer } from '../http/listen.js';
import type { Logger } from '../logger.js';
import { checkHealth, type DeliveryStatus } from './health-report.js';

export interface HealthDeps {
  db: Db;
  logger: Logger;
  clock?: () => Date;
  /** The outbox worker, for the storage faults it met. */
  delivery?: DeliveryStatus;
}

function sendJson(res: Parameters<RequestListener>[1], status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
}

/**
 * Answers GET /healthz with the health report: 200 while the database answers, 503 when it
 * does not, so a container health check or a monitor needs only the status code. A report
 * "degraded" (messages stuck or failed, the database refusing writes) is still 200: the
 * process runs and a restart would not help, so a monitor alerts on the body's status.
 * Any other request gets 404. Also mounted on the webhook server when both share a port.
 */
export function healthRequests(deps: HealthDeps): RequestListener {
  const clock = deps.clock ?? (() => new Date());
  return (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== '/healthz' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404).end();
      return;
    }
    const now = clock();
    checkHealth(deps.db, now, deps.delivery).then(
      (report) => {
        if (report.status === 'unavailable') deps.logger.warn('health check: the database is unreachable');
        sendJson(res, report.status === 'unavailable' ? 503 : 200, report);
      },
      (error: unknown) => {
        deps.logger.error({ err: error }, 'health check failed');
        sendJson(res, 503, { status: 'unavailable', checkedAt: now.toISOString(), database: { reachable: true } });
      },
    );
  };
}

/** Serves GET /healthz on its own port, in either mode. */
export function serveHealth(deps: HealthDeps & { port: number; host?: string }): Promise<ListeningServer> {
  return listen(healthRequests(deps), deps.port, deps.host);
}
