/**
 * The language follows the person, not the device: once signed in, the language saved on the server
 * (GET /api/me/preferences) is adopted; a switch made while signed in is saved there; a switch made on the
 * sign-in page wins over the saved one and is saved at sign-in.
 */
import { useCallback, useEffect, useRef } from 'react';
import type { Preferences } from '../../../shared/api/preferences.ts';
import { api } from '../api/client.ts';
import type { Lang } from './catalogue.ts';
import { useI18n } from './i18n.tsx';

const PENDING = 'gc.lang.pending';

/** The sign-in page's switch: remembered until the sign-in, then saved to the person's preferences. */
export function choseLanguageBeforeSignIn(lang: Lang): void {
  sessionStorage.setItem(PENDING, lang);
}

function save(lang: Lang): Promise<unknown> {
  return api('/api/me/preferences', { method: 'PATCH', body: { language: lang } });
}

export function useServerLanguage(): (lang: Lang) => void {
  const { lang, setLang } = useI18n();
  const done = useRef(false);
  useEffect(() => {
    if (done.current) return;
    done.current = true;
    const pending = sessionStorage.getItem(PENDING) as Lang | null;
    sessionStorage.removeItem(PENDING);
    if (pending) {
      void save(pending).catch(() => {});
      return;
    }
    void api<Preferences>('/api/me/preferences', { background: true })
      .then((p) => {
        if (p.language !== lang) setLang(p.language);
      })
      .catch(() => {});
  }, [lang, setLang]);
  return useCallback(
    (l: Lang) => {
      setLang(l);
      void save(l).catch(() => {});
    },
    [setLang],
  );
}
