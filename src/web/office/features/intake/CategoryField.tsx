/**
 * The category: 部件/事件 → major → minor (GET /api/categories, active ones), with a search by name or code
 * across all of them — a receiver types “井盖” and picks from the matching paths.
 */
import { useMemo } from 'react';
import { Alert, Button, Cascader, Tag } from 'antd';
import type { CategoryKind } from '../../../../shared/org.ts';
import { errorText } from '../../../common/components/ApiErrorAlert.tsx';
import { useI18n } from '../../../common/i18n/i18n.tsx';
import { useCategories, type Category } from './api.ts';

interface Option {
  value: string;
  label: string;
  /** What the search matches: the name and the code. */
  keywords: string;
  urgent?: boolean;
  children?: Option[];
}

export type CategoryPath = [CategoryKind, string, string];

function optionsOf(items: Category[], kindLabel: (k: CategoryKind) => string): Option[] {
  const kinds = new Map<CategoryKind, Map<string, Option>>();
  for (const c of items) {
    const majors = kinds.get(c.kind) ?? kinds.set(c.kind, new Map()).get(c.kind)!;
    const major = majors.get(c.majorCode) ?? majors.set(c.majorCode, { value: c.majorCode, label: c.majorName, keywords: `${c.majorName} ${c.majorCode}`, children: [] }).get(c.majorCode)!;
    major.children!.push({ value: c.code, label: c.name, keywords: `${c.name} ${c.code}`, urgent: c.urgency === 'urgent' });
  }
  return (['component', 'event'] as const)
    .filter((k) => kinds.has(k))
    .map((k) => ({ value: k, label: kindLabel(k), keywords: kindLabel(k), children: [...kinds.get(k)!.values()] }));
}

interface Props {
  id?: string;
  value?: CategoryPath;
  onChange?(v: CategoryPath | undefined): void;
  /** The chosen category (its default urgency, its name for the panel). */
  onCategory?(c: Category | undefined): void;
}

export function CategoryField({ id, value, onChange, onCategory }: Props) {
  const { t } = useI18n();
  const categories = useCategories();
  const options = useMemo(
    () => optionsOf(categories.data ?? [], (k) => (k === 'component' ? t('intake.kindComponent') : t('intake.kindEvent'))),
    [categories.data, t],
  );

  if (categories.isError) return <Alert type="error" showIcon title={errorText(categories.error, t)} action={<Button size="small" onClick={() => void categories.refetch()}>{t('common.retry')}</Button>} />;
  return (
    <Cascader<Option>
      id={id}
      aria-label={t('intake.category')}
      loading={categories.isPending}
      options={options}
      value={value}
      placeholder={t('intake.categoryPlaceholder')}
      expandTrigger="hover"
      style={{ width: '100%' }}
      popupMatchSelectWidth={false}
      optionRender={(o) => (
        <span>
          {o.label}
          {o.urgent && <Tag color="red" style={{ marginInlineStart: 6 }}>{t('intake.urgentCategory')}</Tag>}
        </span>
      )}
      showSearch={{
        filter: (input, path) => path.some((o) => o.keywords.toLowerCase().includes(input.trim().toLowerCase())),
        limit: 50,
        render: (_input, path) => path.map((o) => o.label).join(' / '),
      }}
      onChange={(v) => {
        const path = v as unknown as CategoryPath | undefined;
        onChange?.(path && path.length === 3 ? path : undefined);
        onCategory?.(path?.length === 3 ? categories.data?.find((c) => c.kind === path[0] && c.code === path[2]) : undefined);
      }}
    />
  );
}
