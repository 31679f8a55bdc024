/**
 * Step 1: what to import, the district (divisions), the coordinate system and the file. The check sends the
 * file to the server's dry run; a file it cannot read (format, CRS, size, scope) is said at the field concerned.
 */
import { useState } from 'react';
import { Alert, Button, Card, Col, Form, Input, Radio, Row, Select, Typography, Upload } from 'antd';
import { DeleteOutlined, FileSearchOutlined, InboxOutlined, PaperClipOutlined } from '@ant-design/icons';
import { ApiError } from '../../../common/api/client.ts';
import { errorText } from '../../../common/components/ApiErrorAlert.tsx';
import { useI18n } from '../../../common/i18n/i18n.tsx';
import { can, useMe } from '../../../common/session/session.tsx';
import { ACCEPTED, MAX_FILE_MB, useCheckImport, useDistricts, type Checked, type ImportKind } from './api.ts';

export interface FileStepValues {
  kind: ImportKind;
  districtCode?: string;
  crs?: string;
  codeField?: string;
  file: File | null;
}

type Field = 'kind' | 'districtCode' | 'crs' | 'codeField' | 'file';

/** Where the server's refusal belongs: its field path (query.crs …) or, for a file it cannot read, the file. */
function fieldOf(err: ApiError, kind: ImportKind): Field | null {
  if (err.code === 'GEO_FILE_INVALID' || err.code === 'PAYLOAD_TOO_LARGE' || err.status === 413) return 'file';
  if (err.code === 'DIVISION_NOT_FOUND') return 'districtCode';
  if (err.code === 'SCOPE_INVALID') return kind === 'divisions' ? 'districtCode' : 'file';
  return null;
}

function fieldErrors(err: ApiError): Array<{ name: Field; errors: string[] }> {
  const raw: unknown = err.fields;
  const list: Array<{ field: string; message: string }> = Array.isArray(raw)
    ? (raw as Array<{ field: string; message: string }>)
    : raw && typeof raw === 'object' ? Object.entries(raw as Record<string, string>).map(([field, message]) => ({ field, message })) : [];
  const names: Record<string, Field> = { crs: 'crs', codeField: 'codeField', districtCode: 'districtCode', fileName: 'file' };
  return list.flatMap((f) => {
    const name = names[f.field.replace(/^query\./, '')];
    return name ? [{ name, errors: [f.message] }] : [];
  });
}

const GK: Array<{ code: number; cm: number } | { code: number; zone: number }> = [
  { code: 4546, cm: 111 }, { code: 4547, cm: 114 }, { code: 4548, cm: 117 },
  { code: 4524, zone: 37 }, { code: 4525, zone: 38 }, { code: 4526, zone: 39 },
];

function sizeText(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function FileStep({ initial, onChecked }: { initial: FileStepValues | null; onChecked(checked: Checked, values: FileStepValues): void }) {
  const { t } = useI18n();
  const me = useMe();
  const mayDivisions = can(me, 'divisions.manage');
  const mayGrids = can(me, 'grids.manage');
  const [form] = Form.useForm<Omit<FileStepValues, 'file'>>();
  const [file, setFile] = useState<File | null>(initial?.file ?? null);
  const [fileError, setFileError] = useState<string | null>(null);
  // The server's refusal of the file may come from another field (a coordinate system not named): changing any clears it.
  const [fileErrorFromServer, setFileErrorFromServer] = useState(false);
  const [otherError, setOtherError] = useState<unknown>(null);
  const kind = Form.useWatch('kind', form) ?? initial?.kind ?? (mayGrids ? 'grids' : 'divisions');
  const districts = useDistricts();
  const check = useCheckImport();

  const choose = (f: File) => {
    setOtherError(null);
    setFileErrorFromServer(false);
    const lower = f.name.toLowerCase();
    if (!ACCEPTED.some((ext) => lower.endsWith(ext))) setFileError(t('adminGeo.fileType'));
    else if (f.size > MAX_FILE_MB * 1024 * 1024) setFileError(t('adminGeo.fileTooBig', { size: (f.size / 1024 / 1024).toFixed(1), max: MAX_FILE_MB }));
    else setFileError(null);
    setFile(f);
  };

  const submit = async (v: Omit<FileStepValues, 'file'>) => {
    setOtherError(null);
    if (!file) return setFileError(t('adminGeo.fileRequired'));
    if (fileError) return;
    const values: FileStepValues = { ...v, codeField: v.codeField?.trim() || undefined, file };
    try {
      const checked = await check.mutateAsync({ kind: values.kind, file, districtCode: values.districtCode, crs: values.crs, codeField: values.kind === 'grids' ? values.codeField : undefined });
      onChecked(checked, values);
    } catch (err) {
      if (!(err instanceof ApiError)) return setOtherError(err);
      const at = fieldOf(err, values.kind);
      const fields = fieldErrors(err);
      if (at === 'file' || fields.some((f) => f.name === 'file')) {
        setFileError(err.message);
        setFileErrorFromServer(true);
      }
      const formFields = fields.filter((f) => f.name !== 'file');
      if (at && at !== 'file') formFields.push({ name: at, errors: [err.message] });
      if (formFields.length) form.setFields(formFields as never);
      if (!at && fields.length === 0) setOtherError(err);
    }
  };

  return (
    <Card size="small">
      <Form
        form={form}
        layout="vertical"
        initialValues={{ kind, districtCode: initial?.districtCode, crs: initial?.crs, codeField: initial?.codeField }}
        onFinish={(v) => void submit(v)}
        onValuesChange={() => {
          setOtherError(null);
          if (fileErrorFromServer) {
            setFileError(null);
            setFileErrorFromServer(false);
          }
        }}
        className="gc-geo-form"
      >
        <Row gutter={24}>
          <Col xs={24} lg={12}>
            <Form.Item name="kind" label={t('adminGeo.kind')} extra={kind === 'grids' ? t('adminGeo.kindGridsHint') : t('adminGeo.kindDivisionsHint')}>
              <Radio.Group optionType="button" buttonStyle="solid">
                <Radio.Button value="grids" disabled={!mayGrids}>{t('adminGeo.kindGrids')}</Radio.Button>
                <Radio.Button value="divisions" disabled={!mayDivisions}>{t('adminGeo.kindDivisions')}</Radio.Button>
              </Radio.Group>
            </Form.Item>
            {kind === 'divisions' && (
              <Form.Item name="districtCode" label={t('adminGeo.district')} rules={[{ required: true, message: t('adminGeo.districtRequired') }]}>
                <Select
                  aria-label={t('adminGeo.district')}
                  placeholder={t('adminGeo.districtPlaceholder')}
                  loading={districts.isPending}
                  options={districts.data?.items.map((d) => ({ value: d.code, label: t('adminGeo.named', { name: d.name, code: d.code }) }))}
                />
              </Form.Item>
            )}
            <Form.Item name="crs" label={t('adminGeo.crs')} extra={t('adminGeo.crsHint')}>
              <Select
                aria-label={t('adminGeo.crs')}
                allowClear
                placeholder={t('adminGeo.crsAuto')}
                options={[
                  { value: 'EPSG:4326', label: t('adminGeo.crs4326') },
                  { value: 'EPSG:4490', label: t('adminGeo.crs4490') },
                  ...GK.map((g) => ({
                    value: `EPSG:${g.code}`,
                    label: 'cm' in g ? t('adminGeo.crsGkCm', { cm: g.cm, code: g.code }) : t('adminGeo.crsGkZone', { zone: g.zone, code: g.code }),
                  })),
                ]}
              />
            </Form.Item>
            {kind === 'grids' && (
              <Form.Item name="codeField" label={t('adminGeo.codeField')} extra={t('adminGeo.codeFieldHint')} rules={[{ max: 40 }]}>
                <Input placeholder={t('adminGeo.codeFieldPlaceholder')} maxLength={40} />
              </Form.Item>
            )}
          </Col>
          <Col xs={24} lg={12}>
            <Form.Item label={t('adminGeo.file')} required validateStatus={fileError ? 'error' : undefined} help={fileError ?? undefined} htmlFor="gc-geo-file">
              <Upload.Dragger
                id="gc-geo-file"
                accept={ACCEPTED.join(',')}
                multiple={false}
                showUploadList={false}
                beforeUpload={(f) => {
                  choose(f);
                  return Upload.LIST_IGNORE;
                }}
                data-testid="geo-file"
              >
                <p className="ant-upload-drag-icon"><InboxOutlined aria-hidden /></p>
                <p className="ant-upload-text">{t('adminGeo.dropTitle')}</p>
                <p className="ant-upload-hint">{t('adminGeo.dropHint', { max: MAX_FILE_MB })}</p>
              </Upload.Dragger>
            </Form.Item>
            {file && (
              <div className="gc-geo-file" data-testid="geo-file-chosen">
                <PaperClipOutlined aria-hidden />
                <Typography.Text ellipsis>{t('adminGeo.fileChosen', { name: file.name, size: sizeText(file.size) })}</Typography.Text>
                <Button
                  type="text"
                  size="small"
                  icon={<DeleteOutlined />}
                  aria-label={t('adminGeo.removeFile')}
                  title={t('adminGeo.removeFile')}
                  onClick={() => {
                    setFile(null);
                    setFileError(null);
                  }}
                />
              </div>
            )}
          </Col>
        </Row>
        {otherError !== null && <Alert type="error" showIcon className="gc-geo-alert" title={t('adminGeo.checkFailed')} description={errorText(otherError, t)} />}
        <Button type="primary" htmlType="submit" icon={<FileSearchOutlined />} loading={check.isPending} data-testid="geo-check">
          {check.isPending ? t('adminGeo.checking') : t('adminGeo.check')}
        </Button>
      </Form>
    </Card>
  );
}
