/** Step 4: what was imported, the batch it is recorded under, and where to look at it. */
import { Button, Card, Result } from 'antd';
import { Link } from 'react-router';
import { useI18n } from '../../../common/i18n/i18n.tsx';
import type { ImportDone } from './api.ts';

export function DoneStep({ done, onAgain }: { done: ImportDone; onAgain(): void }) {
  const { t } = useI18n();
  const { result } = done;
  return (
    <Card size="small">
      <Result
        status="success"
        title={t('adminGeo.doneTitle')}
        subTitle={
          <>
            <div data-testid="geo-done">
              {done.kind === 'grids'
                ? t('adminGeo.doneGrids', { imported: done.result.imported, retired: done.result.retired, communities: done.result.communities.length })
                : t('adminGeo.doneDivisions', { streets: done.result.streets, communities: done.result.communities })}
            </div>
            <div data-testid="geo-batch">{t('adminGeo.batch', { id: result.batchId ?? '—' })}</div>
          </>
        }
        extra={[
          <Link key="map" to="/map"><Button type="primary">{t('adminGeo.openMap')}</Button></Link>,
          <Button key="again" onClick={onAgain}>{t('adminGeo.again')}</Button>,
        ]}
      />
    </Card>
  );
}
