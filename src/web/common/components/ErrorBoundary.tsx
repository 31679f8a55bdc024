import { Component, type ReactNode } from 'react';
import { Button } from 'antd';
import { CloseCircleFilled } from '@ant-design/icons';
import { useI18n } from '../i18n/i18n.tsx';
import { Outcome } from './Outcome.tsx';

function Failed({ error, onRetry }: { error: Error; onRetry(): void }) {
  const { t } = useI18n();
  return (
    <Outcome
      role="alert"
      icon={<CloseCircleFilled style={{ color: '#cf1322' }} />}
      title={t('common.errorTitle')}
      subTitle={t('common.errorBody', { requestId: (error as { requestId?: string }).requestId ?? '—' })}
      extra={<Button type="primary" onClick={onRetry}>{t('common.retry')}</Button>}
    />
  );
}

/** A screen that throws shows a way out instead of a blank page; navigating elsewhere resets it. */
export class ErrorBoundary extends Component<{ children: ReactNode; resetKey?: string }, { error: Error | null; key?: string }> {
  override state: { error: Error | null; key?: string } = { error: null, key: this.props.resetKey };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  static getDerivedStateFromProps(props: { resetKey?: string }, state: { error: Error | null; key?: string }) {
    return props.resetKey !== state.key ? { error: null, key: props.resetKey } : null;
  }
  override render() {
    if (this.state.error) return <Failed error={this.state.error} onRetry={() => this.setState({ error: null })} />;
    return this.props.children;
  }
}
