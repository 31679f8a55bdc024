/**
 * Which rows of a live list just arrived or changed: compares each new page with the one before it
 * under the same view (tab, filters, page) and marks the differences for a few seconds. The first
 * load of a view marks nothing (everything would flash). Pass `undefined` while the table shows
 * placeholder data (the previous view's rows), so they are not taken for the new view's.
 */
import { useEffect, useRef, useState } from 'react';

interface Row {
  id: number;
  version: number;
}

export function useRowArrivals(rows: readonly Row[] | undefined, viewKey: string, ms = 4000): ReadonlySet<number> {
  const seen = useRef<{ view: string; versions: Map<number, number> } | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const [fresh, setFresh] = useState<ReadonlySet<number>>(() => new Set());

  useEffect(() => {
    if (!rows) return;
    const prev = seen.current;
    seen.current = { view: viewKey, versions: new Map(rows.map((r) => [r.id, r.version])) };
    const changed = prev && prev.view === viewKey ? rows.filter((r) => prev.versions.get(r.id) !== r.version).map((r) => r.id) : [];
    if (changed.length === 0) {
      if (prev?.view !== viewKey) setFresh(new Set());
      return;
    }
    setFresh(new Set(changed));
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setFresh(new Set()), ms);
  }, [rows, viewKey, ms]);

  useEffect(() => () => clearTimeout(timer.current), []);
  return fresh;
}
