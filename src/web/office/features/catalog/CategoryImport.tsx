/**
 * Category CSV import: the file is first checked by the server without writing (a dry run), which answers either
 * the rows as it read them (new or replacing, the limit and clock) or every problem by row; only then can the
 * admin import it — all rows or none. A template with every column can be downloaded.
 */
import { useState } from 'react';
import { Alert, App, Button, Card, Collapse, Descriptions, Empty, Flex, Popconfirm, Result, Table, Tag, Typography, Upload } from 'antd';
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { CATEGORY_CSV_COLUMNS } from '../../../../shared/api/categories.ts';
import { ApiError } from '../../../common/api/client.ts';
import { errorText } from '../../../common/components/ApiErrorAlert.tsx';
import type { MessageKey } from '../../../common/i18n/catalogue.ts';
import { useI18n } from '../../../common/i18n/i18n.tsx';
import './catalog.css';
import { useImportCategories, type ImportResult } from './api.ts';
import { clockKey, clockUnitKey } from './labels.ts';

interface Problem {
  row: number;
  code: string;
  message: string;
}

/** Larger files are refused by the server (8 MB); the whole national table is about 30 KB. */
const MAX_BYTES = 8 * 1024 * 1024;


function download(name: string, text: string) {
  // A BOM so that spreadsheet programs read the UTF-8 Chinese correctly.
  const url = URL.createObjectURL(new Blob(['\uFEFF', text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function CategoryImport() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const run = useImportCategories();
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [preview, setPreview] = useState<ImportResult | null>(null);
  const [problems, setProblems] = useState<Problem[] | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [done, setDone] = useState<ImportResult | null>(null);

  const check = (name: string, text: string) => {
    setFile({ name, text });
    setPreview(null);
    setProblems(null);
    setFailure(null);
    setDone(null);
    run.mutate(
      { csv: text, fileName: name, dryRun: true },
      {
        onSuccess: setPreview,
        onError: (err) => {
          if (err instanceof ApiError && err.code === 'CATEGORY_IMPORT_INVALID' && Array.isArray(err.details)) setProblems(err.details as Problem[]);
          else setFailure(err);
        },
      },
    );
  };
  const commit = () => {
    if (!file) return;
    run.mutate(
      { csv: file.text, fileName: file.name, dryRun: false },
      {
        onSuccess: (r) => {
          setDone(r);
          setPreview(null);
          message.success(t('adminCatalog.importDone', { n: r.imported }));
        },
        onError: (err) => {
          if (err instanceof ApiError && err.code === 'CATEGORY_IMPORT_INVALID' && Array.isArray(err.details)) setProblems(err.details as Problem[]);
          else setFailure(err);
        },
      },
    );
  };
  const reset = () => {
    setFile(null);
    setPreview(null);
    setProblems(null);
    setFailure(null);
    setDone(null);
  };

  // The header and two example rows (a national category with settings, a local extension).
  const template = () => [CATEGORY_CSV_COLUMNS.join(','), t('adminCatalog.templateRow1'), t('adminCatalog.templateRow2')].join('\r\n');
  const newCount = preview?.rows.filter((r) => r.isNew).length ?? 0;
  return (
    <Flex vertical gap={16}>
      <Card size="small" title={t('adminCatalog.importTitle')} extra={<Button icon={<DownloadOutlined aria-hidden />} onClick={() => download('categories-template.csv', template())}>{t('adminCatalog.template')}</Button>}>
        <Typography.Paragraph type="secondary">{t('adminCatalog.importIntro')}</Typography.Paragraph>
        <Collapse
          size="small"
          items={[{
            key: 'columns',
            label: t('adminCatalog.csvColumns'),
            children: <Descriptions size="small" column={{ xs: 1, lg: 2 }} bordered styles={{ label: { whiteSpace: 'nowrap' } }} items={CATEGORY_CSV_COLUMNS.map((c) => ({ key: c, label: <Typography.Text code>{c}</Typography.Text>, children: t(`adminCatalog.csv_${c}` as MessageKey) }))} />,
          }]}
        />
        <Upload.Dragger
          accept=".csv,text/csv"
          multiple={false}
          showUploadList={false}
          disabled={run.isPending}
          style={{ marginTop: 16 }}
          beforeUpload={(f) => {
            if (f.size > MAX_BYTES) {
              message.error(t('adminCatalog.fileTooLarge'));
              return Upload.LIST_IGNORE;
            }
            void f.text().then((text) => check(f.name, text));
            return false;
          }}
        >
          <p className="ant-upload-drag-icon"><InboxOutlined aria-hidden /></p>
          <p className="ant-upload-text">{t('adminCatalog.dropFile')}</p>
          <p className="ant-upload-hint">{file ? t('adminCatalog.fileChosen', { name: file.name }) : t('adminCatalog.dropHint')}</p>
        </Upload.Dragger>
      </Card>

      {run.isPending && <Alert type="info" showIcon title={t('adminCatalog.checking')} />}
      {!!failure && <Alert type="error" showIcon title={errorText(failure, t)} />}

      {problems && (
        <Card size="small" title={<Typography.Text type="danger">{t('adminCatalog.problemsTitle', { n: problems.length })}</Typography.Text>} extra={<Button onClick={reset}>{t('adminCatalog.chooseAnother')}</Button>}>
          <Typography.Paragraph type="secondary">{t('adminCatalog.problemsHint')}</Typography.Paragraph>
          <Table<Problem>
            size="small"
            rowKey={(p) => `${p.row}:${p.code}:${p.message}`}
            dataSource={problems}
            pagination={{ pageSize: 20, showSizeChanger: false }}
            columns={[
              { title: t('adminCatalog.problemRow'), dataIndex: 'row', width: 90, render: (r: number) => (r === 0 ? t('adminCatalog.problemFile') : r) },
              { title: t('adminCatalog.problemCode'), dataIndex: 'code', width: 220, render: (c: string) => <Typography.Text code>{c}</Typography.Text> },
              { title: t('adminCatalog.problemMessage'), dataIndex: 'message' },
            ]}
          />
        </Card>
      )}

      {preview && (
        <Card
          size="small"
          title={t('adminCatalog.previewTitle', { n: preview.rows.length, fresh: newCount, replaced: preview.rows.length - newCount })}
          extra={
            <Flex gap={8}>
              <Button onClick={reset}>{t('common.cancel')}</Button>
              <Popconfirm
                title={t('adminCatalog.importConfirm', { n: preview.rows.length })}
                description={preview.replacesSettings ? t('adminCatalog.importConfirmSettings') : t('adminCatalog.importConfirmKeep')}
                okText={t('adminCatalog.importNow')}
                cancelText={t('common.cancel')}
                onConfirm={commit}
              >
                <Button type="primary" loading={run.isPending}>{t('adminCatalog.importNow')}</Button>
              </Popconfirm>
            </Flex>
          }
        >
          <Alert type={preview.replacesSettings ? 'warning' : 'info'} showIcon style={{ marginBottom: 12 }} title={preview.replacesSettings ? t('adminCatalog.replacesSettings') : t('adminCatalog.keepsSettings')} />
          <Table
            size="small"
            rowKey={(r) => `${r.kind}:${r.code}`}
            dataSource={preview.rows}
            pagination={{ pageSize: 20, showSizeChanger: false, showTotal: (n) => t('adminCatalog.total', { n }) }}
            columns={[
              { title: t('adminCatalog.kind'), dataIndex: 'kind', width: 80, render: (k: string) => t(k === 'component' ? 'adminCatalog.kindComponent' : 'adminCatalog.kindEvent') },
              { title: t('adminCatalog.colCode'), dataIndex: 'code', width: 100, render: (c: string) => <Typography.Text code>{c}</Typography.Text> },
              { title: t('adminCatalog.colName'), dataIndex: 'name' },
              { title: t('adminCatalog.majorName'), dataIndex: 'majorName' },
              {
                title: t('adminCatalog.colLimit'),
                key: 'limit',
                render: (_v, r) => (!preview.replacesSettings && !r.isNew ? <Typography.Text type="secondary">{t('adminCatalog.unchanged')}</Typography.Text> : r.timeLimit == null ? t('adminCatalog.limitDefault') : `${r.timeLimit} ${t(clockUnitKey(r.clockType))}（${t(clockKey(r.clockType))}）`),
              },
              {
                title: t('adminCatalog.previewState'),
                dataIndex: 'isNew',
                width: 100,
                filters: [{ text: t('adminCatalog.rowNew'), value: true }, { text: t('adminCatalog.rowReplace'), value: false }],
                onFilter: (v, r) => r.isNew === v,
                render: (n: boolean) => (n ? <Tag className="gc-tag-ok">{t('adminCatalog.rowNew')}</Tag> : <Tag>{t('adminCatalog.rowReplace')}</Tag>),
              },
            ]}
          />
        </Card>
      )}

      {done && <Result status="success" title={t('adminCatalog.importDone', { n: done.imported })} extra={<Button onClick={reset}>{t('adminCatalog.chooseAnother')}</Button>} />}
      {!file && !done && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('adminCatalog.noFile')} />}
    </Flex>
  );
}
