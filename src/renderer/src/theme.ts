/**
 * The chosen theme on the page: `data-theme` on <html> ('system', 'light' or 'dark'). The CSS
 * writes every colour once with light-dark() and lets `color-scheme` pick: 'system' leaves it
 * to the computer, 'light' and 'dark' pin it (base.css), so the choice wins over the OS.
 */
import { useEffect } from 'react';
import type { ThemeChoice } from '../../shared/domain';
import { useInbox } from './storeContext';

/** Puts the theme from the settings on the root element (System until the settings are read). */
export function useTheme(): void {
  const theme: ThemeChoice = useInbox((s) => s.settings?.theme ?? 'system');
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
}
