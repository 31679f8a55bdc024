/**
 * A generic webhook: POST one JSON document per notification, signed with HMAC-SM3 (GB/T 32905) over
 * `<timestamp>.<body>` so the receiver can check origin and reject replays. An SMS gateway, a 政务微信 or
 * 钉钉 robot sits behind a small adapter that verifies the signature and re-shapes the message.
 * A non-2xx answer, a redirect or a timeout is a failure: the worker retries with backoff, and the
 * delivery id lets the receiver drop a repeat (delivery is at least once).
 */
import { createHmac } from 'node:crypto';
import type { NotificationChannel, OutgoingNotification } from './notification-channel.ts';

export const SIGNATURE_HEADER = 'x-guancheng-signature';
export const TIMESTAMP_HEADER = 'x-guancheng-timestamp';
export const DELIVERY_HEADER = 'x-guancheng-delivery';

export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sm3=${createHmac('sm3', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export function webhookBody(n: OutgoingNotification): string {
  return JSON.stringify({
    id: n.id,
    kind: n.kind,
    title: n.title,
    body: n.body,
    urgent: n.urgent,
    case: n.caseId ? { id: n.caseId, trackingNo: n.trackingNo } : null,
    recipient: n.recipient,
    createdAt: n.createdAt.toISOString(),
  });
}

export function createWebhookChannel(o: { url: string; secret: string; timeoutMs: number }, clock: () => Date = () => new Date()): NotificationChannel {
  return {
    name: 'webhook',
    async send(n) {
      const body = webhookBody(n);
      const timestamp = String(Math.floor(clock().getTime() / 1000));
      const res = await fetch(o.url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(o.timeoutMs),
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'user-agent': 'guancheng-notify/1',
          [TIMESTAMP_HEADER]: timestamp,
          [SIGNATURE_HEADER]: webhookSignature(o.secret, timestamp, body),
          [DELIVERY_HEADER]: `notification-${n.id}`,
        },
        body,
      });
      // Drain the body so the socket returns to the pool; its content does not matter.
      await res.arrayBuffer().catch(() => undefined);
      if (res.status < 200 || res.status >= 300) throw new Error(`webhook answered HTTP ${res.status}`);
    },
  };
}
