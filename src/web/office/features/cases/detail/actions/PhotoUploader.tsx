/**
 * Photos for an action: each file goes to POST /api/photos (content-addressed, so a retry is the same photo)
 * and the form keeps the ids the server gave back.
 */
import { useState } from 'react';
import { Upload, type UploadFile } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { PHOTO_MIMES } from '../../../../../../shared/api/photos.ts';
import { newIdempotencyKey } from '../../../../../common/api/client.ts';
import { errorText } from '../../../../../common/components/ApiErrorAlert.tsx';
import { useI18n } from '../../../../../common/i18n/i18n.tsx';
import { uploadPhoto } from '../api.ts';

const MAX = 20;

interface Props {
  id?: string;
  value?: string[];
  onChange?(ids: string[]): void;
  onBusy?(busy: boolean): void;
}

export function PhotoUploader({ id, onChange, onBusy }: Props) {
  const { t } = useI18n();
  const [files, setFiles] = useState<UploadFile<{ id: string }>[]>([]);
  const publish = (next: UploadFile<{ id: string }>[]) => {
    setFiles(next);
    onChange?.(next.filter((f) => f.status === 'done' && f.response?.id).map((f) => f.response!.id));
    onBusy?.(next.some((f) => f.status === 'uploading'));
  };
  return (
    <Upload<{ id: string }>
      id={id}
      accept={PHOTO_MIMES.join(',')}
      listType="picture-card"
      multiple
      maxCount={MAX}
      fileList={files}
      onChange={({ fileList }) => publish(fileList)}
      customRequest={({ file, onSuccess, onError }) => {
        uploadPhoto(file as File, newIdempotencyKey())
          .then((r) => onSuccess?.({ id: r.id }))
          .catch((err: unknown) => onError?.(new Error(t('caseActions.uploadFailed', { name: (file as File).name, message: errorText(err, t) }))));
      }}
    >
      {files.length < MAX && (
        <button type="button" style={{ border: 0, background: 'none', cursor: 'pointer' }} aria-label={t('caseActions.upload')}>
          <PlusOutlined aria-hidden />
          <div style={{ marginTop: 6, fontSize: 12 }}>{t('caseActions.upload')}</div>
        </button>
      )}
    </Upload>
  );
}
