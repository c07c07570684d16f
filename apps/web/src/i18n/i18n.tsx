import { createContext, ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { en } from './en';
import { MessageKey, zh } from './zh';

/** One i18n layer: every string the console shows comes from these dictionaries. Chinese by default. */
export type Language = 'zh' | 'en';
export const DICTIONARIES: Record<Language, Record<MessageKey, string>> = { zh, en };
const STORAGE_KEY = 'dualuse.language';

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export function translate(language: Language, key: MessageKey, vars?: Record<string, string | number>): string {
  const text = DICTIONARIES[language][key] ?? zh[key] ?? key;
  return vars ? text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole)) : text;
}

/** Whether a key exists (enum values from the API that the dictionaries may not know yet). */
export function isMessageKey(key: string): key is MessageKey {
  return key in zh;
}

interface I18n {
  language: Language;
  locale: string;
  setLanguage(language: Language): void;
  t: Translate;
  /** The label of an API enum value (`field`, `aerodynamics` → 空气动力), or the value itself if unknown. */
  label(group: string, value: string | null | undefined): string;
  /** An alias the API writes in Chinese (`竞买人 01`, `专家 03`) in the user's language; anything else as it is. */
  alias(value: string | null | undefined): string;
  /** Joins a list the way the language does (`、` or `, `). */
  list(items: string[]): string;
}

const API_ALIAS = /^(竞买人|专家) (\d+)$/;

export function translateAlias(language: Language, value: string | null | undefined): string {
  const match = API_ALIAS.exec(value ?? '');
  if (!match) return value ?? '—';
  return translate(language, match[1] === '竞买人' ? 'alias.bidder' : 'alias.expert', { n: match[2] });
}

const I18nContext = createContext<I18n | null>(null);

function initialLanguage(): Language {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(initialLanguage);
  const setLanguage = useCallback((next: Language) => {
    setLanguageState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // private mode: the choice lasts for this page only
    }
  }, []);
  useEffect(() => {
    document.documentElement.lang = language === 'zh' ? 'zh-CN' : 'en';
    document.title = translate(language, 'app.title');
  }, [language]);
  const value = useMemo<I18n>(() => {
    const t: Translate = (key, vars) => translate(language, key, vars);
    return {
      language,
      locale: language === 'zh' ? 'zh-CN' : 'en-GB',
      setLanguage,
      t,
      label: (group, v) => {
        if (v === null || v === undefined) return '—';
        const key = `${group}.${v}`;
        return isMessageKey(key) ? t(key) : v;
      },
      alias: (v) => translateAlias(language, v),
      list: (items) => items.join(t('common.listSeparator')),
    };
  }, [language, setLanguage]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useI18n outside I18nProvider');
  return i18n;
}
