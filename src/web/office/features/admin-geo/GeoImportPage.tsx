/**
 * 区划与网格导入: a wizard — the file, the server's dry run drawn feature by feature on the map, what the
 * import will change (confirmed), the result. Nothing is written before the last confirmation; the server
 * checks the file again then, so a file changed in between cannot slip through.
 */
import { useState } from 'react';
import { Card, Flex, Steps, Typography } from 'antd';
import { useI18n } from '../../../common/i18n/i18n.tsx';
import type { Checked, ImportDone } from './api.ts';
import { ConfirmStep } from './ConfirmStep.tsx';
import { DoneStep } from './DoneStep.tsx';
import { FileStep, type FileStepValues } from './FileStep.tsx';
import { ReportStep } from './ReportStep.tsx';
import './admin-geo.css';

type Stage = { step: 0 } | { step: 1; checked: Checked } | { step: 2; checked: Checked } | { step: 3; checked: Checked; done: ImportDone };

export default function GeoImportPage() {
  const { t } = useI18n();
  const [stage, setStage] = useState<Stage>({ step: 0 });
  // What was chosen in step 1 is kept when the person goes back to choose another file.
  const [values, setValues] = useState<FileStepValues | null>(null);

  return (
    <Flex vertical gap={12} className="gc-geo-import" data-step={stage.step}>
      <Card size="small">
        <Typography.Paragraph type="secondary" className="gc-geo-intro">{t('adminGeo.intro')}</Typography.Paragraph>
        <Steps
          size="small"
          current={stage.step}
          items={[{ title: t('adminGeo.stepFile') }, { title: t('adminGeo.stepCheck') }, { title: t('adminGeo.stepConfirm') }, { title: t('adminGeo.stepDone') }]}
        />
      </Card>
      {stage.step === 0 && (
        <FileStep
          initial={values}
          onChecked={(checked, v) => {
            setValues(v);
            setStage({ step: 1, checked });
          }}
        />
      )}
      {stage.step === 1 && <ReportStep checked={stage.checked} onBack={() => setStage({ step: 0 })} onNext={() => setStage({ step: 2, checked: stage.checked })} />}
      {stage.step === 2 && (
        <ConfirmStep checked={stage.checked} onBack={() => setStage({ step: 1, checked: stage.checked })} onDone={(done) => setStage({ step: 3, checked: stage.checked, done })} />
      )}
      {stage.step === 3 && (
        <DoneStep
          done={stage.done}
          onAgain={() => {
            setValues(values && { ...values, file: null });
            setStage({ step: 0 });
          }}
        />
      )}
    </Flex>
  );
}
