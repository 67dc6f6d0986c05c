import { Registry } from 'prom-client';
import { v4 as uuidv4 } from 'uuid';
import { type RunningApp } from './app';

export interface UserBody {
  id: string;
  email: string;
  name: string;
  createdAt: string;
  updatedAt: string;
}
export interface GroupBody {
  id: string;
  name: string;
  description: string | null;
  ownerId: string;
  createdAt: string;
  updatedAt: string;
}
export interface MembershipBody {
  groupId: string;
  userId: string;
  role: 'owner' | 'member';
  since: string;
}
export interface PageBody<T> {
  items: T[];
  nextCursor: string | null;
}
export interface ProblemBody {
  status: number;
  detail: string;
  errors?: { field: string; message: string }[];
  store?: string;
}

export interface Reply<T> {
  status: number;
  body: T;
}

/** JSON over HTTP against a running app; a 204 has an undefined body. */
export function client(running: RunningApp) {
  async function call<T>(method: string, path: string, body?: unknown): Promise<Reply<T>> {
    const response = await fetch(`${running.baseUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  async function created<T>(path: string, body: unknown): Promise<T> {
    const reply = await call<T>('POST', path, body);
    if (reply.status !== 201)
      throw new Error(`POST ${path} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
    return reply.body;
  }

  return {
    call,
    createUser: (name = 'Test User') => created<UserBody>('/users', { email: uniqueEmail(), name }),
    createGroup: (ownerId: string, name = 'Test Group') => created<GroupBody>('/groups', { name, ownerId }),
  };
}

export const uniqueEmail = () => `user-${uuidv4()}@example.com`;

/** The value of one series of a counter, or of a histogram's `_count`, in the app's registry. */
export async function metricValue(
  running: RunningApp,
  name: string,
  labels: Record<string, string>,
): Promise<number> {
  const metric = running.app.get(Registry).getSingleMetric(name);
  if (!metric) return 0;
  const { values } = await metric.get();
  // A histogram's series carry their name (`_bucket`, `_sum`, `_count`); a counter's do not.
  const series = (values as { metricName?: string; labels: Record<string, unknown>; value: number }[]).find(
    ({ metricName = name, labels: seriesLabels }) =>
      [name, `${name}_count`].includes(metricName) &&
      Object.entries(labels).every(([label, expected]) => seriesLabels[label] === expected),
  );
  return series?.value ?? 0;
}
