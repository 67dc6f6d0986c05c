import { MetricsServer } from '../src/metrics/metrics.module';
import { useApp } from './support/app';

describe('the HTTP contract shared by every route', () => {
  const running = useApp();

  it('answers an unknown route with a 404 in problem+json', async () => {
    const response = await fetch(`${running.baseUrl}/no/such/route`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toMatchObject({ type: 'about:blank', title: 'Not Found', status: 404 });
  });

  it('answers malformed JSON with a 400 in problem+json, not a 500', async () => {
    const response = await fetch(`${running.baseUrl}/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"broken":',
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toMatchObject({ title: 'Bad Request', status: 400 });
  });

  it('serves the OpenAPI document at /docs-json and the UI at /docs', async () => {
    const document = (await (await fetch(`${running.baseUrl}/docs-json`)).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(document.openapi).toMatch(/^3\./);
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/health/live', '/health/ready']));
    const ui = await fetch(`${running.baseUrl}/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger');
  });

  it('counts requests on the metrics port by route template, never by raw URL', async () => {
    await fetch(`${running.baseUrl}/health/live`);
    await fetch(`${running.baseUrl}/no/such/route`);
    const metricsUrl = running.app.get(MetricsServer).url;
    const metrics = await (await fetch(metricsUrl)).text();
    expect(metrics).toMatch(
      /http_server_requests_total\{method="GET",route="\/health\/live",status_class="2xx"\} \d+/,
    );
    expect(metrics).toMatch(
      /http_server_requests_total\{method="GET",route="unmatched",status_class="4xx"\} \d+/,
    );
    expect(metrics).not.toContain('/no/such/route');
    expect(metrics).toContain('process_resident_memory_bytes');
    // The API port itself does not serve metrics.
    expect((await fetch(`${running.baseUrl}/metrics`)).status).toBe(404);
  });
});
