/** Row classes shared by every case table (colour bar, live highlight); the CSS comes with this module. */
import './caseTable.css';
import { useEffect, type RefObject } from 'react';
import type { Colour } from '../../../shared/api/vocabulary.ts';

export const CASE_TABLE_CLASS = 'gc-case-table';

export function caseRowClass(colour: Colour | null | undefined, opts: { fresh?: boolean; failed?: boolean } = {}): string {
  return [colour ? `gc-row-${colour}` : '', opts.fresh ? 'gc-row-new' : '', opts.failed ? 'gc-row-failed' : ''].filter(Boolean).join(' ');
}

/**
 * antd renders a hidden copy of the header (aria-hidden) to measure columns of a scrolling table; its
 * select-all checkbox would be a focusable element inside aria-hidden (axe: aria-hidden-focus). Taking
 * the copies out of the tab order fixes that without touching the visible header.
 */
export function useHiddenMeasureRow(ref: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const root = ref.current;
    if (!root) return;
    const fix = () => {
      for (const el of root.querySelectorAll<HTMLElement>('.ant-table-measure-row input, .ant-table-measure-row button, .ant-table-measure-row [tabindex]')) {
        if (el.tabIndex !== -1) el.tabIndex = -1;
      }
    };
    fix();
    const obs = new MutationObserver(fix);
    obs.observe(root, { childList: true, subtree: true });
    return () => obs.disconnect();
  }, [ref]);
}
