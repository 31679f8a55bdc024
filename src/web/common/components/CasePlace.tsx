/**
 * Where a case is, as the case tables show it: the address (or the community when there is none), and under it
 * the street and, beside an address, the community — names from the division list, codes until it has loaded.
 */
import type { z } from 'zod';
import type { caseSchema } from '../../../shared/api/cases.ts';

type CaseLocation = Pick<z.output<typeof caseSchema>['location'], 'address' | 'communityCode' | 'streetCode'>;

export function CasePlace({ location, names }: { location: CaseLocation; names: ReadonlyMap<string, string> }) {
  const community = names.get(location.communityCode) ?? location.communityCode;
  const main = location.address || community;
  return (
    <div style={{ minWidth: 0 }}>
      <div className="gc-clip" title={main}>{main}</div>
      <span className="gc-sub">{names.get(location.streetCode) ?? location.streetCode}{location.address ? ` · ${community}` : ''}</span>
    </div>
  );
}
