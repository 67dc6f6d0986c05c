import { isSpanContextValid, trace } from '@opentelemetry/api';

/** The ids of the span active while a line is logged, so logs and traces lead to each other. */
export function traceContextFields(): { trace_id?: string; span_id?: string } {
  const context = trace.getActiveSpan()?.spanContext();
  if (!context || !isSpanContextValid(context)) return {};
  return { trace_id: context.traceId, span_id: context.spanId };
}
