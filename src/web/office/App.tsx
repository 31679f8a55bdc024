import { lazy, Suspense, useMemo, useRef } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import 'antd/dist/antd.css';
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
import { prefetchFirstScreen } from './first-screen.ts';
import { OfficeLayout } from './layout/OfficeLayout.tsx';
import { allowed, homeOf, SCREENS } from './routes.tsx';

// Loaded when shown: a signed-in person's first screen carries neither the sign-in forms nor the result pages.
const LoginPage = lazy(() => import('./features/auth/LoginPage.tsx').then((m) => ({ default: m.LoginPage })));
const ChangePasswordPage = lazy(() => import('./features/auth/ChangePasswordPage.tsx').then((m) => ({ default: m.ChangePasswordPage })));
const NotFound = lazy(() => import('../common/components/ResultPages.tsx').then((m) => ({ default: m.NotFound })));
const Forbidden = lazy(() => import('../common/components/ResultPages.tsx').then((m) => ({ default: m.Forbidden })));
const fullscreen = <Spin fullscreen />;

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
    <ConfigProvider locale={lang === 'zh-CN' ? zhCN : enUS} csp={nonce ? { nonce } : undefined} theme={{ zeroRuntime: true, token: { colorPrimary: '#1456c8', colorInfo: '#1456c8', colorPrimaryHover: '#2f6ccf' /* antd's derived #3776d4 carries white text at 4.46:1; this at 5.0:1 */, borderRadius: 4, ...CONTRAST_TOKENS } }}>
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

function Gate() {
  const { state } = useSession();
  const location = useLocation();
  const qc = useQueryClient();
  // As soon as the session is known — in this render, not after the shell has rendered and committed.
  const prefetched = useRef(false);
  if (!prefetched.current && state.status === 'signedIn' && !state.user.passwordExpired && homeOf(state.user) === SCREENS[0]!.path) {
    prefetched.current = true;
    prefetchFirstScreen(qc);
  }
  if (state.status === 'loading') return fullscreen;
  if (state.status === 'signedOut') {
    if (location.pathname === '/login') return <Suspense fallback={fullscreen}><LoginPage reason={state.reason} /></Suspense>;
    const next = location.pathname + location.search;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  const me = state.user;
  if (me.passwordExpired) return <Suspense fallback={fullscreen}><ChangePasswordPage forced /></Suspense>;
  if (location.pathname === '/login') {
    const next = new URLSearchParams(location.search).get('next');
    // The bare root is no destination of its own: it means "my landing screen" (the unit desk for a handler).
    return <Navigate to={next && next !== '/' && next.startsWith('/') && !next.startsWith('//') ? next : homeOf(me)} replace />;
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
