/**
 * 来电登记 — the receiver's screen for a hotline call: the form on the left, the open cases of the same
 * problem nearby on the right. Saving registers the call (POST /api/cases); “是同一问题” registers it and
 * merges it into the known case at once (POST /api/cases/{new}/merge: the caller then follows the original),
 * one action for the receiver. What was typed stays until the call is saved — through a failed save or a
 * look at another screen — and each save intent sends one Idempotency-Key, so a double click is one case.
 */
import { useState } from 'react';
import { App, Col, Form, Row } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../../../common/api/client.ts';
import { errorText } from '../../../common/components/ApiErrorAlert.tsx';
import { useI18n } from '../../../common/i18n/i18n.tsx';
import { invalidateCase } from '../../../common/live/live.tsx';
import { useMe } from '../../../common/session/session.tsx';
import { mergeCase, reportCase, type Point } from './api.ts';
import type { Candidate } from './DuplicateList.tsx';
import { DuplicatesPanel } from './DuplicatesPanel.tsx';
import { bodyOf, formFieldErrors, INITIAL_VALUES, type IntakeValues } from './intake-form.ts';
import { IntakeForm } from './IntakeForm.tsx';
import { IntakeResult, type Outcome } from './IntakeResult.tsx';
import { MapCard } from './MapCard.tsx';
import { useIntentKeys } from './intents.ts';
import { ReasonModal } from './ReasonModal.tsx';

/** Drafts by user, kept for the life of the tab only in memory: a look at another screen loses nothing. */
const drafts = new Map<number, IntakeValues>();

export default function IntakePage() {
  const { t } = useI18n();
  const me = useMe();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<IntakeValues>();
  const { keyFor, forget } = useIntentKeys();
  const [values, setValues] = useState<IntakeValues>(() => drafts.get(me.id) ?? INITIAL_VALUES);
  const [busy, setBusy] = useState<'save' | number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [asking, setAsking] = useState<Candidate | null>(null);

  const remember = (all: IntakeValues) => {
    drafts.set(me.id, all);
    setValues(all);
  };

  const save = async (target?: Candidate, reason?: string) => {
    if (busy !== null) return;
    let v: IntakeValues;
    try {
      v = await form.validateFields();
    } catch {
      return; // the fields say what is missing
    }
    const body = bodyOf({ ...values, ...v })!;
    setBusy(target ? target.id : 'save');
    setError(null);
    try {
      const reported = await reportCase(body, keyFor(['report', body]));
      invalidateCase(qc, reported.id);
      drafts.delete(me.id);
      if (!target) {
        setOutcome({ reported, current: reported });
        message.success(t('intake.savedToast', { no: reported.trackingNo }));
        return;
      }
      try {
        const merged = await mergeCase(reported.id, reported.version, target.id, reason, keyFor(['merge', reported.id, target.id, reason ?? null]));
        invalidateCase(qc, target.id);
        setOutcome({ reported, current: merged, mergedInto: { id: target.id, trackingNo: target.trackingNo } });
        message.success(t('intake.mergedInto', { no: target.trackingNo }));
      } catch (mergeError) {
        // The call is registered either way: the result screen says so and offers the merge again.
        setOutcome({ reported, current: reported, mergeError: { error: mergeError, target } });
      }
    } catch (err) {
      setError(err);
      if (err instanceof ApiError && err.fields) form.setFields(formFieldErrors(err.fields));
      message.error(errorText(err, t));
    } finally {
      setBusy(null);
    }
  };

  // A click on the map: the form's place (no name: the box empties, the located grid shows where it is).
  const pick = (point: Point) => {
    form.setFieldValue('place', { point });
    void form.validateFields(['place']).catch(() => {});
    remember(form.getFieldsValue(true) as IntakeValues);
  };

  const next = () => {
    forget();
    drafts.delete(me.id);
    setOutcome(null);
    setError(null);
    setValues(INITIAL_VALUES);
    form.resetFields();
  };

  if (outcome) return <IntakeResult outcome={outcome} onChange={setOutcome} onNext={next} keyFor={keyFor} />;

  return (
    <Row gutter={16} align="top">
      <Col xs={24} xl={14} xxl={15}>
        <IntakeForm
          form={form}
          initialValues={values}
          onValuesChange={remember}
          onSave={() => void save()}
          onClear={next}
          saving={busy === 'save'}
          locked={typeof busy === 'number'}
          error={error}
        />
      </Col>
      <Col xs={24} xl={10} xxl={9}>
        <MapCard value={values.place?.point} onChange={pick} />
        <DuplicatesPanel
          point={values.place?.point}
          category={values.category}
          busyId={typeof busy === 'number' ? busy : null}
          disabled={busy !== null}
          onSame={(c) => (c.needsReason ? setAsking(c) : void save(c))}
        />
      </Col>
      <ReasonModal
        open={asking !== null}
        trackingNo={asking?.trackingNo}
        why={asking ? t('intake.reasonWhyFar', { m: Math.round(asking.distanceM) }) : undefined}
        onCancel={() => setAsking(null)}
        onSubmit={(reason) => {
          const c = asking!;
          setAsking(null);
          void save(c, reason);
        }}
      />
    </Row>
  );
}
