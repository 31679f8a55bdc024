/** The districts whose settings this admin keeps: those their scope covers (a city admin: every one). */
import { useMemo } from 'react';
import { inScope } from '../../../../shared/scope.ts';
import { useAllDivisions } from '../../../common/components/useReference.ts';
import { useMe } from '../../../common/session/session.tsx';

export function useManagedDistricts() {
  const me = useMe();
  const divisions = useAllDivisions();
  const districts = useMemo(
    () => (divisions.data ?? []).filter((d) => d.level === 'district' && inScope(me.scopes, d.code)).sort((a, b) => a.code.localeCompare(b.code)),
    [divisions.data, me.scopes],
  );
  return { districts, query: divisions };
}
