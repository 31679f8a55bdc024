/**
 * 案件查询: every filter the API has, look-up by number, sort, paging, the user's columns and saved filters.
 * The URL holds the view (filters, sort, page), so it can be shared and the back button walks it.
 */
import { useCallback, useMemo } from 'react';
import { App, Card, Flex } from 'antd';
import { useSearchParams } from 'react-router';
import { errorText } from '../../../common/components/ApiErrorAlert.tsx';
import { ContrastTheme } from '../../../common/components/ContrastTheme.tsx';
import { useI18n } from '../../../common/i18n/i18n.tsx';
import { usePreferences, useSavePreferences } from './list/api.ts';
import { CaseTable } from './list/CaseTable.tsx';
import { chosenColumns, type ColumnKey } from './list/columns.tsx';
import { FilterForm } from './list/FilterForm.tsx';
import { countFilters, searchOf, viewFrom, type CaseFilters, type ListView } from './list/filters.ts';
import { NumberLookup } from './list/NumberLookup.tsx';
import { SavedFilters } from './list/SavedFilters.tsx';

export default function CaseListPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const view = useMemo(() => viewFrom(params), [params]);
  const prefs = usePreferences();
  const savePrefs = useSavePreferences();
  const shown = useMemo(() => chosenColumns(prefs.data?.columns.cases), [prefs.data]);

  const go = useCallback((next: Partial<ListView>) => setParams(searchOf({ ...view, ...next })), [setParams, view]);
  const applyFilters = useCallback((filters: CaseFilters) => go({ filters, page: 1 }), [go]);
  const setColumns = (keys: ColumnKey[]) =>
    savePrefs.mutate({ columns: { ...(prefs.data?.columns ?? {}), cases: keys } }, { onError: (err) => void message.error(errorText(err, t)) });

  return (
    <ContrastTheme>
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <SavedFilters current={view.filters} onPick={applyFilters} />
        <NumberLookup onList={(f) => applyFilters({ ...view.filters, number: undefined, q: undefined, ...f })} />
      </Flex>
      <Card size="small" styles={{ body: { paddingBottom: 0 } }}>
        <FilterForm filters={view.filters} onApply={applyFilters} />
      </Card>
      <Card size="small">
        <CaseTable view={view} shown={shown} onColumns={setColumns} savingColumns={savePrefs.isPending} onView={go} filtered={countFilters(view.filters) > 0} />
      </Card>
    </Flex>
    </ContrastTheme>
  );
}
