/**
 * The roles of an account, offered only in combinations one account may hold (shared/roles.ts ROLE_SETS and
 * roleConflict, the rule the server applies): a role that would break the rule with those already ticked is
 * greyed out, and the line under the group says why. An integration account never gets admin or auditor.
 */
import { Checkbox, Space, Typography } from 'antd';
import { ROLE_LABELS, ROLE_SETS, roleConflict, type Role, type RoleConflict, type RoleSet } from '../../../../shared/roles.ts';
import type { MessageKey } from '../../../common/i18n/catalogue.ts';
import { useI18n } from '../../../common/i18n/i18n.tsx';

const SET_ORDER: readonly RoleSet[] = ['centre', 'handling', 'system', 'audit'];
const SET_LABEL: Record<RoleSet, MessageKey> = {
  centre: 'adminUsers.setCentre',
  handling: 'adminUsers.setHandling',
  system: 'adminUsers.setSystem',
  audit: 'adminUsers.setAudit',
};
export const CONFLICT_TEXT: Record<RoleConflict, MessageKey> = {
  admin: 'adminUsers.conflictAdmin',
  auditor: 'adminUsers.conflictAuditor',
  handling: 'adminUsers.conflictHandling',
  integration: 'adminUsers.conflictIntegration',
};

interface Props {
  value?: Role[];
  onChange?(roles: Role[]): void;
  integration: boolean;
  id?: string;
  'aria-invalid'?: boolean;
}

export function RoleField({ value = [], onChange, integration, id }: Props) {
  const { t, label } = useI18n();
  const why = (r: Role): RoleConflict | null => (value.includes(r) ? null : roleConflict([...value, r], { integration }));
  const blocked = new Map<RoleConflict, Role[]>();
  for (const set of SET_ORDER) {
    for (const r of ROLE_SETS[set]) {
      const c = why(r);
      if (c) blocked.set(c, [...(blocked.get(c) ?? []), r]);
    }
  }
  const toggle = (r: Role, on: boolean) => onChange?.(on ? [...value, r] : value.filter((x) => x !== r));
  return (
    <div id={id} role="group" aria-describedby={blocked.size ? `${id}-why` : undefined}>
      <Space orientation="vertical" size={6} style={{ width: '100%' }}>
        {SET_ORDER.map((set) => (
          <div key={set} className="gc-role-set">
            <Typography.Text type="secondary" className="gc-role-set-label">{t(SET_LABEL[set])}</Typography.Text>
            <Space wrap size={[12, 4]}>
              {ROLE_SETS[set].map((r) => (
                <span key={r} data-role={r}>
                  <Checkbox checked={value.includes(r)} disabled={!!why(r)} onChange={(e) => toggle(r, e.target.checked)}>
                    {label(ROLE_LABELS[r])}
                  </Checkbox>
                </span>
              ))}
            </Space>
          </div>
        ))}
        {blocked.size > 0 && (
          <div id={`${id}-why`} className="gc-role-why" data-testid="roles-why">
            {[...blocked].map(([c, roles]) => (
              <Typography.Text key={c} type="secondary" style={{ display: 'block', fontSize: 12 }}>
                {t('adminUsers.rolesBlocked', { roles: roles.map((r) => label(ROLE_LABELS[r])).join(t('adminUsers.listSep')), reason: t(CONFLICT_TEXT[c]) })}
              </Typography.Text>
            ))}
          </div>
        )}
      </Space>
    </div>
  );
}
