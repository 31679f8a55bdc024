/** Unit types in the interface language: Chinese from src/shared (the domain's words), English from the catalogue. */
import { UNIT_TYPE_LABELS, type UnitType } from '../../../../shared/org.ts';
import type { MessageKey } from '../../../common/i18n/catalogue.ts';
import { useI18n } from '../../../common/i18n/i18n.tsx';

export function useUnitTypeLabel(): (type: UnitType) => string {
  const { t, lang } = useI18n();
  return (type) => (lang === 'zh-CN' ? UNIT_TYPE_LABELS[type] : t(`adminUnits.type_${type}` as MessageKey));
}
