/**
 * The language of the web: zh-CN by default, English by the switch; the choice is kept on the device
 * (for the sign-in page) and in the user's server-side preferences once signed in.
 * `t('section.key', params)` for UI strings; `label(x)` for a domain label from src/shared ({zh, en}).
 */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { setApiLanguage } from '../api/client.ts';
import { LANGS, lookup, type Catalogue, type Lang, type MessageKey } from './catalogue.ts';
import { zhCN } from './zh-CN/index.ts';
import { en } from './en/index.ts';

const CATALOGUES: Record<Lang, Catalogue> = { 'zh-CN': zhCN, en };
const STORAGE_KEY = 'gc.lang';

export interface I18n {
  lang: Lang;
  setLang(lang: Lang): void;
  t(key: MessageKey, params?: Record<string, string | number>): string;
  label(l: { zh: string; en: string } | undefined): string;
}

const Ctx = createContext<I18n | null>(null);

export function initialLang(): Lang {
  const stored = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
  return LANGS.includes(stored as Lang) ? (stored as Lang) : 'zh-CN';
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => {
    const l = initialLang();
    setApiLanguage(l);
    return l;
  });
  const setLang = useCallback((l: Lang) => {
    localStorage.setItem(STORAGE_KEY, l);
    setApiLanguage(l);
    document.documentElement.lang = l;
    setLangState(l);
  }, []);
  const value = useMemo<I18n>(() => {
    const cat = CATALOGUES[lang];
    return {
      lang,
      setLang,
      t: (key, params) => lookup(cat, key, params),
      label: (l) => (l ? (lang === 'zh-CN' ? l.zh : l.en) : ''),
    };
  }, [lang, setLang]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}
