/**
 * antd's default secondary, description and placeholder greys and its link blue fall under WCAG AA's
 * 4.5:1 on white (axe: color-contrast). Screens wrap themselves in this until the app theme carries the
 * same tokens; it changes only those colours (the parent's theme, locale and CSP nonce are inherited).
 */
import type { ReactNode } from 'react';
import { ConfigProvider } from 'antd';

export const CONTRAST_TOKENS = {
  colorLink: '#1456c8',
  colorTextSecondary: '#595959',
  colorTextDescription: '#595959',
  colorTextPlaceholder: '#767676',
  colorTextTertiary: '#595959',
} as const;

export function ContrastTheme({ children }: { children: ReactNode }) {
  return <ConfigProvider theme={{ token: CONTRAST_TOKENS }}>{children}</ConfigProvider>;
}
