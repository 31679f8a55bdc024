/** 类别管理: the category table and its local settings, the legacy code mapping and the CSV import. */
import { Card, Tabs } from 'antd';
import { useSearchParams } from 'react-router';
import { useI18n } from '../../../common/i18n/i18n.tsx';
import { CategoryImport } from './CategoryImport.tsx';
import { CategoryTable } from './CategoryTable.tsx';
import { MappingEditor } from './MappingEditor.tsx';

const TABS = ['table', 'mappings', 'import'] as const;
type Tab = (typeof TABS)[number];

export default function CategoriesPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const tab: Tab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as Tab) : 'table';
  return (
    <Card size="small" style={{ maxWidth: 1600 }}>
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams(k === 'table' ? {} : { tab: k }, { replace: true })}
        destroyOnHidden
        items={[
          { key: 'table', label: t('adminCatalog.tabTable'), children: <CategoryTable /> },
          { key: 'mappings', label: t('adminCatalog.tabMappings'), children: <MappingEditor /> },
          { key: 'import', label: t('adminCatalog.tabImport'), children: <CategoryImport /> },
        ]}
      />
    </Card>
  );
}
