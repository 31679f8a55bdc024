/** 个人设置: who I am and what I may see, the language (kept on the server), stock phrases, the password. */
import { Col, Row, Space } from 'antd';
import { AccountCard } from './AccountCard.tsx';
import { LanguageCard } from './LanguageCard.tsx';
import { StockPhrases } from './StockPhrases.tsx';

export default function SettingsPage() {
  return (
    <Row gutter={[16, 16]} style={{ maxWidth: 1400 }}>
      <Col xs={24} xl={10}>
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <AccountCard />
          <LanguageCard />
        </Space>
      </Col>
      <Col xs={24} xl={14}>
        <StockPhrases />
      </Col>
    </Row>
  );
}
