/**
 * Step 3: what the import will change, said before it happens (new, replaced, ended), and the import
 * itself behind a confirmation: it takes effect at once and cannot be undone here.
 */
import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Flex, Popconfirm } from 'antd';
import { ArrowLeftOutlined, CloudUploadOutlined } from '@ant-design/icons';
import { errorText } from '../../../common/components/ApiErrorAlert.tsx';
import { useI18n } from '../../../common/i18n/i18n.tsx';
import { GapAlert } from './GapAlert.tsx';
import { newIdempotencyKey, useRunImport, type Checked, type ImportDone } from './api.ts';

export function ConfirmStep({ checked, onBack, onDone }: { checked: Checked; onBack(): void; onDone(done: ImportDone): void }) {
  const { t } = useI18n();
  const run = useRunImport();
  // One key for this confirmation: a retry after a lost answer is the same import, not a second one.
  const [key] = useState(newIdempotencyKey);
  const { request, changes } = checked;
  const grids = request.kind === 'grids';
  const n = (v: number) => t('adminGeo.countUnit', { n: v });

  const items = [
    { key: 'file', label: t('adminGeo.confirmFile'), children: request.file.name },
    { key: 'kind', label: t('adminGeo.confirmKind'), children: t(grids ? 'adminGeo.kindGrids' : 'adminGeo.kindDivisions') },
    ...(grids
      ? [{ key: 'communities', label: t('adminGeo.confirmCommunities'), children: checked.communities.length ? t('adminGeo.named', { name: n(checked.communities.length), code: checked.communities.join(t('adminGeo.listSeparator')) }) : '—' }]
      : [{ key: 'district', label: t('adminGeo.confirmDistrict'), children: request.districtCode ?? '—' }]),
    { key: 'new', label: t('adminGeo.confirmNew'), children: <span data-testid="geo-change-new">{n(changes.new)}</span> },
    { key: 'replaced', label: t('adminGeo.confirmReplaced'), children: <span data-testid="geo-change-replaced">{n(changes.replaced)}</span> },
    ...(grids ? [{ key: 'retired', label: t('adminGeo.confirmRetired'), children: <span data-testid="geo-change-retired">{n(changes.retired ?? 0)}</span> }] : []),
  ];

  return (
    <Card size="small" title={t('adminGeo.confirmTitle')}>
      <Flex vertical gap={12}>
        <Descriptions bordered size="small" column={1} items={items} styles={{ label: { width: 260 } }} />
        <GapAlert gaps={checked.gaps} />
        <Alert type="warning" showIcon title={t(grids ? 'adminGeo.irreversible' : 'adminGeo.irreversibleDivisions')} />
        {run.isError && <Alert type="error" showIcon title={t('adminGeo.importFailed')} description={errorText(run.error, t)} data-testid="geo-import-error" />}
        <Flex gap={8} justify="space-between">
          <Button icon={<ArrowLeftOutlined />} onClick={onBack} disabled={run.isPending}>{t('adminGeo.back')}</Button>
          <Popconfirm
            title={t('adminGeo.importConfirm')}
            okText={t('adminGeo.importNow')}
            cancelText={t('common.cancel')}
            okButtonProps={{ danger: true }}
            onConfirm={() => run.mutate({ request, key }, { onSuccess: onDone })}
          >
            <Button type="primary" danger icon={<CloudUploadOutlined />} loading={run.isPending} data-testid="geo-import">
              {run.isPending ? t('adminGeo.importing') : t('adminGeo.importNow')}
            </Button>
          </Popconfirm>
        </Flex>
      </Flex>
    </Card>
  );
}
