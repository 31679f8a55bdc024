/**
 * antd's default secondary, description and placeholder greys, its link blue and its error red fall under WCAG AA's
 * 4.5:1 on white (axe: color-contrast). The app themes carry these tokens; a front end without its own
 * theme (or a portal in another theme) wraps itself in ContrastTheme; it changes only those colours.
 */
import type { ReactNode } from 'react';
import { ConfigProvider } from 'antd';

export const CONTRAST_TOKENS = {
  colorLink: '#1456c8',
  colorTextSecondary: '#595959',
  colorTextDescription: '#595959',
  colorTextPlaceholder: '#767676',
  colorTextTertiary: '#595959',
  // antd's red (#ff4d4f) carries white text (badges, danger buttons) at 3.3:1; this one at 5.6:1.
  colorError: '#cf1322',
  colorErrorHover: '#a8071a',
  colorErrorActive: '#820014',
} as const;

export function ContrastTheme({ children }: { children: ReactNode }) {
  return <ConfigProvider theme={{ token: CONTRAST_TOKENS }}>{children}</ConfigProvider>;
}
