import { Suspense, useMemo } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { ApiError } from '../common/api/client.ts';
import { cspNonce } from '../common/csp.ts';
import { I18nProvider, useI18n } from '../common/i18n/i18n.tsx';
import { SessionProvider, useSession } from '../common/session/session.tsx';
import { ErrorBoundary } from '../common/components/ErrorBoundary.tsx';
import { CONTRAST_TOKENS } from '../common/components/ContrastTheme.tsx';
import { LoginPage } from './features/auth/LoginPage.tsx';
import { ChangePasswordPage } from './features/auth/ChangePasswordPage.tsx';
import { OfficeLayout } from './layout/OfficeLayout.tsx';
import { allowed, homeOf, SCREENS } from './routes.tsx';
import { Forbidden, NotFound } from '../common/components/ResultPages.tsx';

function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        // The live stream invalidates what changed; focus refetches would only add load.
        refetchOnWindowFocus: false,
        retry: (n, err) => !(err instanceof ApiError && err.status >= 400 && err.status < 500) && n < 2,
      },
      mutations: { retry: false },
    },
  });
}

function Themed({ children }: { children: React.ReactNode }) {
  const { lang } = useI18n();
  dayjs.locale(lang === 'zh-CN' ? 'zh-cn' : 'en');
  const nonce = useMemo(cspNonce, []);
  return (
    <ConfigProvider locale={lang === 'zh-CN' ? zhCN : enUS} csp={nonce ? { nonce } : undefined} theme={{ token: { colorPrimary: '#1456c8', colorInfo: '#1456c8', borderRadius: 4, ...CONTRAST_TOKENS } }}>
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

function Gate() {
  const { state } = useSession();
  const location = useLocation();
  if (state.status === 'loading') return <Spin fullscreen />;
  if (state.status === 'signedOut') {
    if (location.pathname === '/login') return <LoginPage reason={state.reason} />;
    const next = location.pathname + location.search;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  const me = state.user;
  if (me.passwordExpired) return <ChangePasswordPage forced />;
  if (location.pathname === '/login') {
    const next = new URLSearchParams(location.search).get('next');
    return <Navigate to={next && next.startsWith('/') && !next.startsWith('//') ? next : homeOf(me)} replace />;
  }
  return (
    <OfficeLayout>
      <ErrorBoundary resetKey={location.pathname}>
        <Suspense fallback={<Spin style={{ display: 'block', margin: '80px auto' }} />}>
          <Routes>
            {SCREENS.map((s) => (
              <Route key={s.path} path={s.path} element={allowed(me, s) ? <s.component /> : s.path === '/' ? <Navigate to={homeOf(me)} replace /> : <Forbidden />} />
            ))}
            <Route path="/change-password" element={<ChangePasswordPage />} />
            <Route path="*" element={<NotFound />} />
          </Routes>
        </Suspense>
      </ErrorBoundary>
    </OfficeLayout>
  );
}

export function App() {
  const queryClient = useMemo(makeQueryClient, []);
  return (
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <Themed>
          <BrowserRouter>
            <SessionProvider>
              <Gate />
            </SessionProvider>
          </BrowserRouter>
        </Themed>
      </I18nProvider>
    </QueryClientProvider>
  );
}
