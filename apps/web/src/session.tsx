import { createContext, ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { ApiClient, localTokenStore } from './api/client';
import type { Me, TokenPair } from './api/types';
import { OrganisationName, OrganisationNameCache } from './lib/organisation-names';

const tokens = localTokenStore();
/** The one API client of the console. */
export const api = new ApiClient(tokens);
/** Names of the organisation ids pages show, asked for in batches (`components/organisation-name.tsx`). */
export const organisationNames = new OrganisationNameCache(async (ids) => {
  const answer = await api.get<{ organisations: OrganisationName[] }>('/organisations/names', { query: { ids } });
  return answer.organisations;
});

interface Session {
  me: Me | null;
  /** True until the stored session (if any) has been checked. */
  loading: boolean;
  login(email: string, password: string): Promise<Me>;
  logout(): Promise<void>;
  reload(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);

  const reload = useCallback(async () => {
    if (!tokens.get()) {
      setMe(null);
      return;
    }
    try {
      setMe(await api.get<Me>('/me'));
    } catch {
      setMe(null);
    }
  }, []);

  useEffect(() => {
    api.onSessionEnded = () => setMe(null);
    void reload().finally(() => setLoading(false));
    // Another tab logged in or out: follow it.
    const onStorage = (event: StorageEvent) => {
      if (event.key === 'dualuse.tokens') void reload();
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, [reload]);

  const login = useCallback(async (email: string, password: string) => {
    const pair = await api.post<TokenPair>('/auth/login', { email, password }, { auth: false });
    tokens.set({ accessToken: pair.accessToken, refreshToken: pair.refreshToken });
    organisationNames.clear();
    const current = await api.get<Me>('/me');
    setMe(current);
    return current;
  }, []);

  const logout = useCallback(async () => {
    const current = tokens.get();
    if (current) await api.post('/auth/logout', { refreshToken: current.refreshToken }).catch(() => undefined);
    tokens.set(null);
    organisationNames.clear();
    setMe(null);
  }, []);

  const value = useMemo(() => ({ me, loading, login, logout, reload }), [me, loading, login, logout, reload]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

export const isMember = (me: Me | null) => me?.user.role === 'institute' || me?.user.role === 'enterprise';
export const isOperator = (me: Me | null) => me?.user.role === 'operator';
export const isExpert = (me: Me | null) => me?.user.role === 'expert';
