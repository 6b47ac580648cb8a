import { AuditOutlined, SafetyCertificateOutlined, TeamOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Flex, Row, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useMe } from '../session/session.js';

/** A storefront placeholder: goods arrive in a later release, so for now it states what Kameng promises. */
export function HomePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useMe().data;

  const promises: Array<{ key: string; icon: ReactNode; title: string; body: string }> = [
    {
      key: 'escrow',
      icon: <SafetyCertificateOutlined />,
      title: t('home.escrowTitle'),
      body: t('home.escrowBody'),
    },
    { key: 'ledger', icon: <AuditOutlined />, title: t('home.ledgerTitle'), body: t('home.ledgerBody') },
    {
      key: 'membership',
      icon: <TeamOutlined />,
      title: t('home.membershipTitle'),
      body: t('home.membershipBody'),
    },
  ];

  return (
    <Flex vertical gap="large">
      <section className="hero">
        <Typography.Title level={1} className="hero-title" data-testid="home-title">
          {t('home.title')}
        </Typography.Title>
        <Typography.Paragraph className="hero-subtitle">{t('home.subtitle')}</Typography.Paragraph>
      </section>
      <Row gutter={[16, 16]}>
        {promises.map(({ key, icon, title, body }) => (
          <Col xs={24} md={8} key={key}>
            <Card className="promise-card" data-testid={`promise-${key}`}>
              <div className="promise-icon">{icon}</div>
              <Typography.Title level={4}>{title}</Typography.Title>
              <Typography.Paragraph type="secondary">{body}</Typography.Paragraph>
            </Card>
          </Col>
        ))}
      </Row>
      <Alert type="info" showIcon title={t('home.comingSoon')} />
      <Flex justify="center">
        {me ? (
          <Button type="primary" size="large" onClick={() => void navigate('/account')}>
            {t('home.ctaAccount')}
          </Button>
        ) : (
          <Button
            type="primary"
            size="large"
            onClick={() => void navigate('/register')}
            data-testid="home-register"
          >
            {t('home.ctaRegister')}
          </Button>
        )}
      </Flex>
    </Flex>
  );
}
