import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An HTTP server that is listening, with the port it got and a way to stop it. */
export interface ListeningServer {
  port: number;
  /** Stops taking connections, waits for `drain` (requests in hand), then drops every connection. */
  close(drain?: () => Promise<void>): Promise<void>;
}

/**
 * Starts an HTTP server for `listener` and resolves once it listens, so a taken port is an
 * error at start-up rather than a silent failure later. Port 0 picks a free port (tests).
 */
export async function listen(listener: RequestListener, port: number, host?: string): Promise<ListeningServer> {
  const server = createServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    async close(drain) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await drain?.();
      server.closeAllConnections();
      await closed;
    },
  };
}
