/** The parts of the printable 案件处理单: plain bordered tables that print the same in every browser. */
import type { ReactNode } from 'react';
import { COLOUR_LABELS, SATISFACTION_LABELS, SOURCE_LABELS, STEP_LABELS, URGENCY_LABELS, type Satisfaction } from '../../../../../shared/api/vocabulary.ts';
import { STATUS_LABELS } from '../../../../../shared/cases/workflow.ts';
import { useI18n } from '../../../../common/i18n/i18n.tsx';
import type { CaseDetail } from '../detail/api.ts';
import { CategoryText, usePlaceNames, useUnitName } from '../detail/CaseFacts.tsx';
import { groupPhotos } from '../detail/CasePhotos.tsx';
import { actorText, eventDetails } from '../detail/CaseTimeline.tsx';
import { elapsedSeconds, formatTime, formatTimeSeconds } from '../detail/format.ts';
import { amountLabel, clockLabel, eventLabel, outcomeLabel, photoRoleLabel } from '../detail/labels.ts';
import { useAssigneeText } from '../detail/StepTable.tsx';
import { formatDuration } from '../../../../common/format/time-left-text.ts';

function Row({ cells }: { cells: [string, ReactNode, string?, ReactNode?] }) {
  const [l1, v1, l2, v2] = cells;
  return (
    <tr>
      <th scope="row">{l1}</th>
      <td colSpan={l2 === undefined ? 3 : 1}>{v1}</td>
      {l2 !== undefined && (
        <>
          <th scope="row">{l2}</th>
          <td>{v2}</td>
        </>
      )}
    </tr>
  );
}

export function PrintFacts({ c }: { c: CaseDetail }) {
  const { t, label } = useI18n();
  const places = usePlaceNames(c);
  const unitName = useUnitName();
  const sep = t('caseDetail.listSep');
  const rating = !c.citizenRating ? '—' : c.citizenRating === 'unreachable' ? t('caseDetail.ratingUnreachable') : label(SATISFACTION_LABELS[c.citizenRating as Satisfaction]) || c.citizenRating;
  return (
    <table className="gc-print-table gc-print-facts">
      <caption>{t('caseDetail.printFacts')}</caption>
      <tbody>
        <Row cells={[t('caseDetail.trackingNo'), c.trackingNo, t('caseDetail.caseNo'), c.caseNo ?? t('caseDetail.notFiled')]} />
        <Row cells={[t('caseDetail.category'), <CategoryText key="c" c={c} />, t('caseDetail.status'), label(STATUS_LABELS[c.status])]} />
        <Row cells={[t('caseDetail.source'), label(SOURCE_LABELS[c.source]), t('caseDetail.urgency'), label(URGENCY_LABELS[c.urgency])]} />
        <Row cells={[t('caseDetail.reportedAt'), formatTime(c.reportedAt), t('caseDetail.filedAt'), formatTime(c.filedAt)]} />
        <Row cells={[t('caseDetail.handlingDue'), formatTime(c.handlingDueAt), t('caseDetail.closedAt'), formatTime(c.closedAt)]} />
        <Row cells={[t('caseDetail.address'), c.location.address || t('caseDetail.noAddress')]} />
        <Row cells={[t('caseDetail.street'), places.street, t('caseDetail.community'), places.community]} />
        <Row cells={[t('caseDetail.grid'), c.location.gridCode, t('caseDetail.coordinates'), `${c.location.lng.toFixed(6)}, ${c.location.lat.toFixed(6)}`]} />
        <Row cells={[t('caseDetail.reporterTitle'), [c.reporterName, c.reporterPhone].filter(Boolean).join(sep) || '—', t('caseDetail.counts'), t('caseDetail.countsValue', { ext: c.extensionCount, rework: c.reworkCount, urge: c.urgeCount })]} />
        <Row cells={[t('caseDetail.leadUnit'), unitName(c.leadUnitId) ?? t('caseDetail.notDispatched'), t('caseDetail.coUnits'), c.coUnitIds.map((u) => unitName(u)).join(sep) || '—']} />
        <Row cells={[t('caseDetail.description'), <span key="d" className="gc-pre">{c.description}</span>]} />
        <Row cells={[t('caseDetail.handlingResult'), <span key="r" className="gc-pre">{c.handlingResult ?? '—'}</span>]} />
        <Row cells={[t('caseDetail.publicReply'), <span key="p" className="gc-pre">{c.publicReply ?? '—'}</span>, t('caseDetail.rating'), rating]} />
      </tbody>
    </table>
  );
}

export function PrintPhotos({ c }: { c: CaseDetail }) {
  const { t } = useI18n();
  const groups = groupPhotos(c.photos);
  return (
    <section className="gc-print-section">
      <h2>{t('caseDetail.printPhotos')}</h2>
      {groups.length === 0 ? (
        <p>{t('caseDetail.photosNone')}</p>
      ) : (
        <div className="gc-print-photos">
          {groups.flatMap((g) =>
            g.items.map((p, i) => (
              <figure key={`${p.role}-${p.id}-${i}`}>
                <img src={p.thumbUrl} alt={t('caseDetail.photoAlt', { role: photoRoleLabel(g.role, t), n: i + 1 })} />
                <figcaption>{t('caseDetail.photoAlt', { role: photoRoleLabel(g.role, t), n: i + 1 })}</figcaption>
              </figure>
            )),
          )}
        </div>
      )}
    </section>
  );
}

export function PrintSteps({ c, now }: { c: CaseDetail; now: number }) {
  const { t, label } = useI18n();
  const assignee = useAssigneeText();
  return (
    <table className="gc-print-table gc-print-grid">
      <caption>{t('caseDetail.printSteps')}</caption>
      <thead>
        <tr>
          {(['colStep', 'colAssignee', 'colLimit', 'colStarted', 'colDue', 'colEnded', 'colElapsed', 'colOutcome', 'colOnTime'] as const).map((k) => (
            <th key={k} scope="col">{t(`caseTimeline.${k}`)}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {c.steps.map((s) => (
          <tr key={s.id}>
            <td>{label(STEP_LABELS[s.step])}</td>
            <td>{assignee(s)}</td>
            <td>{amountLabel(s.limitAmount, s.limitUnit, t)} {clockLabel(s.clockType, t)}</td>
            <td>{formatTime(s.startedAt)}</td>
            <td>{formatTime(s.dueAt)}</td>
            <td>{s.endedAt ? formatTime(s.endedAt) : s.colour ? t('caseTimeline.runningColour', { colour: label(COLOUR_LABELS[s.colour]) }) : t('caseTimeline.running')}</td>
            <td>{formatDuration(elapsedSeconds(s, now), t)}</td>
            <td>{outcomeLabel(s.outcome, t)}</td>
            <td>{s.onTime === null ? '—' : s.onTime ? t('common.yes') : t('common.no')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function PrintTimeline({ c }: { c: CaseDetail }) {
  const i18n = useI18n();
  const { t } = i18n;
  const unitName = useUnitName();
  const events = [...c.timeline].sort((a, b) => a.seq - b.seq);
  return (
    <table className="gc-print-table gc-print-grid">
      <caption>{t('caseDetail.printTimeline')}</caption>
      <thead>
        <tr>
          <th scope="col" style={{ width: '20%' }}>{t('caseTimeline.colTime')}</th>
          <th scope="col" style={{ width: '16%' }}>{t('caseTimeline.colEvent')}</th>
          <th scope="col" style={{ width: '20%' }}>{t('caseTimeline.colActor')}</th>
          <th scope="col">{t('caseTimeline.colDetails')}</th>
        </tr>
      </thead>
      <tbody>
        {events.map((e) => (
          <tr key={e.seq}>
            <td>{formatTimeSeconds(e.at)}</td>
            <td>{eventLabel(e.type, t)}</td>
            <td>{actorText(e, i18n)}</td>
            <td>
              {eventDetails(e, i18n, (id) => unitName(id)).map((d) => (
                <div key={d.key} className="gc-pre">{t('caseDetail.labelColon', { label: d.label })}{d.value}</div>
              ))}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const SIGNERS = ['signDispatcher', 'signReceiver', 'signHandler', 'signChecker', 'signCloser'] as const;

export function PrintSignatures() {
  const { t } = useI18n();
  return (
    <section className="gc-print-section gc-print-signatures">
      <h2>{t('caseDetail.printSignatures')}</h2>
      <div className="gc-print-sign-grid">
        {SIGNERS.map((k) => (
          <div key={k} className="gc-print-sign">
            <div className="gc-print-sign-role">{t(`caseDetail.${k}`)}</div>
            <div className="gc-print-sign-line">{t('caseDetail.signature')}</div>
            <div className="gc-print-sign-line">{t('caseDetail.signDate')}</div>
          </div>
        ))}
      </div>
    </section>
  );
}
