import type { Registry } from 'prom-client';
import type { HttpRoute } from './server.ts';

/**
 * `GET /metrics`: the registry in the Prometheus text format. Nothing personal is in it (see
 * core/observability/metrics.ts), but it is served on the same port as the webhooks: a proxy in front
 * may keep it for the monitoring network only.
 */
export function metricsRoute(registry: Registry): HttpRoute {
  return {
    method: 'GET',
    path: '/metrics',
    async handle(_request, response) {
      const text = await registry.metrics();
      response.setHeader('Content-Type', registry.contentType);
      response.end(text);
    },
  };
}
