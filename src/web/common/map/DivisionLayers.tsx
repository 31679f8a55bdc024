/** The district outline, its streets and communities, with their names (one label point per polygon). */
import { useEffect } from 'react';
import { useMapHandle } from './BaseMap.tsx';
import { labelPoints } from './labels.ts';
import { useDivisionFeatures } from './map-api.ts';

export function DivisionLayers({ communities = true }: { communities?: boolean }) {
  const { setData } = useMapHandle();
  const district = useDivisionFeatures('district');
  const streets = useDivisionFeatures('street');
  const comms = useDivisionFeatures('community', communities);

  useEffect(() => {
    if (district.data) setData('district', district.data);
  }, [district.data, setData]);
  useEffect(() => {
    if (!streets.data) return;
    setData('streets', streets.data);
    setData('streetLabels', labelPoints(streets.data));
  }, [streets.data, setData]);
  useEffect(() => {
    if (!comms.data) return;
    setData('communities', comms.data);
    setData('communityLabels', labelPoints(comms.data));
  }, [comms.data, setData]);
  return null;
}
