/**
 * Photos for an action: picked with the file dialog, dragged onto the box, or pasted (Ctrl+V of a screenshot or a
 * copied image, anywhere in the form while it is open). Each file goes to POST /api/photos (content-addressed, so
 * a retry is the same photo) and the form keeps the ids the server gave back.
 */
import { useEffect, useRef, useState, type DragEvent } from 'react';
import { App, Upload, type UploadFile } from 'antd';
import type { RcFile } from 'antd/es/upload';
import { PlusOutlined } from '@ant-design/icons';
import { PHOTO_MIMES } from '../../../../../../shared/api/photos.ts';
import { newIdempotencyKey } from '../../../../../common/api/client.ts';
import { errorText } from '../../../../../common/components/ApiErrorAlert.tsx';
import { useI18n } from '../../../../../common/i18n/i18n.tsx';
import { uploadPhoto } from '../api.ts';
import './photo-uploader.css';

const MAX = 20;

interface Props {
  id?: string;
  value?: string[];
  onChange?(ids: string[]): void;
  onBusy?(busy: boolean): void;
}

type Photo = UploadFile<{ id: string }>;

const isPhoto = (f: File) => (PHOTO_MIMES as readonly string[]).includes(f.type);
const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');

export function PhotoUploader({ id, onChange, onBusy }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [files, setFiles] = useState<Photo[]>([]);
  const [over, setOver] = useState(false);
  const seq = useRef(0);
  // The latest callbacks, so the effect below reports each change of the list once, whoever made it.
  const report = useRef({ onChange, onBusy });
  report.current = { onChange, onBusy };
  useEffect(() => {
    report.current.onChange?.(files.filter((f) => f.status === 'done' && f.response?.id).map((f) => f.response!.id));
    report.current.onBusy?.(files.some((f) => f.status === 'uploading'));
  }, [files]);

  const failText = (file: File, err: unknown) => t('caseActions.uploadFailed', { name: file.name, message: errorText(err, t) });

  /** Files that came by drag-and-drop or paste: uploaded as the dialog's are, shown in the same list. */
  const addFiles = (list: File[]) => {
    const wrong = list.filter((f) => !isPhoto(f));
    if (wrong.length) void message.error(t('caseActions.notPhoto', { name: wrong.map((f) => f.name || '—').join('、') }));
    const room = MAX - files.length;
    const photos = list.filter(isPhoto).slice(0, Math.max(0, room));
    if (list.filter(isPhoto).length > photos.length) void message.warning(t('caseActions.tooManyPhotos', { max: MAX }));
    for (const file of photos) {
      const uid = `added-${++seq.current}`;
      const name = file.name || t('caseActions.pastedName', { n: seq.current });
      setFiles((prev) => [...prev, { uid, name, status: 'uploading', originFileObj: file as RcFile, thumbUrl: URL.createObjectURL(file) }]);
      uploadPhoto(file, newIdempotencyKey())
        .then((r) => setFiles((prev) => prev.map((f) => (f.uid === uid ? { ...f, status: 'done', response: { id: r.id } } : f))))
        .catch((err: unknown) => setFiles((prev) => prev.map((f) => (f.uid === uid ? { ...f, status: 'error', error: new Error(failText(file, err)) } : f))));
    }
  };
  const addRef = useRef(addFiles);
  addRef.current = addFiles;

  // Paste anywhere while the form is open: a screenshot on the clipboard becomes a photo (text pastes as text).
  useEffect(() => {
    const onPaste = (e: ClipboardEvent) => {
      const pasted = Array.from(e.clipboardData?.files ?? []).filter((f) => f.type.startsWith('image/'));
      if (!pasted.length) return;
      e.preventDefault();
      addRef.current(pasted);
    };
    document.addEventListener('paste', onPaste);
    return () => document.removeEventListener('paste', onPaste);
  }, []);

  return (
    <div
      className={over ? 'gc-photo-drop gc-photo-drop-over' : 'gc-photo-drop'}
      data-testid="photo-drop"
      onDragOver={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        setOver(false);
        addFiles(Array.from(e.dataTransfer.files));
      }}
    >
      <Upload<{ id: string }>
        id={id}
        accept={PHOTO_MIMES.join(',')}
        listType="picture-card"
        multiple
        maxCount={MAX}
        fileList={files}
        onChange={({ fileList }) => setFiles(fileList)}
        customRequest={({ file, onSuccess, onError }) => {
          uploadPhoto(file as File, newIdempotencyKey())
            .then((r) => onSuccess?.({ id: r.id }))
            .catch((err: unknown) => onError?.(new Error(failText(file as File, err))));
        }}
      >
        {files.length < MAX && (
          <button type="button" style={{ border: 0, background: 'none', cursor: 'pointer' }} aria-label={t('caseActions.upload')}>
            <PlusOutlined aria-hidden />
            <div style={{ marginTop: 6, fontSize: 12 }}>{t('caseActions.upload')}</div>
          </button>
        )}
      </Upload>
      {over && <div className="gc-photo-drop-hint" aria-hidden>{t('caseActions.dropHere')}</div>}
    </div>
  );
}
