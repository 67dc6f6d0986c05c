import http from 'node:http';
import https from 'node:https';
import { TimedOutError } from '../../common/with-timeout';

type Transport = Pick<typeof http, 'request'>;

/**
 * minio-js' HTTP transport, with the store deadline on each request until MinIO begins its
 * answer: a request to a MinIO that hangs is ended, its socket closed, when StoreOperations
 * abandons the call, instead of staying open until MinIO resumes (one more socket for every
 * request of the outage). The timer measures inactivity, so an upload that keeps sending never
 * trips it, and it stops once the answer begins, so a download streams to a slow client for as
 * long as that client takes.
 */
export function transportWithDeadline(useSsl: boolean, deadlineMs: number): Transport {
  const transport: Transport = useSsl ? https : http;
  const request = (options: http.RequestOptions, onResponse?: (response: http.IncomingMessage) => void) => {
    const sent = transport.request(options, onResponse);
    sent.setTimeout(deadlineMs, () => sent.destroy(new TimedOutError('minio request', deadlineMs)));
    sent.once('response', () => sent.setTimeout(0));
    return sent;
  };
  return { request: request as Transport['request'] };
}
