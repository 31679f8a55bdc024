/**
 * One Idempotency-Key per thing the receiver means to do: the same request again (a retry after a network
 * failure, a double click) reuses its key, so the server does it once; a changed request is a new intent
 * with a new key (the server refuses a key reused for another body). Forgotten when the call is done.
 */
import { useCallback, useRef } from 'react';
import { newIdempotencyKey } from '../../../common/api/client.ts';

export function useIntentKeys(): { keyFor(request: unknown): string; forget(): void } {
  const keys = useRef(new Map<string, string>());
  const keyFor = useCallback((request: unknown) => {
    const json = JSON.stringify(request);
    let key = keys.current.get(json);
    if (!key) keys.current.set(json, (key = newIdempotencyKey()));
    return key;
  }, []);
  const forget = useCallback(() => keys.current.clear(), []);
  return { keyFor, forget };
}
