/**
 * A big icon, a title, a line and the way on — laid out like antd's Result, without it: Result carries its
 * 403/404/500 pictures (≈ 10 KB gzipped) into every screen that imports it, the first one included.
 */
import type { ReactNode } from 'react';
import { Flex, Typography } from 'antd';

export function Outcome({ icon, title, subTitle, extra, role }: { icon: ReactNode; title: ReactNode; subTitle?: ReactNode; extra?: ReactNode; role?: 'alert' | 'status' }) {
  return (
    <Flex vertical align="center" gap={12} style={{ padding: '48px 32px', textAlign: 'center' }} role={role}>
      <span aria-hidden style={{ fontSize: 72, lineHeight: 1 }}>{icon}</span>
      <Typography.Title level={3} style={{ margin: 0, fontWeight: 500 }}>{title}</Typography.Title>
      {subTitle && <Typography.Text type="secondary">{subTitle}</Typography.Text>}
      {extra}
    </Flex>
  );
}
